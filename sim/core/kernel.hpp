// Kernel: the discrete-event core of the virtual engine.
//
// It owns the clock and a queue of timer firings ordered by (time, sequence): two firings due at the same
// instant fire in the order they were armed, which makes every run repeatable. Work that must happen "now"
// but outside the current call (resuming a fiber) goes through the ready list, which is drained before the
// clock moves on.
#pragma once

#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/core/timer.hpp"

namespace gilsim {

class Kernel {
 public:
  /// now is the current virtual time.
  Time now() const { return now_; }
  /// arm (re)schedules a timer to fire at `at` (not before now).
  void arm(Timer& timer, Time at);
  /// arm_in schedules a timer `delay` from now.
  void arm_in(Timer& timer, Time delay) { arm(timer, now_ + delay); }
  /// fire_next fires the earliest live timer, advancing the clock; false when none is left or the next is
  /// past `limit` (the clock then stays where it is).
  bool fire_next(Time limit);
  /// pending is true while a live or stale firing is queued.
  bool pending() const { return !heap_.empty(); }
  /// next_due is the time of the earliest queued firing (kNever when none).
  Time next_due() const { return heap_.empty() ? kNever : heap_.top().at; }
  /// fired counts live firings so far.
  std::uint64_t fired() const { return fired_; }

 private:
  struct Entry {
    Time at;
    std::uint64_t seq;
    Timer* timer;
    std::uint32_t generation;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };
  Time now_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t fired_ = 0;
  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
};

}  // namespace gilsim
