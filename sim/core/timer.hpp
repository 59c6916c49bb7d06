// Timer: a cancellable, re-armable wake-up owned by an engine object.
//
// A timer sits in its kernel's queue at most once (the queue is an indexed heap: each timer knows its
// place), so re-arming it earlier or later, or cancelling it, moves or removes its one entry. Nothing stale
// piles up: a thread re-arms its computation timer every time its work is interrupted, and an entry left
// at the work's old end would otherwise sit in the queue for the rest of the run.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/core/time.hpp"

namespace gilsim {

class Kernel;

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
  /// ~Timer takes a pending firing out of the queue.
  ~Timer() { cancel(); }

  /// armed is true while a firing is pending.
  bool armed() const { return index_ != kNotQueued; }
  /// due is when the pending firing happens (meaningful only while armed).
  Time due() const { return due_; }
  /// cancel forgets the pending firing, if any.
  void cancel();

 private:
  friend class Kernel;
  static constexpr std::size_t kNotQueued = SIZE_MAX;
  TimerOwner* owner_ = nullptr;
  std::uint32_t tag_ = 0;
  Kernel* kernel_ = nullptr;
  std::size_t index_ = kNotQueued;  ///< its place in the kernel's heap
  Time due_ = 0;
  std::uint64_t seq_ = 0;  ///< when it was armed: breaks ties between equal due times
};

}  // namespace gilsim
