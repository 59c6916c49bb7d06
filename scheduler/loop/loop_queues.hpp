// LoopQueues: the scheduling policy of an asyncio event loop, without the coroutines.
//
// asyncio's BaseEventLoop keeps a FIFO of ready callbacks and a heap of timers. Each iteration it moves the
// timers that are due onto the ready queue (earliest first; equal times in the order they were scheduled),
// then runs exactly the callbacks that were ready when the iteration began: what they make ready runs in the
// next iteration. That is why `await asyncio.sleep(0)` lets every other ready task run once before the
// caller continues.
#pragma once

#include <array>
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
    ++size_;
    // The run whose last timer is the latest one not after `due` takes it, and stays sorted; else an
    // empty run; else the heap.
    std::deque<Timer>* fit = nullptr;
    std::deque<Timer>* spare = nullptr;
    for (std::deque<Timer>& run : runs_) {
      if (run.empty()) {
        if (spare == nullptr) spare = &run;
      } else if (run.back().due <= due && (fit == nullptr || run.back().due > fit->back().due)) {
        fit = &run;
      }
    }
    if (fit == nullptr) fit = spare;
    if (fit != nullptr) {
      fit->push_back(t);
    } else {
      heap_.push(t);
    }
  }
  /// next_due is when the earliest timer is due (kNever when none).
  Time next_due() const { return empty() ? kNever : at(earliest()).due; }
  /// move_due puts every timer due by `now` on the ready queue, in (due, scheduling) order, skipping those
  /// `live(task, generation)` rejects; a timer's task counts as ready since its due time.
  template <typename Live>
  void move_due(Time now, Live live) {
    while (!empty()) {
      const std::size_t where = earliest();
      if (at(where).due > now) return;
      const Timer t = take(where);
      if (live(t.task, t.generation)) push_ready(t.task, t.due);
    }
  }
  /// drop_stale_timers forgets timers whose tasks no longer wait on them, so next_due stays meaningful.
  template <typename Live>
  void drop_stale_timers(Live live) {
    while (!empty()) {
      const std::size_t where = earliest();
      if (live(at(where).task, at(where).generation)) return;
      take(where);
    }
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

  // Timers are (due, seq) in one total order. Most come due in the order they are scheduled: tasks that
  // sleep for one delay, a loop's periodic wake-ups, each such stream sorted by itself. So timers go to a
  // few runs, FIFOs each kept sorted by appending only what is due no earlier than its last, and only a
  // timer no run can take goes to a heap. The earliest is the earliest of the runs' fronts and the
  // heap's top. With 100,000 tasks asleep, the heap alone made every wake-up sift through 17 levels of
  // 2.4 MB of timers; with one run, a far timer (a long timeout) sent every shorter one after it there.
  static constexpr std::size_t kRuns = 4;
  bool empty() const { return size_ == 0; }
  /// earliest is where the earliest timer is: a run's index, or kRuns for the heap. (Not empty.)
  std::size_t earliest() const {
    std::size_t at = kRuns;
    const Timer* first = heap_.empty() ? nullptr : &heap_.top();
    for (std::size_t i = 0; i < kRuns; ++i) {
      if (!runs_[i].empty() && (first == nullptr || Later{}(*first, runs_[i].front()))) {
        first = &runs_[i].front();
        at = i;
      }
    }
    return at;
  }
  const Timer& at(std::size_t where) const { return where == kRuns ? heap_.top() : runs_[where].front(); }
  Timer take(std::size_t where) {
    --size_;
    if (where == kRuns) {
      const Timer t = heap_.top();
      heap_.pop();
      return t;
    }
    const Timer t = runs_[where].front();
    runs_[where].pop_front();
    return t;
  }

  std::deque<Ready> ready_;
  std::array<std::deque<Timer>, kRuns> runs_;                   ///< each sorted by (due, seq)
  std::priority_queue<Timer, std::vector<Timer>, Later> heap_;  ///< timers no run could take
  std::size_t size_ = 0;
  std::uint64_t seq_ = 0;
};

}  // namespace gilsim
