// Timer: a cancellable, re-armable wake-up owned by an engine object.
//
// Events in the kernel's queue point at a Timer and carry the generation it had when armed. Re-arming or
// cancelling bumps the generation, so an older queued event is recognised as stale and skipped when it comes
// up (lazy deletion): no search through the heap, no allocation per event.
#pragma once

#include <cstdint>

#include "sim/core/time.hpp"

namespace gilsim {

/// TimerOwner is told when one of its timers fires; `tag` says which.
class TimerOwner {
 public:
  virtual void on_timer(std::uint32_t tag) = 0;

 protected:
  ~TimerOwner() = default;
};

/// Timer is one wake-up slot of an owner; at most one firing is pending at a time.
class Timer {
 public:
  Timer() = default;
  Timer(TimerOwner* owner, std::uint32_t tag) : owner_(owner), tag_(tag) {}
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  /// armed is true while a firing is pending.
  bool armed() const { return armed_; }
  /// due is when the pending firing happens (meaningful only while armed).
  Time due() const { return due_; }
  /// cancel forgets the pending firing, if any.
  void cancel() {
    armed_ = false;
    ++generation_;
  }

 private:
  friend class Kernel;
  TimerOwner* owner_ = nullptr;
  std::uint32_t tag_ = 0;
  std::uint32_t generation_ = 0;
  bool armed_ = false;
  Time due_ = 0;
};

}  // namespace gilsim
