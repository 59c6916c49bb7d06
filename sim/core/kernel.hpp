// Kernel: the discrete-event core of the virtual engine.
//
// It owns the clock and a queue of timer firings ordered by (time, sequence): two firings due at the same
// instant fire in the order they were armed, which makes every run repeatable. Work that must happen "now"
// but outside the current call (resuming a fiber) goes through the engine's ready list, drained before the
// clock moves on. The queue is a binary heap of timers that know their index, so a timer is re-armed or
// cancelled in place.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/core/timer.hpp"

namespace gilsim {

class Kernel {
 public:
  Kernel() = default;
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;
  /// ~Kernel detaches the timers still queued.
  ~Kernel();

  /// now is the current virtual time.
  Time now() const { return now_; }
  /// arm (re)schedules a timer to fire at `at` (not before now).
  void arm(Timer& timer, Time at);
  /// arm_in schedules a timer `delay` from now.
  void arm_in(Timer& timer, Time delay) { arm(timer, now_ + delay); }
  /// advance_to moves the clock forward to `at`, which must not pass the next queued firing.
  void advance_to(Time at) { now_ = at < next_due() ? at : next_due(); }
  /// cancel takes a timer out of the queue.
  void cancel(Timer& timer);
  /// fire_next fires the earliest timer, advancing the clock; false when none is left or the next is past
  /// `limit` (the clock then stays where it is).
  bool fire_next(Time limit);
  /// pending is true while a timer is queued.
  bool pending() const { return !heap_.empty(); }
  /// next_due is the time of the earliest queued firing (kNever when none).
  Time next_due() const { return heap_.empty() ? kNever : heap_.front()->due_; }
  /// fired counts firings so far.
  std::uint64_t fired() const { return fired_; }
  /// queued is the number of timers queued.
  std::size_t queued() const { return heap_.size(); }

 private:
  static bool earlier(const Timer* a, const Timer* b) {
    return a->due_ != b->due_ ? a->due_ < b->due_ : a->seq_ < b->seq_;
  }
  void place(std::size_t i, Timer* t) {
    heap_[i] = t;
    t->index_ = i;
  }
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void remove_at(std::size_t i);

  Time now_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t fired_ = 0;
  std::vector<Timer*> heap_;
};

}  // namespace gilsim
