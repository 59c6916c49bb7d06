// Loader tests for asyncio: a scenario that uses every coroutine key and async step, read into the model.
#include <gtest/gtest.h>

#include "sim/load/scenario_loader.hpp"

namespace gilsim {
namespace {

using namespace time_literals;

// Line numbers matter: tests below check positions, so the text starts on line 1.
constexpr const char* kAsync = R"(name: async_example
description: Every asyncio key and step once
machine:
  loop_iteration: 4us
  task_step: 2us
  slow_callback: 50ms
params:
  workers: 3
  nap: 1000
events: [stop, {name: done, kind: asyncio}]
queues: [{name: inbox, kind: asyncio}]
locks: [{name: guard, kind: asyncio}]
executors:
  - {name: pool, kind: process, workers: $workers}
  - name: files
coroutines:
  - name: supervisor
    description: starts the spinner, awaits the work, cancels the spinner
    steps:
      - create_task: spin
      - create_task: {coroutine: slow, as: worker, name: slow-1}
      - await: slow
      - await: {coroutine: slow, as: r}
      - await: $worker
      - await: {task: $worker, as: w}
      - gather: [slow, $worker]
      - gather: {awaitables: [$spin], as: g}
      - wait_for: {await: slow, timeout: 1s, on_timeout: [{output: timeout}], as: t}
      - run_in_executor: {executor: pool, steps: [{is_prime: $r}], as: p}
      - to_thread: [{io: 10ms}]
      - to_thread: {steps: [{sleep: 1ms}], as: q}
      - cancel: $spin
      - set: done
      - put: {queue: inbox, value: $p}
      - return: $w
    on_cancel:
      - cancel: $worker
      - output: cancelled
  - name: spin
    steps:
      - repeat: {until_set: done, steps: [{output: frame}, {async_sleep: 100ms}]}
      - get: {queue: inbox, as: n}
      - acquire: guard
      - release: guard
      - wait: done
      - is_prime: {n: $n, nap_every: $nap}
      - wait: {event: stop, timeout: 1ms}
  - name: slow
    steps:
      - cpu: 1s
      - async_sleep: 0s
      - return: 42
units:
  - name: main
    steps:
      - asyncio_run: supervisor
      - is_prime: {n: 7}
)";

class LoaderAsyncTest : public ::testing::Test {
 protected:
  Scenario scenario = load_scenario_text(kAsync, "scenarios/async.yaml");
  const CoroutineSpec& supervisor() const { return scenario.coroutines.at(0); }
  const Step& step(std::size_t i) const { return supervisor().steps.at(i); }
};

TEST_F(LoaderAsyncTest, ReadsTheLoopsMachineKeys) {
  EXPECT_EQ(scenario.machine.loop_iteration, 4_us);
  EXPECT_EQ(scenario.machine.task_step, 2_us);
  EXPECT_EQ(scenario.machine.slow_callback, 50_ms);
}

TEST(LoaderAsyncDefaults, MachineKeysDefaultToTheMeasuredFigures) {
  const Machine m = load_scenario_text("units: [{name: a}]\n", "d.yaml").machine;
  EXPECT_EQ(m.loop_iteration, 5_us);
  EXPECT_EQ(m.task_step, 1500);
  EXPECT_EQ(m.slow_callback, 100_ms);
}

TEST_F(LoaderAsyncTest, ReadsAsyncioObjects) {
  EXPECT_EQ(scenario.events.at(0).kind, SyncKind::Thread);
  EXPECT_EQ(scenario.events.at(1).kind, SyncKind::Asyncio);
  EXPECT_EQ(scenario.queues.at(0).kind, SyncKind::Asyncio);
  EXPECT_EQ(scenario.locks.at(0).kind, SyncKind::Asyncio);
}

TEST_F(LoaderAsyncTest, ReadsExecutors) {
  ASSERT_EQ(scenario.executors.size(), 2u);
  const ExecutorSpec& pool = scenario.executors[0];
  EXPECT_EQ(pool.name, "pool");
  EXPECT_EQ(pool.kind, SyncKind::Process);
  EXPECT_EQ(pool.workers, 3);  // from $workers
  EXPECT_EQ(pool.pos.line, 14);
  const ExecutorSpec& files = scenario.executors[1];
  EXPECT_EQ(files.kind, SyncKind::Thread);
  EXPECT_EQ(files.workers, 1);
}

TEST_F(LoaderAsyncTest, ReadsCoroutines) {
  ASSERT_EQ(scenario.coroutines.size(), 3u);
  EXPECT_EQ(supervisor().name, "supervisor");
  EXPECT_EQ(supervisor().description, "starts the spinner, awaits the work, cancels the spinner");
  EXPECT_EQ(supervisor().pos.line, 17);
  EXPECT_EQ(supervisor().steps.size(), 16u);
  ASSERT_EQ(supervisor().on_cancel.size(), 2u);
  EXPECT_EQ(supervisor().on_cancel[0].kind, StepKind::Cancel);
  EXPECT_EQ(supervisor().on_cancel[0].variable, "worker");  // bound at the top level of its steps
  EXPECT_EQ(supervisor().on_cancel[1].target, "cancelled");
  EXPECT_TRUE(scenario.coroutines[1].on_cancel.empty());
}

TEST_F(LoaderAsyncTest, AsyncioRunNamesTheMainCoroutine) {
  const Step& run = scenario.units.at(0).steps.at(0);
  EXPECT_EQ(run.kind, StepKind::AsyncioRun);
  EXPECT_EQ(run.target, "supervisor");
  EXPECT_EQ(run.target_index, 0);
  EXPECT_EQ(run.pos.line, 56);
  EXPECT_EQ(run.pos.column, 9);
}

TEST_F(LoaderAsyncTest, CreateTaskBindsATaskVariable) {
  EXPECT_EQ(step(0).kind, StepKind::CreateTask);
  EXPECT_EQ(step(0).target, "spin");
  EXPECT_EQ(step(0).target_index, 1);
  EXPECT_EQ(step(0).variable, "spin");  // the coroutine's name by default
  EXPECT_EQ(step(0).task_name, "");
  EXPECT_EQ(step(1).target_index, 2);
  EXPECT_EQ(step(1).variable, "worker");
  EXPECT_EQ(step(1).task_name, "slow-1");
}

TEST_F(LoaderAsyncTest, AwaitTakesACoroutineCallOrATask) {
  EXPECT_EQ(step(2).kind, StepKind::Await);
  EXPECT_EQ(step(2).awaitable.coroutine, 2);
  EXPECT_EQ(step(2).awaitable.task_variable, "");
  EXPECT_EQ(step(2).result, "");
  EXPECT_EQ(step(3).awaitable.coroutine, 2);
  EXPECT_EQ(step(3).result, "r");
  EXPECT_EQ(step(4).awaitable.coroutine, -1);
  EXPECT_EQ(step(4).awaitable.task_variable, "worker");
  EXPECT_EQ(step(5).awaitable.task_variable, "worker");
  EXPECT_EQ(step(5).result, "w");
}

TEST_F(LoaderAsyncTest, GatherListsAwaitables) {
  EXPECT_EQ(step(6).kind, StepKind::Gather);
  ASSERT_EQ(step(6).awaitables.size(), 2u);
  EXPECT_EQ(step(6).awaitables[0].coroutine, 2);
  EXPECT_EQ(step(6).awaitables[1].task_variable, "worker");
  EXPECT_EQ(step(6).result, "");
  ASSERT_EQ(step(7).awaitables.size(), 1u);
  EXPECT_EQ(step(7).awaitables[0].task_variable, "spin");
  EXPECT_EQ(step(7).result, "g");
}

TEST_F(LoaderAsyncTest, WaitForHasATimeoutAndSteps) {
  const Step& s = step(8);
  EXPECT_EQ(s.kind, StepKind::WaitFor);
  EXPECT_EQ(s.awaitable.coroutine, 2);
  EXPECT_EQ(s.duration, 1_s);
  ASSERT_EQ(s.body.size(), 1u);
  EXPECT_EQ(s.body[0].kind, StepKind::Output);
  EXPECT_EQ(s.result, "t");
}

TEST_F(LoaderAsyncTest, ExecutorJobsAreOrdinarySteps) {
  const Step& pool = step(9);
  EXPECT_EQ(pool.kind, StepKind::RunInExecutor);
  EXPECT_EQ(pool.target, "pool");
  EXPECT_EQ(pool.target_index, 0);
  ASSERT_EQ(pool.body.size(), 1u);
  EXPECT_EQ(pool.body[0].value.variable, "r");  // the job sees the coroutine's variables
  EXPECT_EQ(pool.result, "p");
  const Step& thread = step(10);
  EXPECT_EQ(thread.kind, StepKind::RunInExecutor);
  EXPECT_EQ(thread.target_index, -1);  // the loop's default thread pool
  EXPECT_EQ(thread.body.at(0).duration, 10_ms);
  EXPECT_EQ(thread.result, "");
  EXPECT_EQ(step(11).target_index, -1);
  EXPECT_EQ(step(11).body.at(0).kind, StepKind::Sleep);
  EXPECT_EQ(step(11).result, "q");
}

TEST_F(LoaderAsyncTest, CancelAndReturn) {
  EXPECT_EQ(step(12).kind, StepKind::Cancel);
  EXPECT_EQ(step(12).variable, "spin");
  EXPECT_EQ(step(14).target_index, 0);  // put on the asyncio queue
  EXPECT_EQ(step(14).values.at(0).variable, "p");
  EXPECT_EQ(step(15).kind, StepKind::Return);
  EXPECT_EQ(step(15).value.variable, "w");
  const Step& literal = scenario.coroutines[2].steps.at(2);
  EXPECT_EQ(literal.kind, StepKind::Return);
  EXPECT_EQ(literal.value.literal, 42);
}

TEST_F(LoaderAsyncTest, CoroutinesUseAsyncioObjectsAndThreadingOnes) {
  const auto& spin = scenario.coroutines[1].steps;
  EXPECT_EQ(spin.at(0).until_index, 1);
  EXPECT_EQ(spin.at(0).body.at(1).kind, StepKind::AsyncSleep);
  EXPECT_EQ(spin.at(0).body.at(1).duration, 100_ms);
  EXPECT_EQ(spin.at(1).variable, "n");
  EXPECT_EQ(spin.at(2).kind, StepKind::Acquire);
  EXPECT_EQ(spin.at(4).target_index, 1);
  EXPECT_EQ(spin.at(4).duration, kNever);
  EXPECT_EQ(spin.at(6).target, "stop");  // a threading event blocks the loop, but is allowed
  EXPECT_EQ(scenario.coroutines[2].steps.at(1).duration, 0);
}

TEST_F(LoaderAsyncTest, IsPrimeNapsOnlyWhenAsked) {
  const Step& napping = scenario.coroutines[1].steps.at(5);
  EXPECT_EQ(napping.kind, StepKind::IsPrime);
  EXPECT_EQ(napping.value.variable, "n");
  EXPECT_EQ(napping.nap_every, 1000);  // from $nap
  const Step& plain = scenario.units[0].steps.at(1);
  EXPECT_EQ(plain.value.literal, 7);
  EXPECT_EQ(plain.nap_every, 0);
}

TEST(LoaderAsyncScopes, TaskVariablesFollowTheBlockRules) {
  const Scenario s = load_scenario_text(R"(coroutines:
  - name: main
    steps:
      - create_task: {coroutine: tick, as: t}
      - repeat:
          times: 2
          steps:
            - create_task: {coroutine: tick, as: inner}
            - await: $inner
            - cancel: $t
      - gather: [$t]
  - name: tick
    steps: [{async_sleep: 1ms}]
units:
  - name: a
    steps: [{asyncio_run: main}]
)",
                                        "scopes.yaml");
  const auto& steps = s.coroutines[0].steps;
  EXPECT_EQ(steps.at(1).body.at(1).awaitable.task_variable, "inner");
  EXPECT_EQ(steps.at(1).body.at(2).variable, "t");  // bound in an enclosing block
  EXPECT_EQ(steps.at(2).awaitables.at(0).task_variable, "t");
}

