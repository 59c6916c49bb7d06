#include "sim/runtime/cost_models.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace gilsim {
namespace {

/// book_trial_division runs the book's loop literally; it is the reference check_prime must match.
PrimeCheck book_trial_division(std::int64_t n) {
  if (n < 2) return {false, 0};
  if (n == 2) return {true, 0};
  if (n % 2 == 0) return {false, 0};
  PrimeCheck result{true, 0};
  const std::uint64_t root = isqrt(static_cast<std::uint64_t>(n));
  for (std::uint64_t i = 3; i <= root; i += 2) {
    ++result.iterations;
    if (static_cast<std::uint64_t>(n) % i == 0) return {false, result.iterations};
  }
  return result;
}

/// iterations_for_factor is the loop count when the first divisor found is the odd prime p.
std::uint64_t iterations_for_factor(std::uint64_t p) {
  return (p - 3) / 2 + 1;
}

/// iterations_for_prime is the loop count for an odd prime n: every odd i in [3, isqrt(n)].
std::uint64_t iterations_for_prime(std::uint64_t n) {
  const std::uint64_t root = isqrt(n);
  return root >= 3 ? (root - 3) / 2 + 1 : 0;
}

/// BookCase is one entry of the book's list of numbers to check.
struct BookCase {
  std::int64_t n;
  bool prime;
};

TEST(CostModels, BookListAnswers) {
  const std::vector<BookCase> cases = {
      {2, true},
      {142702110479723, true},
      {299593572317531, true},
      {3333333333333301, true},
      {3333333333333333, false},
      {3333335652092209, false},
      {4444444444444423, true},
      {4444444444444444, false},
      {4444444488888889, false},
      {5555553133149889, false},
      {5555555555555503, true},
      {5555555555555555, false},
      {6666666666666666, false},
      {6666666666666719, true},
      {6666667141414921, false},
      {7777777536340681, false},
      {7777777777777753, true},
      {7777777777777777, false},
      {9999999999999917, true},
      {9999999999999999, false},
      {5000111000222021, true},
  };
  for (const BookCase& c : cases) {
    EXPECT_EQ(check_prime(c.n).prime, c.prime) << c.n;
  }
}

TEST(CostModels, BookPrimesRunTheWholeLoop) {
  for (std::int64_t n :
       {142702110479723LL, 299593572317531LL, 3333333333333301LL, 4444444444444423LL, 5555555555555503LL,
        6666666666666719LL, 7777777777777753LL, 9999999999999917LL, 5000111000222021LL}) {
    EXPECT_EQ(check_prime(n).iterations, iterations_for_prime(n)) << n;
  }
  // isqrt(9999999999999917) = 99999999, so the loop tries 3, 5, ..., 99999999.
  EXPECT_EQ(check_prime(9999999999999917).iterations, 49999999u);
  EXPECT_EQ(check_prime(2).iterations, 0u);
}

/// FactorCase is a composite with its smallest prime factor, factored offline with a Python script.
struct FactorCase {
  std::int64_t n;
  std::uint64_t smallest_factor;
};

TEST(CostModels, CompositesStopAtTheirSmallestFactor) {
  const std::vector<FactorCase> cases = {
      {3333335652092209, 57735047},       // 57735047^2
      {4444444488888889, 66666667},       // 66666667^2
      {5555553133149889, 74535583},       // 74535583^2
      {6666667141414921, 81649661},       // 81649661^2
      {7777777536340681, 88191709},       // 88191709^2
      {3333333333333333, 3},              // 3 * 11 * 17 * 73 * 101 * 137 * 5882353
      {5555555555555555, 5},              // 5 * 11 * 17 * 73 * 101 * 137 * 5882353
      {7777777777777777, 7},              // 7 * 11 * 17 * 73 * 101 * 137 * 5882353
      {9999999999999999, 3},              // 3^2 * 11 * 17 * 73 * 101 * 137 * 5882353
      {998244359987710471, 998244353},    // 998244353 * 1000000007
      {9223371994482243049, 3037000493},  // 3037000493^2, the largest odd prime square below 2^63
      {9223371873002223329, 3037000453},  // 3037000453 * 3037000493
      {9223372036854775807, 7},           // 2^63 - 1 = 7^2 * 73 * 127 * 337 * 92737 * 649657
      {1027243729, 1009},                 // 1009^3
  };
  for (const FactorCase& c : cases) {
    const PrimeCheck result = check_prime(c.n);
    EXPECT_FALSE(result.prime) << c.n;
    EXPECT_EQ(result.iterations, iterations_for_factor(c.smallest_factor)) << c.n;
  }
}

TEST(CostModels, EvenAndSmallNumbersCostNothing) {
  EXPECT_EQ(check_prime(4444444444444444).iterations, 0u);
  EXPECT_EQ(check_prime(6666666666666666).iterations, 0u);
  const std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  for (std::int64_t n :
       {kMin, std::int64_t{-7}, std::int64_t{-2}, std::int64_t{-1}, std::int64_t{0}, std::int64_t{1}}) {
    const PrimeCheck result = check_prime(n);
    EXPECT_FALSE(result.prime) << n;
    EXPECT_EQ(result.iterations, 0u) << n;
  }
  // 3, 5 and 7 are prime with isqrt < 3, so the loop body never runs; 9 is caught at i = 3.
  EXPECT_EQ(check_prime(3).iterations, 0u);
  EXPECT_EQ(check_prime(7).iterations, 0u);
  EXPECT_EQ(check_prime(9).iterations, 1u);
}

TEST(CostModels, LargestPrimeBelow2To63) {
  const PrimeCheck result = check_prime(9223372036854775783);
  EXPECT_TRUE(result.prime);
  EXPECT_EQ(result.iterations, (3037000499u - 3) / 2 + 1);
}

TEST(CostModels, MatchesBruteForceBelow20000) {
  for (std::int64_t n = -3; n < 20000; ++n) {
    const PrimeCheck expected = book_trial_division(n);
    const PrimeCheck actual = check_prime(n);
    ASSERT_EQ(actual.prime, expected.prime) << n;
    ASSERT_EQ(actual.iterations, expected.iterations) << n;
  }
}

/// next_odd_prime returns the smallest odd prime >= n, found with the reference loop.
std::uint64_t next_odd_prime(std::uint64_t n) {
  for (n |= 1;; n += 2) {
    if (book_trial_division(static_cast<std::int64_t>(n)).prime) return n;
  }
}

TEST(CostModels, MatchesBruteForceOnProductsOfLargePrimes) {
  // Products of two or three primes in [1000, 40000) have no factor below the trial-division limit, so
  // they exercise Pollard's rho while staying cheap for the literal loop. A fixed LCG keeps them
  // reproducible.
  std::uint64_t state = 12345;
  auto next_prime = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return next_odd_prime(1000 + (state >> 33) % 39000);
  };
  for (int k = 0; k < 300; ++k) {
    std::uint64_t n = next_prime() * next_prime();
    if (k % 3 == 0) n *= next_prime();
    const PrimeCheck expected = book_trial_division(static_cast<std::int64_t>(n));
    const PrimeCheck actual = check_prime(static_cast<std::int64_t>(n));
    ASSERT_FALSE(actual.prime) << n;
    ASSERT_EQ(actual.iterations, expected.iterations) << n;
  }
}

TEST(CostModels, IsqrtEdgeCases) {
  EXPECT_EQ(isqrt(0), 0u);
  EXPECT_EQ(isqrt(1), 1u);
  EXPECT_EQ(isqrt(2), 1u);
  EXPECT_EQ(isqrt(3), 1u);
  EXPECT_EQ(isqrt(4), 2u);
  EXPECT_EQ(isqrt(static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())), 3037000499u);
  EXPECT_EQ(isqrt(std::numeric_limits<std::uint64_t>::max()), 4294967295u);
}

TEST(CostModels, IsqrtAroundPerfectSquares) {
  // Large roots are where a double-precision sqrt rounds the wrong way.
  for (std::uint64_t r : {2ull, 3ull, 1000ull, 94906265ull, 99999999ull, 3037000499ull, 4294967295ull}) {
    EXPECT_EQ(isqrt(r * r), r) << r;
    EXPECT_EQ(isqrt(r * r - 1), r - 1) << r;
    if (r < 4294967295ull) {
      EXPECT_EQ(isqrt(r * r + 2 * r), r) << r;  // (r + 1)^2 - 1
    }
  }
}

}  // namespace
}  // namespace gilsim
