// floor_handoff: the bare mechanics of a GIL hand-off, the floor gilsim's full model is measured against.
//
//   build/gilsim_floor_handoff N [HANDOFFS]
//
// N fibers (gilsim's Fiber: Boost.Context, pooled 64 KiB stacks) share a FIFO mutex; a std::priority_queue
// of (time, arming order) is the timer queue. Each fiber loops: lock (or queue behind the holder and
// yield), hold the mutex for 5 ms of virtual time (arm a timer and yield), unlock (hand the mutex to the
// longest waiter and make it ready). That is all a hand-off needs at the least: one timer armed and fired,
// two fibers resumed. No GIL protocol, no cores, no statistics: issue 5 sets gilsim's goal at a third of
// this rate, so the figure is measured here, on the machine at hand, rather than quoted from elsewhere.
//
// Output, in bench/peers/'s line format:
//   peer=floor n=<N> handoffs=<count> wall_s=<seconds> handoffs_per_s=<rate>
// The wall time covers creating the fibers and the run, not process start.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <vector>

#include "bench/handoff_args.hpp"
#include "sim/core/fiber.hpp"
#include "sim/core/stack_pool.hpp"
#include "sim/core/time.hpp"

namespace {

using gilsim::Time;

constexpr Time kHold = 5 * gilsim::kMillisecond;

/// Due is one armed timer: fiber `fiber` resumes at `at`; `seq` keeps arming order among equal times.
struct Due {
  Time at;
  std::uint64_t seq;
  int fiber;
  bool operator>(const Due& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

/// FloorSim is the whole model: a clock, a timer queue, a ready list and one FIFO mutex.
class FloorSim {
 public:
  FloorSim(int n, std::int64_t target) : target_(target) {
    for (int i = 0; i < n; ++i) {
      fibers_.push_back(std::make_unique<gilsim::Fiber>(stacks_, [this, i] { body(i); }));
      ready_.push_back(i);
    }
  }

  /// run plays until every fiber has left; it returns the hand-offs made.
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

 private:
  /// body is one fiber's loop; once the target is reached each fiber leaves at its next acquisition.
  void body(int self) {
    gilsim::Fiber& me = *fibers_[static_cast<std::size_t>(self)];
    for (;;) {
      lock(self, me);
      if (handoffs_ >= target_) break;
      if (last_ != self && last_ >= 0) ++handoffs_;
      last_ = self;
      timers_.push(Due{now_ + kHold, seq_++, self});
      me.yield();  // resumed by its timer
      unlock();
    }
    unlock();
  }

  void lock(int self, gilsim::Fiber& me) {
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

  gilsim::StackLease stacks_{gilsim::thread_stack_pool()};
  std::vector<std::unique_ptr<gilsim::Fiber>> fibers_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> timers_;
  std::deque<int> ready_;
  std::deque<int> waiters_;
  Time now_ = 0;
  std::uint64_t seq_ = 0;
  int holder_ = -1;
  int last_ = -1;
  std::int64_t target_;
  std::int64_t handoffs_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const auto [n, target] = gilsim::bench::handoff_args(argc, argv, "gilsim_floor_handoff");
  if (n < 2) {
    std::fprintf(stderr, "gilsim_floor_handoff: a hand-off needs two fibers at least (N >= 2)\n");
    return 2;
  }
  std::printf("# floor: FIFO mutex, %lld fibers each holding it 5 ms, std::priority_queue timers\n",
              static_cast<long long>(n));
  std::fflush(stdout);

  const auto start = std::chrono::steady_clock::now();
  FloorSim sim(static_cast<int>(n), target);
  const std::int64_t handoffs = sim.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("peer=floor n=%lld handoffs=%lld wall_s=%.3f handoffs_per_s=%.0f\n", static_cast<long long>(n),
              static_cast<long long>(handoffs), wall, wall > 0 ? static_cast<double>(handoffs) / wall : 0.0);
  return 0;
}
