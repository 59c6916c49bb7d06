// A run where every unit left is blocked with nothing pending ends with a deadlock report, never a hang.
#include <gtest/gtest.h>

#include "sim/api/scene.hpp"

namespace gilsim {
namespace {

TEST(Deadlock, LockOrderInversionNamesEachWaiterAndTheHolder) {
  Scene s("abba");
  s.lock("A").lock("B");
  s.thread("first", [](Runtime& rt) {
    rt.acquire("A");
    rt.sleep(1 * kMillisecond);
    rt.acquire("B");
  });
  s.thread("second", [](Runtime& rt) {
    rt.acquire("B");
    rt.sleep(1 * kMillisecond);
    rt.acquire("A");
  });
  const Report r = s.run();
  EXPECT_EQ(r.outcome, Outcome::Deadlock);
  ASSERT_EQ(r.deadlock.waiters.size(), 2u);
  EXPECT_EQ(r.deadlock.waiters[0].unit, "first");
  EXPECT_EQ(r.deadlock.waiters[0].waits_on, "lock B held by second");
  EXPECT_EQ(r.deadlock.waiters[1].waits_on, "lock A held by first");
  EXPECT_LT(r.elapsed, 2 * kMillisecond);  // it stops as soon as nothing is pending, after the sleeps
}

TEST(Deadlock, GetFromAQueueNobodyFillsAndJoinOnIt) {
  Scene s("starved");
  s.queue("jobs");
  s.thread("main", [](Runtime& rt) {
    rt.spawn("worker");
    rt.join("worker");
  });
  s.thread(
      "worker", [](Runtime& rt) { rt.get("jobs"); }, Start::Spawn);
  const Report r = s.run();
  EXPECT_EQ(r.outcome, Outcome::Deadlock);
  ASSERT_EQ(r.deadlock.waiters.size(), 2u);
  EXPECT_EQ(r.deadlock.waiters[0].waits_on, "unit worker (join)");
  EXPECT_EQ(r.deadlock.waiters[1].waits_on, "queue jobs (get)");
}

TEST(Deadlock, TimeLimitStopsAnEndlessScenario) {
  Scene s("forever");
  s.machine().time_limit = 2 * kSecond;
  s.thread("ticker", [](Runtime& rt) {
    for (;;) rt.sleep(100 * kMillisecond);
  });
  const Report r = s.run();
  EXPECT_EQ(r.outcome, Outcome::TimeLimit);
  EXPECT_EQ(r.elapsed, 2 * kSecond);
}

TEST(RunErrors, ReleasingAFreeLockIsAnError) {
  Scene s("bad_release");
  s.lock("L");
  s.thread("main", [](Runtime& rt) { rt.release("L"); });
  EXPECT_THROW(
      {
        try {
          s.run();
        } catch (const RunError& e) {
          EXPECT_NE(std::string(e.what()).find("releases lock L, which is not held"), std::string::npos);
          throw;
        }
      },
      RunError);
}

}  // namespace
}  // namespace gilsim
