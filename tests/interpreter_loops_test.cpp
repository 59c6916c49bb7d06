// The step interpreter's loops: repeat (counted, until an event is set), for_each and consume, nested, left
// by a `return`, and failing. They run in the frame of the steps that hold them (a list of blocks), so
// what each turn binds and how each loop ends is pinned here by what the units leave in the report: the
// marks they output and the numbers they check for primality, in order.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/virtual_engine.hpp"
#include "sim/load/scenario_loader.hpp"
#include "sim/runtime/run_error.hpp"

namespace gilsim {
namespace {

Report run_yaml(const std::string& yaml) {
  return run_virtual(load_scenario_text(yaml, "loops.yaml"));
}

/// marks is how many times unit 0 output `name` (0 when never).
std::uint64_t marks(const Report& r, const std::string& name, std::size_t unit = 0) {
  const auto& m = r.units.at(unit).marks;
  const auto it = m.find(name);
  return it == m.end() ? 0 : it->second.count;
}

/// checked is the numbers the run checked for primality, in the order the checks ended.
std::vector<std::int64_t> checked(const Report& r) {
  std::vector<std::int64_t> ns;
  for (const Answer& a : r.answers) ns.push_back(a.n);
  return ns;
}

// (Loops with no steps end by themselves: their turns are not spins.)
TEST(InterpreterLoops, ACountedRepeatRunsItsBodyThatManyTimesNestedIncluded) {
  const Report r = run_yaml(R"(units:
  - name: t
    steps:
      - repeat: {times: 0, steps: [{output: never}]}
      - repeat: {times: 3, steps: [{output: outer}, {repeat: {times: 2, steps: [{output: inner}]}}]}
      - repeat: {times: 5, steps: []}
      - for_each: {values: [1, 2], as: k, steps: []}
      - output: after
)");
  ASSERT_EQ(r.outcome, Outcome::Completed);
  EXPECT_EQ(marks(r, "never"), 0u);
  EXPECT_EQ(marks(r, "outer"), 3u);
  EXPECT_EQ(marks(r, "inner"), 6u);
  EXPECT_EQ(marks(r, "after"), 1u);
}

TEST(InterpreterLoops, ForEachBindsEachValueBeforeItsTurn) {
  const Report r = run_yaml(R"(units:
  - name: t
    steps:
      - repeat:
          times: 2
          steps:
            - for_each: {values: [7, 11, 13], as: k, steps: [{is_prime: $k}]}
            - is_prime: 3
)");
  ASSERT_EQ(r.outcome, Outcome::Completed);
  EXPECT_EQ(checked(r), (std::vector<std::int64_t>{7, 11, 13, 3, 7, 11, 13, 3}));
}

// `until_set` is a do-while: the body runs before the first check, and the loop stops after the first
// turn that ends with the event set.
TEST(InterpreterLoops, RepeatUntilChecksAfterEachTurn) {
  const Report r = run_yaml(R"(events: [done, early]
units:
  - name: ticker
    steps:
      - set: early
      - repeat: {until_set: early, steps: [{output: once}]}
      - repeat: {until_set: done, steps: [{output: tick}, {sleep: 10ms}]}
  - name: setter
    steps: [{sleep: 25ms}, {set: done}]
)");
  ASSERT_EQ(r.outcome, Outcome::Completed);
  EXPECT_EQ(marks(r, "once"), 1u);
  EXPECT_EQ(marks(r, "tick"), 3u);  // ticks at 0, 10 and 20 ms; the turn that ends at 30 ms sees `done`
}

TEST(InterpreterLoops, ConsumeRunsItsBodyForEachItemUntilTheLastSentinel) {
  const Report r = run_yaml(R"(queues: [q]
units:
  - name: consumer
    steps:
      - consume: {queue: q, as: n, sentinel: 0, sentinels: 2, steps: [{is_prime: $n}]}
      - output: after
  - name: producer
    steps:
      - put: {queue: q, values: [5, 0, 7, 0, 9]}
)");
  ASSERT_EQ(r.outcome, Outcome::Completed);
  EXPECT_EQ(checked(r), (std::vector<std::int64_t>{5, 7}));  // 9 comes after the second sentinel
  EXPECT_EQ(marks(r, "after"), 1u);
}

TEST(InterpreterLoops, AReturnInsideNestedLoopsEndsTheCoroutine) {
  const Report r = run_yaml(R"(coroutines:
  - name: main
    steps:
      - repeat:
          times: 3
          steps:
            - for_each: {values: [1, 2], as: k, steps: [{output: turn}, {return: $k}]}
      - output: never
units:
  - name: loop
    steps: [{asyncio_run: main}, {output: done}]
)");
  ASSERT_EQ(r.outcome, Outcome::Completed);
  ASSERT_EQ(r.tasks.size(), 1u);
  EXPECT_EQ(r.tasks[0].state, "finished");
  EXPECT_EQ(r.tasks[0].marks.at("turn").count, 1u);
  EXPECT_EQ(r.tasks[0].marks.count("never"), 0u);
  EXPECT_EQ(marks(r, "done"), 1u);
}

// In a task, consume's get really suspends (an asyncio queue, empty until main fills it); a `return` from
// loops nested in its body ends the coroutine with the value bound there.
TEST(InterpreterLoops, AnAsyncConsumeSuspendsAndAReturnFromItsBodyEndsTheTask) {
  const Report r = run_yaml(R"(queues: [{name: q, kind: asyncio}]
coroutines:
  - name: main
    steps:
      - create_task: {coroutine: worker, as: w}
      - async_sleep: 1ms
      - put: {queue: q, values: [3, 4]}
      - await: {task: $w, as: got}
      - is_prime: $got
  - name: worker
    steps:
      - consume:
          queue: q
          as: n
          steps:
            - is_prime: $n
            - repeat: {times: 2, steps: [{async_sleep: 1ms}, {output: tick}]}
            - for_each: {values: [$n], as: k, steps: [{return: $k}]}
      - output: never
units:
  - name: t
    steps: [{asyncio_run: main}]
)");
  ASSERT_EQ(r.outcome, Outcome::Completed);
  ASSERT_EQ(r.tasks.size(), 2u);
  const TaskStats& worker = r.tasks[1];
  EXPECT_EQ(worker.state, "finished");
  EXPECT_EQ(worker.marks.at("tick").count, 2u);
  EXPECT_EQ(worker.marks.count("never"), 0u);
  EXPECT_EQ(checked(r), (std::vector<std::int64_t>{3, 3}));  // the item, then main's check of the result
}

// A task cancelled while its consume waits for an item leaves the loop there; its on_cancel steps (a loop
// too) run, and the task ends cancelled.
TEST(InterpreterLoops, ATaskCancelledInsideConsumeRunsItsOnCancelLoop) {
  const Report r = run_yaml(R"(queues: [{name: q, kind: asyncio}]
coroutines:
  - name: main
    steps:
      - create_task: {coroutine: worker, as: w}
      - put: {queue: q, values: [3]}
      - async_sleep: 5ms
      - cancel: $w
      - async_sleep: 1ms
  - name: worker
    steps:
      - repeat: {until_set: never_set, steps: [{consume: {queue: q, as: n, steps: [{is_prime: $n}]}}]}
    on_cancel: [{repeat: {times: 2, steps: [{output: bye}]}}]
events: [never_set]
units:
  - name: t
    steps: [{asyncio_run: main}, {output: done}]
)");
  ASSERT_EQ(r.outcome, Outcome::Completed);
  EXPECT_EQ(r.tasks.at(1).state, "cancelled");
  EXPECT_EQ(r.tasks.at(1).marks.at("bye").count, 2u);
  EXPECT_EQ(checked(r), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(marks(r, "done"), 1u);
}

// A consume with no steps of its own still counts its sentinels.
TEST(InterpreterLoops, AConsumeWithAnEmptyBodyEndsAtItsLastSentinel) {
  const Report r = run_yaml(R"(queues: [q]
units:
  - name: consumer
    steps:
      - consume: {queue: q, sentinel: 0, sentinels: 2, steps: []}
      - output: after
  - name: producer
    steps:
      - put: {queue: q, values: [5, 0]}
      - sleep: 1ms
      - put: {queue: q, values: [7, 0, 9]}
)");
  ASSERT_EQ(r.outcome, Outcome::Completed);
  ASSERT_EQ(marks(r, "after"), 1u);
  const Time after = r.units[0].marks.at("after").first;
  EXPECT_GE(after, 1 * kMillisecond);  // the second sentinel came after the producer's sleep
  EXPECT_LT(after, 2 * kMillisecond);
}

// A repeat of no steps until an event nobody sets spins at one instant: reported, not hung in.
TEST(InterpreterLoops, AnEmptyRepeatUntilAnEventIsReportedAsASpin) {
  try {
    run_yaml(R"(events: [done]
units:
  - name: t
    steps:
      - repeat: {until_set: done, steps: []}
)");
    FAIL() << "the spin must be reported";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find("loops.yaml:5:9: unit t ran 10000000 steps without virtual time"),
              std::string::npos)
        << e.what();
  }
}

// An error in a loop's body names the body's step, not the loop's.
TEST(InterpreterLoops, AnErrorInANestedBodyNamesItsOwnStep) {
  try {
    run_yaml(R"(locks: [door]
units:
  - name: t
    steps:
      - repeat:
          times: 2
          steps:
            - release: door
)");
    FAIL() << "releasing a lock nobody holds must fail";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find("loops.yaml:8:15: unit t:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace gilsim
