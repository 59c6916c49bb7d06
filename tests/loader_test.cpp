// Loader tests: a scenario that uses every key and step kind, read into the model and checked field by field.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "sim/load/scenario_loader.hpp"

namespace gilsim {
namespace {

using namespace time_literals;

// Line numbers matter: tests below check positions, so the text starts on line 1.
constexpr const char* kFull = R"(name: full_example
description: Every step kind once
machine:
  cores: $cores
  switch_interval: 5ms
  wakeup: random
  seed: 7
params:
  cores: 4
  workers: 3
  delay: 2ms
  numbers: [2, 5_000_111_000_222_021]
events: [done, {name: ready, kind: process}]
queues: [jobs, results]
locks: [L]
units:
  - name: main
    description: the producer
    steps:
      - cpu: 1s
      - native: 10ms
      - io: $delay
      - sleep: 250us
      - is_prime: 5_000_111_000_222_021
      - set: done
      - clear: done
      - wait: done
      - wait: {event: ready, timeout: 100ms}
      - put: {queue: jobs, values: $numbers}
      - put: {queue: jobs, value: 0, times: $workers}
      - acquire: L
      - release: L
      - spawn: worker
      - start: spinner
      - get: {queue: results, as: answer}
      - put: {queue: results, value: $answer}
      - join: worker
      - output: frame
      - for_each: {values: [$answer, 7], as: v, steps: [{is_prime: $v}]}
  - name: worker
    kind: process
    count: $workers
    start: spawn
    steps:
      - consume:
          queue: jobs
          as: n
          sentinel: -1
          sentinels: 2
          steps:
            - is_prime: $n
            - put: {queue: results, values: [$n, 1]}
  - name: spinner
    start: spawn
    steps:
      - repeat:
          until_set: done
          steps:
            - output: frame
            - repeat: {times: 2, steps: [{sleep: 100ms}]}
expect:
  - metric: units.spinner.marks.frame.max_gap
    below: 110ms
  - metric: units.worker.cpu
    share_of: units.main.elapsed
    between: [0.5, $workers]
)";

/// shown writes an IntExpr as a scenario would ("$n" or "5"), so that failed comparisons read well.
std::string shown(const IntExpr& e) {
  return e.variable.empty() ? std::to_string(e.literal) : "$" + e.variable;
}

/// shown writes a list of IntExprs as "[2, $n]".
std::string shown(const std::vector<IntExpr>& list) {
  std::string out;
  for (const IntExpr& e : list) {
    if (!out.empty()) out += ", ";
    out += shown(e);
  }
  return "[" + out + "]";
}

class LoaderTest : public ::testing::Test {
 protected:
  Scenario scenario = load_scenario_text(kFull, "scenarios/full.yaml");
  const UnitSpec& main_unit() const { return scenario.units.at(0); }
  const Step& main_step(std::size_t i) const { return main_unit().steps.at(i); }
};

TEST_F(LoaderTest, ReadsTheHeaderAndMachine) {
  EXPECT_EQ(scenario.name, "full_example");
  EXPECT_EQ(scenario.description, "Every step kind once");
  EXPECT_EQ(scenario.file, "scenarios/full.yaml");
  EXPECT_EQ(scenario.machine.cores, 4);  // from $cores
  EXPECT_EQ(scenario.machine.switch_interval, 5_ms);
  EXPECT_EQ(scenario.machine.wakeup, WakeupOrder::Random);
  EXPECT_EQ(scenario.machine.seed, 7u);
  EXPECT_EQ(scenario.machine.time_slice, Machine{}.time_slice);  // not written: the struct's default
}

TEST_F(LoaderTest, ReadsDeclarations) {
  ASSERT_EQ(scenario.events.size(), 2u);
  EXPECT_EQ(scenario.events[1].name, "ready");
  EXPECT_EQ(scenario.events[1].kind, SyncKind::Process);
  EXPECT_EQ(scenario.events[0].kind, SyncKind::Thread);
  EXPECT_EQ(scenario.queues[1].name, "results");
  EXPECT_EQ(scenario.locks[0].name, "L");
  EXPECT_EQ(scenario.events[0].pos.line, 13);
}

TEST_F(LoaderTest, ReadsUnits) {
  ASSERT_EQ(scenario.units.size(), 3u);
  EXPECT_EQ(main_unit().description, "the producer");
  EXPECT_FALSE(main_unit().spawned);
  const UnitSpec& worker = scenario.units[1];
  EXPECT_EQ(worker.kind, UnitKind::Process);
  EXPECT_EQ(worker.count, 3);  // from $workers
  EXPECT_TRUE(worker.spawned);
  EXPECT_EQ(worker.pos.line, 40);
  EXPECT_EQ(worker.pos.column, 5);
}

TEST_F(LoaderTest, ReadsTimedSteps) {
  EXPECT_EQ(main_step(0).kind, StepKind::Cpu);
  EXPECT_EQ(main_step(0).duration, 1_s);
  EXPECT_EQ(main_step(1).kind, StepKind::Native);
  EXPECT_EQ(main_step(1).duration, 10_ms);
  EXPECT_EQ(main_step(2).kind, StepKind::Io);
  EXPECT_EQ(main_step(2).duration, 2_ms);  // from $delay
  EXPECT_EQ(main_step(3).kind, StepKind::Sleep);
  EXPECT_EQ(main_step(3).duration, 250_us);
  EXPECT_EQ(main_step(4).kind, StepKind::IsPrime);
  EXPECT_EQ(shown(main_step(4).value), "5000111000222021");
}

TEST_F(LoaderTest, StepsKnowWhereTheyWereWritten) {
  EXPECT_EQ(main_step(0).pos.file, "scenarios/full.yaml");
  EXPECT_EQ(main_step(0).pos.line, 20);
  EXPECT_EQ(main_step(0).pos.column, 9);
  EXPECT_EQ(scenario.units[2].steps[0].body[1].pos.line, 60);
  EXPECT_EQ(scenario.units[2].steps[0].body[1].pos.column, 15);
}

TEST_F(LoaderTest, ResolvesEventSteps) {
  EXPECT_EQ(main_step(5).kind, StepKind::Set);
  EXPECT_EQ(main_step(5).target, "done");
  EXPECT_EQ(main_step(5).target_index, 0);
  EXPECT_EQ(main_step(6).kind, StepKind::Clear);
  EXPECT_EQ(main_step(7).kind, StepKind::Wait);
  EXPECT_EQ(main_step(7).duration, kNever);
  EXPECT_EQ(main_step(8).target_index, 1);
  EXPECT_EQ(main_step(8).duration, 100_ms);
}

TEST_F(LoaderTest, ReadsQueueSteps) {
  const Step& list = main_step(9);
  EXPECT_EQ(list.kind, StepKind::Put);
  EXPECT_EQ(list.target_index, 0);
  EXPECT_EQ(shown(list.values), "[2, 5000111000222021]");
  EXPECT_EQ(shown(main_step(10).values), "[0, 0, 0]");  // one sentinel per worker
  const Step& get = main_step(15);
  EXPECT_EQ(get.kind, StepKind::Get);
  EXPECT_EQ(get.target_index, 1);
  EXPECT_EQ(get.variable, "answer");
  EXPECT_EQ(shown(main_step(16).values), "[$answer]");
}

TEST_F(LoaderTest, ResolvesLocksAndUnits) {
  EXPECT_EQ(main_step(11).kind, StepKind::Acquire);
  EXPECT_EQ(main_step(11).target_index, 0);
  EXPECT_EQ(main_step(12).kind, StepKind::Release);
  EXPECT_EQ(main_step(13).kind, StepKind::Spawn);
  EXPECT_EQ(main_step(13).target_index, 1);
  EXPECT_EQ(main_step(14).kind, StepKind::Spawn);  // `start:` is spawn's alias
  EXPECT_EQ(main_step(14).target, "spinner");
  EXPECT_EQ(main_step(14).target_index, 2);
  EXPECT_EQ(main_step(17).kind, StepKind::Join);
  EXPECT_EQ(main_step(18).kind, StepKind::Output);
  EXPECT_EQ(main_step(18).target, "frame");
}

TEST_F(LoaderTest, ReadsConsume) {
  const Step& consume = scenario.units[1].steps.at(0);
  EXPECT_EQ(consume.kind, StepKind::Consume);
  EXPECT_EQ(consume.target_index, 0);
  EXPECT_EQ(consume.variable, "n");
  EXPECT_EQ(consume.sentinel, -1);
  EXPECT_EQ(consume.sentinels, 2);
  ASSERT_EQ(consume.body.size(), 2u);
  EXPECT_EQ(shown(consume.body[0].value), "$n");
  EXPECT_EQ(shown(consume.body[1].values), "[$n, 1]");
}

TEST_F(LoaderTest, ReadsRepeat) {
  const Step& loop = scenario.units[2].steps.at(0);
  EXPECT_EQ(loop.kind, StepKind::Repeat);
  EXPECT_EQ(loop.times, -1);
  EXPECT_EQ(loop.until_set, "done");
  EXPECT_EQ(loop.until_index, 0);
  const Step& inner = loop.body.at(1);
  EXPECT_EQ(inner.times, 2);
  EXPECT_EQ(inner.until_index, -1);
  EXPECT_EQ(inner.body.at(0).duration, 100_ms);
}

TEST_F(LoaderTest, ReadsForEach) {
  const Step& loop = main_step(19);
  EXPECT_EQ(loop.kind, StepKind::ForEach);
  EXPECT_EQ(shown(loop.values), "[$answer, 7]");
  EXPECT_EQ(loop.variable, "v");
  ASSERT_EQ(loop.body.size(), 1u);
  EXPECT_EQ(shown(loop.body[0].value), "$v");
}

TEST_F(LoaderTest, ReadsExpectations) {
  ASSERT_EQ(scenario.expectations.size(), 2u);
  const Expectation& gap = scenario.expectations[0];
  EXPECT_EQ(gap.metric, "units.spinner.marks.frame.max_gap");
  EXPECT_EQ(gap.op, Comparison::Below);
  EXPECT_DOUBLE_EQ(gap.bound, 0.110);
  EXPECT_EQ(gap.text, "units.spinner.marks.frame.max_gap below 110ms");
  EXPECT_EQ(gap.pos.line, 62);
  EXPECT_EQ(gap.pos.column, 5);
  const Expectation& share = scenario.expectations[1];
  EXPECT_EQ(share.share_of, "units.main.elapsed");
  EXPECT_EQ(share.op, Comparison::Between);
  EXPECT_DOUBLE_EQ(share.bound, 0.5);
  EXPECT_DOUBLE_EQ(share.upper, 3);  // from $workers
}

TEST_F(LoaderTest, RecordsFinalParams) {
  EXPECT_EQ(scenario.params.at("workers"), "3");
  EXPECT_EQ(scenario.params.at("delay"), "2ms");
  EXPECT_EQ(scenario.params.at("numbers"), "[2, 5000111000222021]");
}

TEST(LoaderOverrides, ReplaceDefaultsEverywhere) {
  const Scenario s = load_scenario_text(
      kFull, "full.yaml", {{"workers", "5"}, {"delay", "1ms"}, {"numbers", "[7, 11, 13]"}, {"cores", "1"}});
  EXPECT_EQ(s.machine.cores, 1);
  EXPECT_EQ(s.units[1].count, 5);
  EXPECT_EQ(s.units[0].steps[2].duration, 1 * kMillisecond);
  EXPECT_EQ(s.units[0].steps[9].values.size(), 3u);
  EXPECT_EQ(s.units[0].steps[10].values.size(), 5u);
  EXPECT_DOUBLE_EQ(s.expectations[1].upper, 5);
  EXPECT_EQ(s.params.at("numbers"), "[7, 11, 13]");
}

TEST(LoaderDefaults, FillWhatIsNotWritten) {
  const Scenario s = load_scenario_text("units:\n  - name: solo\n", "dir/my_scenario.yaml");
  EXPECT_EQ(s.name, "my_scenario");  // the file's stem
  ASSERT_EQ(s.units.size(), 1u);
  const UnitSpec& solo = s.units[0];
  EXPECT_EQ(solo.kind, UnitKind::Thread);
  EXPECT_EQ(solo.count, 1);
  EXPECT_FALSE(solo.spawned);
  EXPECT_TRUE(solo.steps.empty());
  EXPECT_EQ(s.machine.cores, Machine{}.cores);
  EXPECT_TRUE(s.params.empty());
}

TEST(LoaderForms, AcceptShortAndLongForms) {
  const Scenario s = load_scenario_text(R"(queues: [jobs]
units:
  - name: a
    steps:
      - get: jobs
      - is_prime: $item
      - consume: {queue: jobs, steps: [{put: {queue: jobs, value: $item}}]}
      - for_each: {values: $ns, steps: [{is_prime: $item}]}
params: {ns: [3, 5]}
)",
                                        "forms.yaml");
  const auto& steps = s.units[0].steps;
  EXPECT_EQ(steps[0].variable, "item");  // get's default variable
  EXPECT_EQ(shown(steps[1].value), "$item");
  EXPECT_EQ(steps[2].variable, "item");
  EXPECT_EQ(steps[2].sentinel, 0);
  EXPECT_EQ(steps[2].sentinels, 1);
  EXPECT_EQ(shown(steps[3].values), "[3, 5]");
  EXPECT_EQ(steps[3].variable, "item");  // for_each's default variable
}

TEST(LoaderFile, ReadsAFileFromDisk) {
  const std::string path = ::testing::TempDir() + "gilsim_loader_disk.yaml";
  std::ofstream(path) << "units:\n  - name: main\n    steps: [{cpu: 2ms}]\n";
  const Scenario s = load_scenario_file(path);
  EXPECT_EQ(s.name, "gilsim_loader_disk");
  EXPECT_EQ(s.units[0].steps[0].duration, 2 * kMillisecond);
  EXPECT_EQ(s.units[0].steps[0].pos.file, path);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace gilsim
