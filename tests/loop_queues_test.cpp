// LoopQueues' timers come out in (due, scheduling) order, as asyncio's heap gives them, whichever of its two
// parts holds them: the FIFO of timers scheduled in due order, or the heap of those that came early. Timers
// whose tasks stopped waiting (stale) are skipped, and dropped from the front.
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

/// drain moves every timer due by `now` whose task is not in `stale` and returns the tasks made ready, in
/// order; first it drops stale timers from the front, as the loop does before it waits.
std::vector<int> drain(LoopQueues& q, Time now, const std::vector<bool>& stale) {
  const auto live = [&stale](int task, std::uint32_t) { return !stale[static_cast<std::size_t>(task)]; };
  q.drop_stale_timers(live);
  q.move_due(now, live);
  std::vector<int> out;
  while (q.ready_count() > 0) out.push_back(q.pop_ready().task);
  return out;
}

TEST(LoopQueues, TimersComeDueInDueThenSchedulingOrderOnRandomSchedules) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    std::mt19937_64 rng(seed);
    LoopQueues q;
    std::vector<Scheduled> pending;
    std::vector<bool> stale;  ///< by task: its timer no longer counts (a cancelled sleep)
    Time now = 0;
    int next_task = 0;
    for (int round = 0; round < 50; ++round) {
      // Mostly the same few delays (in order), sometimes a shorter one (out of order), some ties.
      for (int i = 0, n = static_cast<int>(rng() % 8); i < n; ++i) {
        const Time delays[] = {0, 5, 10, 10, 10, 3, 7, 10};
        const Time due = now + delays[rng() % 8];
        q.call_at(next_task, due, 0);
        stale.push_back(rng() % 5 == 0);
        pending.push_back(Scheduled{due, next_task++});
      }
      now += static_cast<Time>(rng() % 6);
      std::vector<Scheduled> due;
      std::vector<Scheduled> later;
      for (const Scheduled& s : pending) {
        if (!stale[static_cast<std::size_t>(s.task)]) (s.due <= now ? due : later).push_back(s);
      }
      std::sort(due.begin(), due.end(), [](const Scheduled& a, const Scheduled& b) {
        return a.due != b.due ? a.due < b.due : a.task < b.task;
      });
      std::vector<int> expected;
      for (const Scheduled& s : due) expected.push_back(s.task);
      ASSERT_EQ(drain(q, now, stale), expected) << "seed " << seed << ", round " << round;
      pending = later;
      // What is left is live and not due: the earliest of it is the next due (stale ones were dropped
      // from the front, and a stale timer behind a live one may stay until it reaches the front).
      if (!pending.empty()) {
        Time earliest = pending.front().due;
        for (const Scheduled& s : pending) earliest = std::min(earliest, s.due);
        q.drop_stale_timers(
            [&stale](int task, std::uint32_t) { return !stale[static_cast<std::size_t>(task)]; });
        ASSERT_EQ(q.next_due(), earliest) << "seed " << seed;
      }
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
