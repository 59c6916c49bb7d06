// The asyncio event loop: cooperative scheduling over fibers, with asyncio's ordering and cancellation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/api/scene.hpp"

namespace gilsim {
namespace {

using namespace time_literals;

/// run_main runs coroutine "main" as asyncio.run in a thread and returns the report.
Report run_main(Scene& scene) {
  scene.thread("loop", [](Runtime& rt) { rt.asyncio_run("main"); });
  return scene.run();
}

const TaskStats& task_named(const Report& r, const std::string& name) {
  for (const TaskStats& t : r.tasks) {
    if (t.name == name) return t;
  }
  throw std::runtime_error("no task " + name);
}

TEST(EventLoop, ReadyTasksRunInCreationOrder) {
  std::vector<std::string> order;
  Scene s;
  for (std::string name : {"a", "b", "c"}) {
    s.coroutine(name, [&order, name](Runtime&) {
      order.push_back(name);
      return std::int64_t{0};
    });
  }
  s.coroutine("main", [](Runtime& rt) {
    const auto a = rt.create_task("a");
    const auto b = rt.create_task("b");
    const auto c = rt.create_task("c");
    rt.gather({c, b, a});
    return std::int64_t{0};
  });
  run_main(s);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(EventLoop, SleepZeroRoundRobinsTheReadyTasks) {
  std::vector<std::string> order;
  Scene s;
  for (std::string name : {"a", "b", "c"}) {
    s.coroutine(name, [&order, name](Runtime& rt) {
      for (int i = 0; i < 3; ++i) {
        order.push_back(name);
        rt.async_sleep(0);
      }
      return std::int64_t{0};
    });
  }
  s.coroutine("main", [](Runtime& rt) {
    rt.gather({rt.create_task("a"), rt.create_task("b"), rt.create_task("c")});
    return std::int64_t{0};
  });
  run_main(s);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c", "a", "b", "c", "a", "b", "c"}));
}

TEST(EventLoop, TimersFireInDueOrderTiesInSchedulingOrder) {
  std::vector<std::string> order;
  Scene s;
  const std::vector<std::pair<std::string, Time>> sleepers = {
      {"t30", 30_ms}, {"t10", 10_ms}, {"t20", 20_ms}, {"t10b", 10_ms}};
  for (const auto& [name, delay] : sleepers) {
    s.coroutine(name, [&order, name = name, delay = delay](Runtime& rt) {
      rt.async_sleep(delay);
      order.push_back(name);
      return std::int64_t{0};
    });
  }
  s.coroutine("main", [&sleepers](Runtime& rt) {
    std::vector<std::int64_t> tasks;
    for (const auto& sleeper : sleepers) tasks.push_back(rt.create_task(sleeper.first));
    rt.gather(tasks);
    return std::int64_t{0};
  });
  run_main(s);
  EXPECT_EQ(order, (std::vector<std::string>{"t10", "t10b", "t20", "t30"}));
}

TEST(EventLoop, ReturnValuesFlowBackThroughAwait) {
  Scene s;
  s.coroutine("slow", [](Runtime& rt) {
    rt.async_sleep(3_s);
    return std::int64_t{42};
  });
  std::int64_t inline_result = 0;
  std::int64_t task_result = 0;
  s.coroutine("main", [&](Runtime& rt) {
    inline_result = rt.await_coroutine("slow");
    task_result = rt.await_task(rt.create_task("slow"));
    return std::int64_t{0};
  });
  const Report r = run_main(s);
  EXPECT_EQ(inline_result, 42);
  EXPECT_EQ(task_result, 42);
  EXPECT_NEAR(to_seconds(r.elapsed), 6.0, 0.001);
}

TEST(EventLoop, CancellationArrivesAtTheSuspensionPoint) {
  Time cancelled_at = -1;
  bool cleaned_up = false;
  Scene s;
  s.coroutine("spin", [&](Runtime& rt) {
    try {
      for (;;) rt.async_sleep(100_ms);
    } catch (const Cancelled&) {
      cancelled_at = rt.now();
      cleaned_up = true;  // the spinner blanks its line here
      throw;
    }
    return std::int64_t{0};
  });
  s.coroutine("main", [](Runtime& rt) {
    const auto spinner = rt.create_task("spin");
    rt.async_sleep(250_ms);
    EXPECT_TRUE(rt.cancel(spinner));
    rt.async_sleep(0);  // let the spinner see its cancellation
    return std::int64_t{0};
  });
  const Report r = run_main(s);
  EXPECT_TRUE(cleaned_up);
  // Delivered in the loop iteration after cancel(): a few microseconds of loop overhead after 250 ms.
  EXPECT_GE(cancelled_at, 250_ms);
  EXPECT_LT(cancelled_at, 250_ms + 100_us);
  EXPECT_EQ(task_named(r, "spin").state, "cancelled");
  EXPECT_EQ(r.loops.at(0).tasks_cancelled, 1u);
}

TEST(EventLoop, TaskCancelledBeforeItFirstRunsNeverRuns) {
  bool ran = false;
  Scene s;
  s.coroutine("victim", [&ran](Runtime&) {
    ran = true;
    return std::int64_t{0};
  });
  s.coroutine("main", [](Runtime& rt) {
    rt.cancel(rt.create_task("victim"));
    rt.async_sleep(1_ms);
    return std::int64_t{0};
  });
  const Report r = run_main(s);
  EXPECT_FALSE(ran);
  EXPECT_EQ(task_named(r, "victim").state, "cancelled");
  EXPECT_EQ(task_named(r, "victim").running, 0);
}

TEST(EventLoop, CancellingATaskThatAwaitsAnotherCancelsBoth) {
  bool outer_saw_cancel = false;
  Scene s;
  s.coroutine("inner", [](Runtime& rt) {
    rt.async_sleep(10_s);
    return std::int64_t{1};
  });
  s.coroutine("outer", [&](Runtime& rt) {
    try {
      return rt.await_task(rt.create_task("inner"));
    } catch (const Cancelled&) {
      outer_saw_cancel = true;
      throw;
    }
  });
  s.coroutine("main", [](Runtime& rt) {
    const auto outer = rt.create_task("outer");
    rt.async_sleep(1_s);
    rt.cancel(outer);
    rt.async_sleep(1_ms);
    return std::int64_t{0};
  });
  const Report r = run_main(s);
  EXPECT_TRUE(outer_saw_cancel);
  EXPECT_EQ(task_named(r, "inner").state, "cancelled");
  EXPECT_EQ(task_named(r, "outer").state, "cancelled");
  EXPECT_LT(r.elapsed, 1_s + 10_ms);  // nobody waited out the inner 10 s sleep
}

/// add_spinner declares the chapter's `spin`: a frame, then asyncio.sleep(0.1), until cancelled.
void add_spinner(Scene& s) {
  s.coroutine("spin", [](Runtime& rt) {
    for (;;) {
      rt.output("frame");
      rt.async_sleep(100_ms);
    }
    return std::int64_t{0};
  });
}

TEST(EventLoop, CpuWorkInACoroutineBlocksEveryOtherTask) {
  Scene s;
  add_spinner(s);
  s.coroutine("main", [](Runtime& rt) {
    const auto spinner = rt.create_task("spin");
    rt.async_sleep(0);     // the spinner draws its first frame
    rt.cpu(1_s);           // a CPU-bound call: no await, the loop cannot switch
    rt.async_sleep(1_ms);  // the spinner, due since 100 ms, gets its turn first
    rt.cancel(spinner);
    return std::int64_t{0};
  });
  const Machine m;
  const Report r = run_main(s);
  const TaskStats& spin = task_named(r, "spin");
  EXPECT_EQ(spin.marks.at("frame").count, 2u);  // one frame before, none during, one after
  EXPECT_GE(spin.marks.at("frame").max_gap, 1_s);
  ASSERT_EQ(r.loops.size(), 1u);
  const LoopStats& loop = r.loops[0];
  ASSERT_EQ(loop.slow_steps.size(), 1u);
  EXPECT_EQ(loop.slow_steps[0].task, "main");
  EXPECT_GE(loop.slow_steps[0].duration, 1_s);
  EXPECT_LT(loop.slow_steps[0].duration, 1_s + 100_us);
  // The spinner's wake-up at 100 ms waited for the whole check: the loop lag is ~0.9 s.
  EXPECT_GE(loop.lag_max, 900_ms);
  EXPECT_LT(loop.lag_max, 900_ms + 100_us);
}

TEST(EventLoop, ExecutorRunsBlockingWorkInParallelWithoutBlockingTheLoop) {
  Scene s;
  s.executor("pool", SyncKind::Process, 1);
  add_spinner(s);
  s.coroutine("main", [](Runtime& rt) {
    const auto spinner = rt.create_task("spin");
    const std::int64_t r = rt.run_in_executor(rt.executor_id("pool"), [](Runtime& worker) {
      worker.cpu(1_s);
      return std::int64_t{7};
    });
    EXPECT_EQ(r, 7);
    rt.cancel(spinner);
    return std::int64_t{0};
  });
  const Machine m;
  const Report r = run_main(s);
  const MarkStats& frames = task_named(r, "spin").marks.at("frame");
  EXPECT_GE(frames.count, 10u);
  EXPECT_LT(frames.max_gap, 101_ms);
  // 1 s of work, after a process start, plus a queue item each way.
  EXPECT_GE(r.elapsed, 1_s + m.process_start + 2 * m.queue_item);
  EXPECT_LT(r.elapsed, 1_s + m.process_start + 2 * m.queue_item + 1_ms);
  EXPECT_EQ(r.gils.size(), 2u);  // the worker process has its own GIL
}

TEST(EventLoop, WaitForTimesOutAndCancelsTheInnerTask) {
  std::optional<std::int64_t> result = 5;
  Scene s;
  s.coroutine("slow", [](Runtime& rt) {
    rt.async_sleep(10_s);
    return std::int64_t{1};
  });
  s.coroutine("main", [&result](Runtime& rt) {
    result = rt.wait_for(rt.create_task("slow"), 1_s);
    return std::int64_t{0};
  });
  const Report r = run_main(s);
  EXPECT_FALSE(result.has_value());
  EXPECT_EQ(task_named(r, "slow").state, "cancelled");
  EXPECT_LT(r.elapsed, 1_s + 1_ms);
}

TEST(EventLoop, AsyncioEventAndQueueSuspendOnlyTheCoroutine) {
  Scene s;
  s.event("ready", SyncKind::Asyncio).queue("items", SyncKind::Asyncio);
  std::vector<std::int64_t> got;
  s.coroutine("consumer", [&got](Runtime& rt) {
    rt.wait("ready");
    for (int i = 0; i < 3; ++i) got.push_back(rt.get("items"));
    return std::int64_t{0};
  });
  s.coroutine("main", [](Runtime& rt) {
    const auto c = rt.create_task("consumer");
    rt.async_sleep(10_ms);
    rt.set("ready");
    for (std::int64_t v : {1, 2, 3}) {
      rt.put("items", v);
      rt.async_sleep(1_ms);
    }
    rt.await_task(c);
    return std::int64_t{0};
  });
  const Report r = run_main(s);
  EXPECT_EQ(got, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(r.outcome, Outcome::Completed);
}

TEST(EventLoop, ToThreadWorkersShareTheProcessGil) {
  Scene s;
  s.coroutine("job", [](Runtime& rt) {
    return rt.run_in_executor(-1, [](Runtime& worker) {
      worker.cpu(100_ms);  // Python code in a worker thread still needs the GIL
      return std::int64_t{1};
    });
  });
  s.coroutine("main", [](Runtime& rt) {
    rt.gather({rt.create_task("job"), rt.create_task("job")});
    return std::int64_t{0};
  });
  const Report r = run_main(s);
  EXPECT_EQ(r.gils.size(), 1u);  // threads, not processes
  ASSERT_NE(r.unit("loop.to_thread[0]"), nullptr);
  ASSERT_NE(r.unit("loop.to_thread[1]"), nullptr);
  EXPECT_GE(r.elapsed, 200_ms);                          // two workers, one GIL: no parallelism
  EXPECT_GT(r.gils[0].handoffs, 30u);                    // they take turns every 5 ms
  EXPECT_TRUE(r.unit("loop.to_thread[0]")->ended >= 0);  // shut down at the end of asyncio.run
}

TEST(EventLoop, AsyncioLockSerialisesTasksInArrivalOrder) {
  Scene s;
  s.lock("L", SyncKind::Asyncio);
  std::vector<std::string> order;
  for (std::string name : {"a", "b", "c"}) {
    s.coroutine(name, [&order, name](Runtime& rt) {
      rt.acquire("L");
      order.push_back(name);
      rt.async_sleep(10_ms);
      rt.release("L");
      return std::int64_t{0};
    });
  }
  s.coroutine("main", [](Runtime& rt) {
    rt.gather({rt.create_task("a"), rt.create_task("b"), rt.create_task("c")});
    return std::int64_t{0};
  });
  const Report r = run_main(s);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_GE(r.elapsed, 30_ms);
}

TEST(EventLoop, ALoopWaitingForeverIsADeadlock) {
  Scene s;
  s.event("never", SyncKind::Asyncio);
  s.coroutine("main", [](Runtime& rt) {
    rt.wait("never");
    return std::int64_t{0};
  });
  const Report r = run_main(s);
  EXPECT_EQ(r.outcome, Outcome::Deadlock);
  ASSERT_EQ(r.deadlock.waiters.size(), 1u);
  EXPECT_EQ(r.deadlock.waiters[0].waits_on,
            "select() in its event loop; task main waits on asyncio event never");
}

TEST(EventLoop, TenThousandCoroutinesSleepingTwentyTimes) {
  Scene s;
  s.coroutine("sleeper", [](Runtime& rt) {
    for (int i = 0; i < 20; ++i) rt.async_sleep(1_ms);
    return std::int64_t{0};
  });
  s.coroutine("main", [](Runtime& rt) {
    std::vector<std::int64_t> tasks;
    for (int i = 0; i < 10'000; ++i) tasks.push_back(rt.create_task("sleeper"));
    rt.gather(tasks);
    return std::int64_t{0};
  });
  const Report r = run_main(s);
  ASSERT_EQ(r.loops.size(), 1u);
  EXPECT_EQ(r.loops[0].tasks_finished, 10'001u);
  // Each wake-up costs the loop a task step: 10,000 x 20 of them, serialised on the loop's thread.
  const Machine m;
  EXPECT_GE(r.elapsed, 10'000 * 20 * m.task_step);
}

}  // namespace
}  // namespace gilsim

namespace gilsim {
namespace {

using namespace time_literals;

// A task whose sleep is due and which a task ahead of it cancels in the same iteration must be queued
// once: resumed twice, its next await would return at once.
TEST(EventLoopRegression, ADueTaskCancelledInTheSameIterationIsResumedOnce) {
  Time slept = -1;
  Scene s;
  s.coroutine("sleeper", [&slept](Runtime& rt) {
    try {
      rt.async_sleep(10_ms);
    } catch (const Cancelled&) {
      const Time t0 = rt.now();
      rt.async_sleep(100_ms);  // it swallows the cancellation and sleeps again
      slept = rt.now() - t0;
    }
    return std::int64_t{0};
  });
  s.coroutine("canceller", [](Runtime& rt) {
    rt.async_sleep(10_ms);
    return std::int64_t{0};
  });
  s.coroutine("main", [](Runtime& rt) {
    const auto canceller = rt.create_task("canceller");
    const auto sleeper = rt.create_task("sleeper");
    rt.await_task(canceller);
    rt.cancel(sleeper);  // in the iteration where the sleeper's timer is due too
    rt.await_task(sleeper);
    return std::int64_t{0};
  });
  run_main(s);
  EXPECT_GE(slept, 100_ms);
}

TEST(EventLoopRegression, AnItemHandedToACancelledGetterGoesToTheNext) {
  std::int64_t second_got = -1;
  Scene s;
  s.queue("q", SyncKind::Asyncio);
  s.coroutine("first", [](Runtime& rt) { return rt.get("q"); });
  s.coroutine("second", [&second_got](Runtime& rt) {
    second_got = rt.get("q");
    return second_got;
  });
  s.coroutine("main", [](Runtime& rt) {
    const auto first = rt.create_task("first");
    const auto second = rt.create_task("second");
    rt.async_sleep(1_ms);  // both wait on the empty queue
    rt.put("q", 42);       // handed to the first getter ...
    rt.cancel(first);      // ... which is cancelled before it runs
    rt.wait_for(second, 1_s);
    return std::int64_t{0};
  });
  run_main(s);
  EXPECT_EQ(second_got, 42);
}

TEST(EventLoopRegression, ALockHandedToACancelledWaiterGoesToTheNext) {
  bool second_locked = false;
  Scene s;
  s.lock("L", SyncKind::Asyncio);
  s.coroutine("first", [](Runtime& rt) {
    rt.acquire("L");
    rt.release("L");
    return std::int64_t{0};
  });
  s.coroutine("second", [&second_locked](Runtime& rt) {
    rt.acquire("L");
    second_locked = true;
    rt.release("L");
    return std::int64_t{0};
  });
  s.coroutine("main", [](Runtime& rt) {
    rt.acquire("L");
    const auto first = rt.create_task("first");
    const auto second = rt.create_task("second");
    rt.async_sleep(1_ms);  // both wait for the lock
    rt.release("L");       // handed to the first waiter ...
    rt.cancel(first);      // ... which is cancelled before it runs
    rt.wait_for(second, 1_s);
    return std::int64_t{0};
  });
  run_main(s);
  EXPECT_TRUE(second_locked);
}

TEST(EventLoopRegression, ACancelledMainTaskFailsAsyncioRun) {
  Scene s;
  s.coroutine("killer", [](Runtime& rt) {
    rt.cancel(0);  // the main task is the loop's first task
    return std::int64_t{0};
  });
  s.coroutine("main", [](Runtime& rt) {
    rt.create_task("killer");
    rt.async_sleep(1_s);
    return std::int64_t{0};
  });
  EXPECT_THROW(run_main(s), RunError);
}

// Task.cancel() of a task awaiting another passes the cancellation on; if the awaited one swallows it and
// returns, the awaiter gets its result (CPython 3.11), and so does wait_for.
TEST(EventLoopRegression, AnInnerTaskThatSwallowsTheCancellationReturnsItsResult) {
  std::int64_t outer_got = -1;
  std::optional<std::int64_t> wait_for_got;
  Scene s;
  s.coroutine("stubborn", [](Runtime& rt) {
    try {
      rt.async_sleep(10_s);
    } catch (const Cancelled&) {
    }
    return std::int64_t{5};
  });
  s.coroutine("outer", [&outer_got](Runtime& rt) {
    outer_got = rt.await_task(rt.create_task("stubborn"));
    return outer_got;
  });
  s.coroutine("main", [&wait_for_got](Runtime& rt) {
    const auto outer = rt.create_task("outer");
    rt.async_sleep(1_ms);
    rt.cancel(outer);
    rt.await_task(outer);
    wait_for_got = rt.wait_for(rt.create_task("stubborn"), 1_ms);
    return std::int64_t{0};
  });
  run_main(s);
  EXPECT_EQ(outer_got, 5);
  EXPECT_EQ(wait_for_got, std::optional<std::int64_t>{5});
}

}  // namespace
}  // namespace gilsim
