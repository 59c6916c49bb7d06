// GilHost: what a GIL policy needs from the engine around it.
//
// The policy decides; the host keeps time and moves threads. A virtual engine implements the host with its
// discrete-event kernel; a unit test implements it with a hand-driven kernel.
#pragma once

#include <cstdint>

#include "sim/core/time.hpp"
#include "sim/core/timer.hpp"

namespace gilsim {

class GilHost {
 public:
  /// now is the current time.
  virtual Time now() const = 0;
  /// cursor is the key of the firing being handled (every key after it is still to come).
  virtual FiringKey cursor() const = 0;
  /// new_rank hands out the rank of a new timed wait (its timeouts are periodic firings,
  /// Tier::PeriodicFirst).
  virtual std::uint64_t new_rank() = 0;
  /// time_out_waiter_at asks for on_waiter_wakes(thread) at `at` as a timeout of rank `rank`; any other
  /// pending wake-up of that thread is replaced.
  virtual void time_out_waiter_at(int thread, Time at, std::uint64_t rank) = 0;
  /// wake_waiter_at asks for on_waiter_wakes(thread) at `at` as a one-shot wake-up (a signal), replacing
  /// any pending one.
  virtual void wake_waiter_at(int thread, Time at) = 0;
  /// cancel_waiter_wake forgets `thread`'s pending wake-up.
  virtual void cancel_waiter_wake(int thread) = 0;
  /// granted tells that `thread` now holds the GIL after waiting for it.
  virtual void granted(int thread) = 0;
  /// drop_requested tells the holder to drop the GIL at its next eval-breaker check.
  virtual void drop_requested(int holder, int requester) = 0;
  /// switched tells a thread that dropped on request that another thread has taken the GIL since.
  virtual void switched(int thread) = 0;
  /// acquired and released report every change of holder, for the trace.
  virtual void acquired(int thread, bool handoff) = 0;
  virtual void released(int thread, bool forced) = 0;
  /// pick returns a number in [0, n) from the run's seeded generator.
  virtual std::uint64_t pick(std::uint64_t n) = 0;

 protected:
  ~GilHost() = default;
};

}  // namespace gilsim
