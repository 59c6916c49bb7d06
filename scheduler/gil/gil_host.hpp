// GilHost: what a GIL policy needs from the engine around it.
//
// The policy decides; the host keeps time and moves threads. A virtual engine implements the host with its
// discrete-event kernel; a unit test implements it with a hand-driven clock.
#pragma once

#include <cstdint>

#include "sim/core/time.hpp"

namespace gilsim {

class GilHost {
 public:
  /// now is the current time.
  virtual Time now() const = 0;
  /// wake_waiter_at asks for on_waiter_wakes(thread) at `at`; a later call for the same thread replaces it.
  virtual void wake_waiter_at(int thread, Time at) = 0;
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
