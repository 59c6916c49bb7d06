// Kernel: the discrete-event core of the virtual engine.
//
// It owns the clock and a queue of timer firings in one total order (FiringKey: time, tier, rank): one-shot
// timers due at the same instant fire in the order they were armed, periodic ones by their fixed rank,
// which makes every run repeatable. Work that must happen "now" but outside the current call (resuming a
// fiber) goes through the engine's ready list, drained before the clock moves on. The queue is a binary
// heap of timers that know their index, so a timer is re-armed or cancelled in place.
//
// The kernel also remembers the key of the last firing (the cursor): a scheduler that skips the firings of
// a periodic timer that could change nothing asks it which of the skipped ones are still to come.
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
  /// arm (re)schedules a one-shot firing of `timer` at `at` (not before now).
  void arm(Timer& timer, Time at);
  /// arm_in schedules a one-shot firing `delay` from now.
  void arm_in(Timer& timer, Time delay) { arm(timer, now_ + delay); }
  /// arm_periodic (re)schedules a firing of a periodic timer with its own fixed rank (new_rank()); the
  /// key must still be to come (after cursor()).
  void arm_periodic(Timer& timer, Time at, Tier tier, std::uint64_t rank);
  /// new_rank hands out the rank of a new periodic timer: ranks grow in the order they are asked for.
  std::uint64_t new_rank() { return ranks_++; }
  /// advance_to moves the clock forward to `at`, which must come before the next queued firing: work
  /// nothing can interrupt jumps over time. The cursor becomes that of a one-shot firing at `at` armed now,
  /// which is what the work's end would have been had it been a timer.
  void advance_to(Time at);
  /// cancel takes a timer out of the queue.
  void cancel(Timer& timer);
  /// fire_next fires the earliest timer, advancing the clock; false when none is left or the next is past
  /// `limit` (the clock then stays where it is).
  bool fire_next(Time limit);
  /// cursor is the key of the last firing (or of the end of the last advance_to): every key after it is
  /// still to come.
  const FiringKey& cursor() const { return cursor_; }
  /// pending is true while a timer is queued.
  bool pending() const { return !heap_.empty(); }
  /// next_due is the time of the earliest queued firing (kNever when none).
  Time next_due() const { return heap_.empty() ? kNever : heap_.front()->key_.at; }
  /// fired counts firings so far.
  std::uint64_t fired() const { return fired_; }
  /// queued is the number of timers queued.
  std::size_t queued() const { return heap_.size(); }

 private:
  static bool earlier(const Timer* a, const Timer* b) { return a->key_ < b->key_; }
  void place(std::size_t i, Timer* t) {
    heap_[i] = t;
    t->index_ = i;
  }
  void enqueue(Timer& timer, FiringKey key);
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void remove_at(std::size_t i);

  Time now_ = 0;
  std::uint64_t seq_ = 0;    ///< one-shot arming order
  std::uint64_t ranks_ = 0;  ///< periodic timers' ranks
  std::uint64_t fired_ = 0;
  FiringKey cursor_{-1, 0};  ///< before every real firing
  std::vector<Timer*> heap_;
};

}  // namespace gilsim
