// The chapter's programs as shipped scenarios: how they compare with each other, and repeatability.
#include <gtest/gtest.h>

#include "sim/engine/virtual_engine.hpp"
#include "sim/load/scenario_loader.hpp"
#include "sim/report/json_report.hpp"

namespace gilsim {
namespace {

std::string source_path(const std::string& relative) {
  return std::string(GILSIM_SOURCE_DIR) + "/" + relative;
}

Report run_file(const std::string& relative, const std::vector<ParamOverride>& overrides = {},
                int cores = 0) {
  Scenario s = load_scenario_file(source_path(relative), overrides);
  if (cores > 0) s.machine.cores = cores;
  return run_virtual(s);
}

TEST(ShippedScenarios, ThreadsAreNoFasterThanSequential) {
  const Report sequential = run_file("scenarios/primes_sequential.yaml");
  for (int workers : {1, 2, 4, 8}) {
    const Report threads = run_file("scenarios/primes_threads.yaml", {{"workers", std::to_string(workers)}});
    EXPECT_GE(threads.elapsed, sequential.elapsed) << workers << " workers";
    // ... and only slower by the hand-offs (well under 1 %).
    EXPECT_LT(to_seconds(threads.elapsed), to_seconds(sequential.elapsed) * 1.01) << workers << " workers";
  }
}

TEST(ShippedScenarios, ProcessesScaleWithCoresNotBeyond) {
  const double one = to_seconds(run_file("scenarios/primes_procs.yaml", {{"workers", "1"}}).elapsed);
  const double two_on_two =
      to_seconds(run_file("scenarios/primes_procs.yaml", {{"workers", "2"}}, 2).elapsed);
  const double four_on_two =
      to_seconds(run_file("scenarios/primes_procs.yaml", {{"workers", "4"}}, 2).elapsed);
  const double two_on_one =
      to_seconds(run_file("scenarios/primes_procs.yaml", {{"workers", "2"}}, 1).elapsed);
  const double four_on_four =
      to_seconds(run_file("scenarios/primes_procs.yaml", {{"workers", "4"}}, 4).elapsed);
  // Two cores: about twice as fast (the biggest checks do not split evenly: the book saw 1.8x too).
  EXPECT_GT(one / two_on_two, 1.7);
  EXPECT_LE(one / two_on_two, 2.0);
  // More workers than cores: no better than the cores allow.
  EXPECT_LE(one / four_on_two, 2.0);
  // One core: no speed-up at all.
  EXPECT_GE(two_on_one, one);
  // Four cores, four workers: faster again.
  EXPECT_GT(one / four_on_four, 3.0);
}

TEST(ShippedScenarios, SameScenarioSameSeedSameJsonByteForByte) {
  const std::string a = render_json(run_file("scenarios/primes_threads.yaml", {{"workers", "4"}}));
  const std::string b = render_json(run_file("scenarios/primes_threads.yaml", {{"workers", "4"}}));
  EXPECT_EQ(a, b);
}

TEST(ShippedScenarios, DeadlockIsReportedWithWhoWaitsOnWhat) {
  const Report r = run_file("tests/data/deadlock_queue.yaml");
  ASSERT_EQ(r.outcome, Outcome::Deadlock);
  ASSERT_EQ(r.deadlock.waiters.size(), 2u);
  EXPECT_EQ(r.deadlock.waiters[0].unit, "main");
  EXPECT_EQ(r.deadlock.waiters[0].waits_on, "unit worker (join)");
  EXPECT_EQ(r.deadlock.waiters[1].unit, "worker");
  EXPECT_EQ(r.deadlock.waiters[1].waits_on, "queue jobs (get)");
}

TEST(ShippedScenarios, LoopWithoutTimePassingIsAnErrorAtItsStep) {
  try {
    run_file("tests/data/zero_time_loop.yaml");
    FAIL() << "expected a RunError";
  } catch (const RunError& e) {
    const std::string what = e.what();
    EXPECT_NE(
        what.find("zero_time_loop.yaml:10:15: unit main ran 10000000 steps without virtual time passing"),
        std::string::npos)
        << what;
  }
}

}  // namespace
}  // namespace gilsim
