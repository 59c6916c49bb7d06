// LoopQueues' timers come out in (due, scheduling) order, as asyncio's heap gives them, whichever of its two
// parts holds them: the FIFO of timers scheduled in due order, or the heap of those that came early.
#include "scheduler/loop/loop_queues.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace gilsim {
namespace {

struct Scheduled {
  Time due;
  int task;  ///< tasks are numbered in scheduling order, so (due, task) is the expected order
};

/// drain moves every timer due by `now` and returns the tasks made ready, in order.
std::vector<int> drain(LoopQueues& q, Time now) {
  q.move_due(now, [](int, std::uint32_t) { return true; });
  std::vector<int> out;
  while (q.ready_count() > 0) out.push_back(q.pop_ready().task);
  return out;
}

TEST(LoopQueues, TimersComeDueInDueThenSchedulingOrderOnRandomSchedules) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    std::mt19937_64 rng(seed);
    LoopQueues q;
    std::vector<Scheduled> pending;
    Time now = 0;
    int next_task = 0;
    for (int round = 0; round < 50; ++round) {
      // Mostly the same few delays (in order), sometimes a shorter one (out of order), some ties.
      for (int i = 0, n = static_cast<int>(rng() % 8); i < n; ++i) {
        const Time delays[] = {0, 5, 10, 10, 10, 3, 7, 10};
        const Time due = now + delays[rng() % 8];
        q.call_at(next_task, due, 0);
        pending.push_back(Scheduled{due, next_task++});
      }
      if (!pending.empty()) {
        Time earliest = pending.front().due;
        for (const Scheduled& s : pending) earliest = std::min(earliest, s.due);
        ASSERT_EQ(q.next_due(), earliest) << "seed " << seed;
      } else {
        ASSERT_EQ(q.next_due(), kNever);
      }
      now += static_cast<Time>(rng() % 6);
      std::vector<Scheduled> due;
      std::vector<Scheduled> later;
      for (const Scheduled& s : pending) (s.due <= now ? due : later).push_back(s);
      std::sort(due.begin(), due.end(), [](const Scheduled& a, const Scheduled& b) {
        return a.due != b.due ? a.due < b.due : a.task < b.task;
      });
      std::vector<int> expected;
      for (const Scheduled& s : due) expected.push_back(s.task);
      ASSERT_EQ(drain(q, now), expected) << "seed " << seed << ", round " << round;
      pending = later;
    }
  }
}

// A timer its task no longer waits on is skipped, and dropped from the front so that next_due stays true.
TEST(LoopQueues, StaleTimersAreSkippedAndDropped) {
  LoopQueues q;
  q.call_at(1, 10, 0);
  q.call_at(2, 20, 0);
  q.call_at(3, 5, 0);  // out of order
  const auto live = [](int task, std::uint32_t) { return task != 3; };
  q.drop_stale_timers(live);
  EXPECT_EQ(q.next_due(), 10);
  q.move_due(20, live);
  ASSERT_EQ(q.ready_count(), 2u);
  EXPECT_EQ(q.pop_ready().task, 1);
  const LoopQueues::Ready r = q.pop_ready();
  EXPECT_EQ(r.task, 2);
  EXPECT_EQ(r.since, 20);  // ready since its due time
  EXPECT_EQ(q.next_due(), kNever);
}

}  // namespace
}  // namespace gilsim
