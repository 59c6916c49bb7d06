// The report's own sink hears of a GIL hand-off's events through typed calls, and other sinks through
// TraceEvents built only when they are attached. Both paths must tell the same story: a StatsSink attached
// by the caller, fed from the trace, must count what the engine's own counted, and attaching sinks must
// not change the report.
#include <gtest/gtest.h>

#include <string>

#include "sim/engine/virtual_engine.hpp"
#include "sim/load/scenario_loader.hpp"
#include "sim/report/json_report.hpp"
#include "sim/report/stats_sink.hpp"

namespace gilsim {
namespace {

Scenario shipped(const std::string& name) {
  return load_scenario_file(std::string(GILSIM_SOURCE_DIR) + "/scenarios/" + name + ".yaml");
}

/// expect_same_statistics compares what a StatsSink fills: per-unit time columns, GIL counters, cores.
void expect_same_statistics(const Report& engine, const Report& sink, const std::string& what) {
  EXPECT_EQ(engine.elapsed, sink.elapsed) << what;
  EXPECT_EQ(engine.core_busy, sink.core_busy) << what;
  ASSERT_EQ(engine.units.size(), sink.units.size()) << what;
  for (std::size_t i = 0; i < engine.units.size(); ++i) {
    const UnitStats& a = engine.units[i];
    const UnitStats& b = sink.units[i];
    const std::string unit = what + ", " + a.name;
    EXPECT_EQ(a.cpu, b.cpu) << unit;
    EXPECT_EQ(a.native, b.native) << unit;
    EXPECT_EQ(a.core_wait, b.core_wait) << unit;
    EXPECT_EQ(a.gil_wait, b.gil_wait) << unit;
    EXPECT_EQ(a.io, b.io) << unit;
    EXPECT_EQ(a.sync, b.sync) << unit;
    EXPECT_EQ(a.gil_acquisitions, b.gil_acquisitions) << unit;
  }
  ASSERT_EQ(engine.gils.size(), sink.gils.size()) << what;
  for (std::size_t i = 0; i < engine.gils.size(); ++i) {
    const GilStats& a = engine.gils[i];
    const GilStats& b = sink.gils[i];
    EXPECT_EQ(a.acquisitions, b.acquisitions) << what;
    EXPECT_EQ(a.handoffs, b.handoffs) << what;
    EXPECT_EQ(a.drop_requests, b.drop_requests) << what;
    EXPECT_EQ(a.forced_switches, b.forced_switches) << what;
    EXPECT_EQ(a.held, b.held) << what;
  }
}

/// run_with_sink runs `s` with `sink` attached by the caller and returns the engine's own report.
Report run_with_sink(const Scenario& s, StatsSink& sink) {
  RunOptions options;
  options.sinks = {&sink};
  return run_virtual(s, options);
}

TEST(StatsSink, ACallersSinkCountsWhatTheEnginesOwnCounts) {
  for (const char* name : {"primes_threads", "primes_procs", "spinner_prime_thread", "spinner_async"}) {
    Scenario s = shipped(name);
    s.machine.switch_interval = 1 * kMillisecond;  // many hand-offs
    StatsSink sink;
    const Report engine = run_with_sink(s, sink);
    ASSERT_GT(engine.gils.at(0).acquisitions, 1u) << name;
    expect_same_statistics(engine, sink.report(), name);
  }
}

TEST(StatsSink, ThePrimeCheckersThreadsHandTheGilOver) {
  Scenario s = shipped("primes_threads");
  s.machine.switch_interval = 1 * kMillisecond;
  StatsSink sink;
  const Report engine = run_with_sink(s, sink);
  // Two workers take turns every interval for most of the 13 s run.
  EXPECT_GT(engine.gils.at(0).handoffs, 10'000u);
  EXPECT_EQ(engine.gils.at(0).handoffs, sink.report().gils.at(0).handoffs);
}

TEST(StatsSink, AttachingSinksDoesNotChangeTheReport) {
  Scenario s = shipped("primes_threads");
  s.machine.switch_interval = 200 * kMicrosecond;
  s.machine.cores = 1;
  StatsSink sink;
  EXPECT_EQ(render_json(run_virtual(s)), render_json(run_with_sink(s, sink)));
}

}  // namespace
}  // namespace gilsim
