// LoopQueues: the scheduling policy of an asyncio event loop, without the coroutines.
//
// asyncio's BaseEventLoop keeps a FIFO of ready callbacks and a heap of timers. Each iteration it moves the
// timers that are due onto the ready queue (earliest first; equal times in the order they were scheduled),
// then runs exactly the callbacks that were ready when the iteration began: what they make ready runs in the
// next iteration. That is why `await asyncio.sleep(0)` lets every other ready task run once before the
// caller continues.
#pragma once

#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

#include "sim/core/time.hpp"

namespace gilsim {

class LoopQueues {
 public:
  /// Ready is a task waiting for the loop, and since when.
  struct Ready {
    int task;
    Time since;
  };

  /// push_ready appends a task to the ready queue.
  void push_ready(int task, Time since) { ready_.push_back(Ready{task, since}); }
  /// ready_count is the number of ready tasks.
  std::size_t ready_count() const { return ready_.size(); }
  /// pop_ready takes the oldest ready task.
  Ready pop_ready() {
    const Ready r = ready_.front();
    ready_.pop_front();
    return r;
  }

  /// call_at schedules `task` at `due`; `generation` lets the owner invalidate it (a cancelled sleep).
  void call_at(int task, Time due, std::uint32_t generation) {
    const Timer t{due, seq_++, task, generation};
    // Due no earlier than the last one in order: it goes at the end of the in-order timers, in O(1).
    if (in_order_.empty() || in_order_.back().due <= due) {
      in_order_.push_back(t);
    } else {
      out_of_order_.push(t);
    }
  }
  /// next_due is when the earliest timer is due (kNever when none).
  Time next_due() const { return empty() ? kNever : first().due; }
  /// move_due puts every timer due by `now` on the ready queue, in (due, scheduling) order, skipping those
  /// `live(task, generation)` rejects; a timer's task counts as ready since its due time.
  template <typename Live>
  void move_due(Time now, Live live) {
    while (!empty() && first().due <= now) {
      const Timer t = pop();
      if (live(t.task, t.generation)) push_ready(t.task, t.due);
    }
  }
  /// drop_stale_timers forgets timers whose tasks no longer wait on them, so next_due stays meaningful.
  template <typename Live>
  void drop_stale_timers(Live live) {
    while (!empty() && !live(first().task, first().generation)) pop();
  }

 private:
  struct Timer {
    Time due;
    std::uint64_t seq;
    int task;
    std::uint32_t generation;
  };
  struct Later {
    bool operator()(const Timer& a, const Timer& b) const {
      return a.due != b.due ? a.due > b.due : a.seq > b.seq;
    }
  };

  // Timers are (due, seq) in one total order, kept in two parts. Most come due in the order they are
  // scheduled (tasks sleeping for the same delay, a loop's periodic wake-ups): those are appended to a
  // FIFO, already sorted. Only a timer due before the FIFO's last goes to a heap. The earliest is the
  // earlier of the two fronts. With 100,000 tasks asleep, the heap alone made every wake-up sift through
  // 17 levels of 2.4 MB of timers. (One far timer at the FIFO's back, a long timeout, sends the shorter
  // ones after it to the heap until it comes due: then the cost is the heap's again, never more.)
  bool empty() const { return in_order_.empty() && out_of_order_.empty(); }
  bool heap_first() const {
    return in_order_.empty() || (!out_of_order_.empty() && Later{}(in_order_.front(), out_of_order_.top()));
  }
  const Timer& first() const { return heap_first() ? out_of_order_.top() : in_order_.front(); }
  Timer pop() {
    if (heap_first()) {
      const Timer t = out_of_order_.top();
      out_of_order_.pop();
      return t;
    }
    const Timer t = in_order_.front();
    in_order_.pop_front();
    return t;
  }

  std::deque<Ready> ready_;
  std::deque<Timer> in_order_;                                          ///< sorted by (due, seq)
  std::priority_queue<Timer, std::vector<Timer>, Later> out_of_order_;  ///< due before in_order_'s last
  std::uint64_t seq_ = 0;
};

}  // namespace gilsim
