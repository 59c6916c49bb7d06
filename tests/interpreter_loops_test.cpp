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

TEST(InterpreterLoops, ACountedRepeatRunsItsBodyThatManyTimesNestedIncluded) {
  const Report r = run_yaml(R"(units:
  - name: t
    steps:
      - repeat: {times: 0, steps: [{output: never}]}
      - repeat: {times: 3, steps: [{output: outer}, {repeat: {times: 2, steps: [{output: inner}]}}]}
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
