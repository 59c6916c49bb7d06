// Which units hold a fiber stack: only those running their own code. A thread queued for its first GIL, a
// task not started yet and anything that ended hold none, so a scene of many units costs stacks (and
// their fresh pages) only for the units that are half-way through something.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "sim/api/scene.hpp"
#include "sim/core/fiber.hpp"

namespace gilsim {
namespace {

using namespace time_literals;

// Each thread's work ends within its first switch interval, so it runs from its first GIL to its end in
// one go: the next thread's stack is the one the previous gave back.
TEST(FiberStacks, ThreadsQueuedForTheirFirstGilHoldNone) {
  Scene s("queued");
  for (int i = 0; i < 100; ++i) s.thread("t" + std::to_string(i), [](Runtime& rt) { rt.cpu(1_ms); });
  const Report r = s.run();
  ASSERT_EQ(r.outcome, Outcome::Completed);
  EXPECT_EQ(r.peak_stacks, 1U);
}

// A run stopped by its time limit while threads still wait for their first GIL (the holder's interval is
// longer than the run) reports them as waiting for it all along, though they never had a stack.
TEST(FiberStacks, ThreadsStillQueuedAtTheTimeLimitAreReportedAsWaiting) {
  Scene s("stopped");
  s.machine().switch_interval = 10_s;
  s.machine().time_limit = 1_s;
  for (int i = 0; i < 10; ++i) s.thread("t" + std::to_string(i), [](Runtime& rt) { rt.cpu(5_s); });
  const Report r = s.run();
  ASSERT_EQ(r.outcome, Outcome::TimeLimit);
  EXPECT_EQ(r.peak_stacks, 1U);
  EXPECT_EQ(r.unit("t9")->gil_wait, 1_s);
  EXPECT_EQ(r.unit("t9")->cpu, 0);
}

// Two intervals of work: every thread is made to drop the GIL half-way and keeps its stack until it ends.
TEST(FiberStacks, ThreadsInterruptedHalfWayKeepTheirs) {
  Scene s("interrupted");
  for (int i = 0; i < 20; ++i) s.thread("t" + std::to_string(i), [](Runtime& rt) { rt.cpu(10_ms); });
  const Report r = s.run();
  ASSERT_EQ(r.outcome, Outcome::Completed);
  EXPECT_EQ(r.peak_stacks, 20U);
}

// A process pays its start-up before its first line, and that needs a stack from the start.
TEST(FiberStacks, ProcessesHoldOneFromTheirStartUp) {
  Scene s("processes");
  s.machine().process_start = 10_ms;
  for (int i = 0; i < 3; ++i) s.process("p" + std::to_string(i), [](Runtime& rt) { rt.cpu(1_ms); });
  const Report r = s.run();
  ASSERT_EQ(r.outcome, Outcome::Completed);
  EXPECT_EQ(r.peak_stacks, 3U);
}

// Tasks get a stack at their first step: 100 tasks that finish in one step use one in turn, beside the
// loop's thread and the main task waiting in gather.
TEST(FiberStacks, TasksHoldOneFromTheirFirstStep) {
  Scene s("tasks");
  s.coroutine("quick", [](Runtime& rt) {
    rt.cpu(1_ms);
    return std::int64_t{0};
  });
  s.coroutine("main", [](Runtime& rt) {
    std::vector<std::int64_t> tasks;
    for (int i = 0; i < 100; ++i) tasks.push_back(rt.create_task("quick"));
    rt.gather(tasks);
    return std::int64_t{0};
  });
  s.thread("loop", [](Runtime& rt) { rt.asyncio_run("main"); });
  const Report r = s.run();
  ASSERT_EQ(r.outcome, Outcome::Completed);
  EXPECT_EQ(r.peak_stacks, 3U);
}

// The runs a thread makes share its stacks: a second run alike maps no new one. A run on another thread
// has that thread's own pool.
TEST(FiberStacks, RunsOnOneThreadReuseTheStacksOfTheRunsBefore) {
  const auto interrupted = [](int threads) {
    Scene s("interrupted");
    for (int i = 0; i < threads; ++i) s.thread("t" + std::to_string(i), [](Runtime& rt) { rt.cpu(10_ms); });
    return s.run();
  };
  ASSERT_EQ(interrupted(20).peak_stacks, 20U);
  const std::size_t mapped = thread_stack_pool().allocated();
  EXPECT_GE(mapped, 20U);
  EXPECT_EQ(interrupted(20).peak_stacks, 20U);
  EXPECT_EQ(thread_stack_pool().allocated(), mapped);

  std::size_t elsewhere = 0;
  std::thread other([&] {
    interrupted(3);
    elsewhere = thread_stack_pool().allocated();
  });
  other.join();
  EXPECT_EQ(elsewhere, 64U);  // one slab of its own
  EXPECT_EQ(thread_stack_pool().allocated(), mapped);
}

// A run that needed many stacks does not keep them past the next run that needs few.
TEST(FiberStacks, ARunAfterABigOneTrimsThePool) {
  const auto interrupted = [](int threads) {
    Scene s("interrupted");
    for (int i = 0; i < threads; ++i) s.thread("t" + std::to_string(i), [](Runtime& rt) { rt.cpu(10_ms); });
    return s.run();
  };
  const std::size_t peak = interrupted(2 * static_cast<int>(StackLease::kAlwaysKept)).peak_stacks;
  ASSERT_GT(peak, StackLease::kAlwaysKept + 64);
  EXPECT_GE(thread_stack_pool().allocated(), peak);
  interrupted(2);
  EXPECT_EQ(thread_stack_pool().allocated(), StackLease::kAlwaysKept);
}

}  // namespace
}  // namespace gilsim
