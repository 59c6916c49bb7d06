// Engine behaviours found wrong once (in review), pinned so that they stay right.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sim/api/scene.hpp"

namespace gilsim {
namespace {

using namespace time_literals;

// A thread that must hand the GIL over before it blocks (a drop request was pending) can miss what happens
// meanwhile: here `e` is set while main waits for the switch. It must see the event set, not sleep forever.
TEST(EngineRegression, EventSetWhileTheWaiterHandsOverTheGilIsNotLost) {
  Scene s("lost_event");
  s.event("e");
  s.thread("X", [](Runtime& rt) {
    rt.io(5005_us);
    rt.set("e");
  });
  s.thread("main", [](Runtime& rt) {
    rt.cpu(4'998'500_ns);
    rt.wait("e");
  });
  s.thread("W", [](Runtime& rt) { rt.cpu(1_ms); });
  const Report r = s.run();
  EXPECT_EQ(r.outcome, Outcome::Completed);
}

TEST(EngineRegression, WorkEndingExactlyAtASliceBoundaryIsNotPreempted) {
  auto p_end = [](Time step) {
    Scene s("slices");
    s.machine().cores = 1;
    s.process("P", [step](Runtime& rt) {
      for (int i = 0; i < 10; ++i) rt.cpu(step);
    });
    s.process("Q", [](Runtime& rt) { rt.cpu(100_ms); });
    return s.run().unit("P")->ended;
  };
  // One microsecond less work per step may not make P finish tens of milliseconds earlier.
  EXPECT_LT(p_end(3_ms) - p_end(2999_us), 1_ms);
}

TEST(EngineRegression, ConsecutiveStepsKeepTheCoreUntilTheSliceEnds) {
  Scene s("steps");
  s.machine().cores = 1;
  s.process("P", [](Runtime& rt) {
    for (int i = 0; i < 1000; ++i) rt.cpu(1_ms);
  });
  s.process("Q", [](Runtime& rt) { rt.cpu(1_s); });
  const Report r = s.run();
  // Round robin gives each half the core: both end near 2 s, not Q far ahead of P.
  EXPECT_GT(r.unit("Q")->ended, 1900_ms);
  EXPECT_GT(r.unit("P")->ended, 1900_ms);
}

TEST(EngineRegression, AUnitStoppedByTheTimeLimitCountsItsTimeUntilThen) {
  Scene s("limit");
  s.machine().time_limit = 1_s;
  s.thread("main", [](Runtime& rt) { rt.cpu(5_s); });
  const Report r = s.run();
  EXPECT_EQ(r.outcome, Outcome::TimeLimit);
  EXPECT_EQ(r.unit("main")->ended, -1);
  EXPECT_EQ(r.unit("main")->elapsed(), 1_s);
}

// threading.Lock has no queue: the releasing thread, still holding the GIL, takes the lock back before the
// woken waiter runs. The GIL then changes hands about once per interval, not once per critical section.
TEST(EngineRegression, ReleasedLockIsRetakenByTheRunningThreadFirst) {
  Scene s("lock_ping_pong");
  s.lock("L");
  for (const char* name : {"A", "B"}) {
    s.thread(name, [](Runtime& rt) {
      for (int i = 0; i < 1000; ++i) {
        rt.acquire("L");
        rt.cpu(100_us);
        rt.release("L");
      }
    });
  }
  const Report r = s.run();
  EXPECT_EQ(r.outcome, Outcome::Completed);
  // 200 ms of work under one GIL: ~40 intervals of 5 ms.
  EXPECT_LT(r.gils[0].handoffs, 100u);
}

// Thread.start() returns once the new thread runs, so a unit's thread replicas start one after another, and
// the first may end before the spawner starts the next. A join on the unit waits for every replica.
TEST(EngineRegression, JoiningAUnitWaitsForReplicasNotStartedYet) {
  Scene s("join_replicas");
  s.thread("main", [](Runtime& rt) { rt.spawn("worker"); });
  s.thread(
      "worker", [](Runtime& rt) { rt.cpu(1_ms); }, Start::Spawn, 3);
  // Launched after main, the watcher gets the GIL when main waits for worker[0] to start, and joins then.
  s.thread("watcher", [](Runtime& rt) { rt.join("worker"); });
  const Report r = s.run();
  ASSERT_EQ(r.outcome, Outcome::Completed);
  ASSERT_LT(r.unit("worker[0]")->ended, r.unit("worker[2]")->started);  // the case this test is about
  EXPECT_GE(r.unit("watcher")->ended, r.unit("worker[2]")->ended);
}

// A unit of no replicas (or fewer) is refused where it is declared: its join would otherwise wait forever.
TEST(EngineRegression, ASceneRefusesAUnitOfFewerThanOneReplica) {
  Scene s("no_replicas");
  const auto body = [](Runtime&) {};
  EXPECT_THROW(s.thread("t", body, Start::Launch, 0), std::invalid_argument);
  EXPECT_THROW(s.process("p", body, Start::Spawn, -1), std::invalid_argument);
  EXPECT_TRUE(s.scenario().units.empty());
}

}  // namespace
}  // namespace gilsim
