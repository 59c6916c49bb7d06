// Cost models for the work that simulated Python tasks perform.
//
// The simulator never runs the book's CPU-bound work for real: it asks this module how many loop
// iterations the work would take and multiplies by a calibrated per-iteration cost
// (see docs/calibration.md).
#pragma once

#include <cstdint>

namespace gilsim {

/// PrimeCheck is the outcome of the book's trial-division primality check for n.
struct PrimeCheck {
  bool prime = false;
  std::uint64_t iterations = 0;  ///< loop iterations the trial division runs before it answers
};

/// check_prime answers is_prime(n) exactly as the book's trial division would (n < 2 → false, 2 → true,
/// even → false, then odd i in [3, isqrt(n)] until a divisor), but computed fast (deterministic
/// Miller–Rabin for 64-bit, Pollard's rho to find the smallest odd prime factor of composites), so that
/// checking 9999999999999917 costs microseconds, not seconds. iterations = number of odd i tried,
/// including the one that divides.
PrimeCheck check_prime(std::int64_t n);  // remembered per thread: sweeps check the same numbers

/// isqrt is the exact integer square root (floor) of a non-negative 64-bit value.
std::uint64_t isqrt(std::uint64_t n);

/// for_each_prime_nap calls `nap(j)` for each point where the book's napping variant of is_prime awaits
/// asyncio.sleep(0): after its j-th iteration, when that iteration's divisor i (= 2j + 1) satisfies
/// i % nap_every == 1 and the check goes on (a divisor returns before the nap).
template <typename Nap>
void for_each_prime_nap(const PrimeCheck& check, std::uint64_t nap_every, Nap nap) {
  if (nap_every < 2) return;  // i % 1 is never 1
  for (std::uint64_t k = 1;; ++k) {
    const std::uint64_t i = k * nap_every + 1;
    const std::uint64_t j = (i - 1) / 2;
    if (j > check.iterations || (j == check.iterations && !check.prime)) return;
    if (i % 2 == 1 && i >= 3) nap(j);
  }
}

}  // namespace gilsim