TEST(LoaderAsyncForms, RepeatForeverUntilCancelled) {
  const Scenario s = load_scenario_text(R"(coroutines:
  - name: spin
    steps:
      - repeat: {forever: true, steps: [{output: frame}, {async_sleep: 100ms}]}
units:
  - name: a
    steps: [{asyncio_run: spin}]
)",
                                        "forever.yaml");
  const Step& loop = s.coroutines[0].steps.at(0);
  EXPECT_EQ(loop.kind, StepKind::Repeat);
  EXPECT_EQ(loop.times, -1);
  EXPECT_EQ(loop.until_index, -1);  // neither a count nor an event: only a cancellation ends it
  EXPECT_EQ(loop.body.size(), 2u);
}

TEST(LoaderAsyncScopes, AnAwaitedResultIsAnInteger) {
  const Scenario s = load_scenario_text(R"(coroutines:
  - name: main
    steps:
      - await: {coroutine: answer, as: n}
      - is_prime: $n
      - to_thread: {steps: [{is_prime: $n}], as: n}
      - return: $n
  - name: answer
    steps: [{return: 7}]
units:
  - name: a
    steps: [{asyncio_run: main}]
)",
                                        "results.yaml");
  const auto& steps = s.coroutines[0].steps;
  EXPECT_EQ(steps.at(1).value.variable, "n");
  EXPECT_EQ(steps.at(2).result, "n");
  EXPECT_EQ(steps.at(3).value.variable, "n");
}

TEST(LoaderAsyncScopes, CoroutinesMaySpawnAndJoinUnits) {
  const Scenario s = load_scenario_text(R"(coroutines:
  - name: main
    steps: [{spawn: helper}, {join: helper}]
units:
  - name: a
    steps: [{asyncio_run: main}]
  - name: helper
    start: spawn
    steps: [{asyncio_run: main}]
)",
                                        "spawn.yaml");
  EXPECT_EQ(s.coroutines[0].steps.at(0).target_index, 1);
  EXPECT_EQ(s.units[1].steps.at(0).target_index, 0);  // two threads may run the same coroutine
}

}  // namespace
}  // namespace gilsim
