// floor_sim: the bare mechanics of a GIL hand-off, the floor gilsim's full model is measured against.
//
// N fibers (gilsim's Fiber: Boost.Context, pooled 64 KiB stacks) share a FIFO mutex; a std::priority_queue
// of (time, arming order) is the timer queue. Each fiber loops: lock (or queue behind the holder and
// yield), hold the mutex for 5 ms of virtual time (arm a timer and yield), unlock (hand the mutex to the
// longest waiter and make it ready). That is all a hand-off needs at the least: one timer armed and fired,
// two fibers resumed. No GIL protocol, no cores, no statistics.
//
// Used by gilsim_floor_handoff (a hand-off count to reach, issue 5's floor) and gilsim_scale_curve (each
// fiber holding the mutex a set number of times, the shape of its threads, to show how the machine's own
// cost per hand-off grows with the fibers' memory).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <vector>

#include "sim/core/fiber.hpp"
#include "sim/core/stack_lease.hpp"
#include "sim/core/time.hpp"

namespace gilsim::bench {

/// FloorSim is the whole model: a clock, a timer queue, a ready list and one FIFO mutex.
class FloorSim {
 public:
  static constexpr Time kHold = 5 * kMillisecond;
  static constexpr std::int64_t kEndless = INT64_MAX;

  /// A FloorSim of `n` fibers stops counting at `target` hand-offs, after which each fiber leaves at its
  /// next acquisition; a fiber also leaves once it has held the mutex `rounds` times.
  FloorSim(int n, std::int64_t target, std::int64_t rounds = kEndless) : target_(target), rounds_(rounds) {
    fibers_.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      fibers_.push_back(std::make_unique<Fiber>(stacks_, [this, i] { body(i); }));
      ready_.push_back(i);
    }
  }

  /// run plays until every fiber has left; it returns the hand-offs made (acquisitions by another fiber
  /// than the last holder).
  std::int64_t run() {
    for (;;) {
      while (!ready_.empty()) {
        const int f = ready_.front();
        ready_.pop_front();
        fibers_[static_cast<std::size_t>(f)]->resume();
      }
      if (timers_.empty()) return handoffs_;
      const Due d = timers_.top();
      timers_.pop();
      now_ = d.at;
      fibers_[static_cast<std::size_t>(d.fiber)]->resume();
    }
  }

  /// acquisitions counts every time a fiber took the mutex and held it.
  std::int64_t acquisitions() const { return acquisitions_; }

 private:
  /// Due is one armed timer: fiber `fiber` resumes at `at`; `seq` keeps arming order among equal times.
  struct Due {
    Time at;
    std::uint64_t seq;
    int fiber;
    bool operator>(const Due& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  /// body is one fiber's loop.
  void body(int self) {
    Fiber& me = *fibers_[static_cast<std::size_t>(self)];
    for (std::int64_t held = 0; held < rounds_; ++held) {
      lock(self, me);
      if (handoffs_ >= target_) break;
      if (last_ != self && last_ >= 0) ++handoffs_;
      last_ = self;
      ++acquisitions_;
      timers_.push(Due{now_ + kHold, seq_++, self});
      me.yield();  // resumed by its timer
      unlock();
    }
    if (holder_ == self) unlock();
  }

  void lock(int self, Fiber& me) {
    if (holder_ < 0) {
      holder_ = self;
      return;
    }
    waiters_.push_back(self);
    while (holder_ != self) me.yield();  // unlock() hands the mutex over and makes this fiber ready
  }

  void unlock() {
    if (waiters_.empty()) {
      holder_ = -1;
      return;
    }
    holder_ = waiters_.front();
    waiters_.pop_front();
    ready_.push_back(holder_);
  }

  StackLease stacks_{thread_stack_pool()};
  std::vector<std::unique_ptr<Fiber>> fibers_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> timers_;
  std::deque<int> ready_;
  std::deque<int> waiters_;
  Time now_ = 0;
  std::uint64_t seq_ = 0;
  int holder_ = -1;
  int last_ = -1;
  std::int64_t target_;
  std::int64_t rounds_;
  std::int64_t handoffs_ = 0;
  std::int64_t acquisitions_ = 0;
};

}  // namespace gilsim::bench
