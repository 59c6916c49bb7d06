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

/// PrimeNaps lists the points where the book's napping variant of is_prime awaits asyncio.sleep(0): after
/// its j-th iteration, when that iteration's divisor i (= 2j + 1) satisfies i % nap_every == 1 and the
/// check goes on (a divisor returns before the nap).
class PrimeNaps {
 public:
  PrimeNaps(const PrimeCheck& check, std::uint64_t nap_every) : check_(check), nap_every_(nap_every) {}

  /// next puts the next point in `j`; false when there is none left.
  bool next(std::uint64_t& j) {
    if (nap_every_ < 2) return false;  // i % 1 is never 1
    for (;;) {
      const std::uint64_t i = ++k_ * nap_every_ + 1;
      j = (i - 1) / 2;
      if (j > check_.iterations || (j == check_.iterations && !check_.prime)) return false;
      if (i % 2 == 1 && i >= 3) return true;
    }
  }

 private:
  PrimeCheck check_;
  std::uint64_t nap_every_;
  std::uint64_t k_ = 0;
};

}  // namespace gilsim
