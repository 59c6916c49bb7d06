#include "sim/runtime/cost_models.hpp"

#include <unordered_map>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <numeric>

namespace gilsim {
namespace {

using u64 = std::uint64_t;
// __extension__ keeps -Wpedantic quiet: the 128-bit type is a GCC/Clang extension, used for mulmod.
__extension__ typedef unsigned __int128 u128;

/// kTrialLimit is the bound below which odd factors are found by plain trial division; Pollard's rho
/// only ever sees numbers whose prime factors are all above it.
constexpr u64 kTrialLimit = 1000;

/// mul_mod returns a * b mod m without overflow.
u64 mul_mod(u64 a, u64 b, u64 m) {
  return static_cast<u64>(static_cast<u128>(a) * b % m);
}

/// add_mod returns a + b mod m for a, b < m without overflow.
u64 add_mod(u64 a, u64 b, u64 m) {
  return a >= m - b ? a - (m - b) : a + b;
}

/// pow_mod returns base^exp mod m by square-and-multiply.
u64 pow_mod(u64 base, u64 exp, u64 m) {
  u64 result = 1 % m;
  base %= m;
  for (; exp > 0; exp >>= 1) {
    if (exp & 1) result = mul_mod(result, base, m);
    base = mul_mod(base, base, m);
  }
  return result;
}

/// is_strong_probable_prime runs one Miller–Rabin round for odd n = d * 2^s + 1 with base a.
bool is_strong_probable_prime(u64 n, u64 d, int s, u64 a) {
  u64 x = pow_mod(a, d, n);
  if (x == 1 || x == n - 1) return true;
  for (int r = 1; r < s; ++r) {
    x = mul_mod(x, x, n);
    if (x == n - 1) return true;
  }
  return false;
}

/// is_prime_u64 is a deterministic primality test: the first 12 prime bases are a proven witness set
/// for every n < 3.3e24, which covers all 64-bit values.
bool is_prime_u64(u64 n) {
  static constexpr u64 kBases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  if (n < 2) return false;
  for (u64 p : kBases) {
    if (n % p == 0) return n == p;
  }
  u64 d = n - 1;
  int s = 0;
  for (; (d & 1) == 0; d >>= 1) ++s;
  return std::all_of(std::begin(kBases), std::end(kBases),
                     [&](u64 a) { return is_strong_probable_prime(n, d, s, a); });
}

/// abs_diff returns |a - b| for unsigned values.
u64 abs_diff(u64 a, u64 b) {
  return a > b ? a - b : b - a;
}

/// pollard_brent looks for a factor of odd composite n with f(x) = x^2 + c (Brent's variant, gcds
/// batched over 128 steps); it returns n when this c fails, and the caller tries another c.
u64 pollard_brent(u64 n, u64 c) {
  constexpr u64 kBatch = 128;
  auto f = [&](u64 v) { return add_mod(mul_mod(v, v, n), c, n); };
  u64 y = 2, x = 2, saved = 2, q = 1, g = 1;
  for (u64 r = 1; g == 1; r <<= 1) {
    x = y;
    for (u64 i = 0; i < r; ++i) y = f(y);
    for (u64 k = 0; k < r && g == 1; k += kBatch) {
      saved = y;
      for (u64 i = 0; i < std::min(kBatch, r - k); ++i) {
        y = f(y);
        q = mul_mod(q, abs_diff(x, y), n);
      }
      g = std::gcd(q, n);
    }
  }
  // The batched product overshot to 0 mod n: replay the last batch one step at a time.
  if (g == n) {
    do {
      saved = f(saved);
      g = std::gcd(abs_diff(x, saved), n);
    } while (g == 1);
  }
  return g;
}

/// find_factor returns a non-trivial factor of odd composite n; the seeds c = 1, 2, ... are fixed so
/// the search (and its cost) is deterministic.
u64 find_factor(u64 n) {
  for (u64 c = 1;; ++c) {
    u64 d = pollard_brent(n, c);
    if (d != n) return d;
  }
}

/// smallest_large_factor returns the smallest prime factor of n > 1, whose prime factors all exceed
/// kTrialLimit, by splitting it until only primes remain.
u64 smallest_large_factor(u64 n) {
  if (is_prime_u64(n)) return n;
  u64 d = find_factor(n);
  return std::min(smallest_large_factor(d), smallest_large_factor(n / d));
}

/// smallest_odd_factor returns the smallest prime factor of odd n > 1: tiny factors by trial division,
/// which is also what keeps Pollard's rho away from numbers it handles badly.
u64 smallest_odd_factor(u64 n) {
  for (u64 i = 3; i < kTrialLimit && i * i <= n; i += 2) {
    if (n % i == 0) return i;
  }
  return smallest_large_factor(n);
}

/// odd_candidates_up_to counts the odd i in [3, limit], i.e. the iterations of a loop that finds nothing.
u64 odd_candidates_up_to(u64 limit) {
  return limit >= 3 ? (limit - 3) / 2 + 1 : 0;
}

}  // namespace

std::uint64_t isqrt(std::uint64_t n) {
  // Start from the floating-point root (off by at most a few units for 64-bit n), clamp it so that
  // r * r cannot overflow, then correct it with exact division-based comparisons.
  u64 r = std::min<u64>(static_cast<u64>(std::sqrt(static_cast<double>(n))), 0xFFFFFFFFull);
  while (r > 0 && r > n / r) --r;
  while (r + 1 <= 0xFFFFFFFFull && (r + 1) * (r + 1) <= n) ++r;
  return r;
}

namespace {

PrimeCheck compute_check(std::int64_t n) {
  if (n < 2) return {false, 0};
  const u64 value = static_cast<u64>(n);
  if (value == 2) return {true, 0};
  if (value % 2 == 0) return {false, 0};
  const u64 p = smallest_odd_factor(value);
  if (p == value) return {true, odd_candidates_up_to(isqrt(value))};
  // The loop stops at i == p, having tried every odd i from 3 up to and including p.
  return {false, (p - 3) / 2 + 1};
}

}  // namespace

// A sweep checks the same numbers in every run, and factoring a 16-digit composite costs microseconds of
// 128-bit arithmetic: answers are remembered per thread (a pure function's memo: nothing else changes).
PrimeCheck check_prime(std::int64_t n) {
  constexpr std::size_t kRemembered = 4096;  // bounded: a scenario may check millions of numbers
  thread_local std::unordered_map<std::int64_t, PrimeCheck> memo;
  if (const auto it = memo.find(n); it != memo.end()) return it->second;
  if (memo.size() >= kRemembered) memo.clear();
  return memo.emplace(n, compute_check(n)).first->second;
}

}  // namespace gilsim
