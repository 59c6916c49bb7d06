#include "sim/cli/commands.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <sstream>

#include "sim/cli/exit_codes.hpp"
#include "sim/cli/scenario_files.hpp"
#include "sim/engine/virtual_engine.hpp"
#include "sim/expect/expectations.hpp"
#include "sim/load/scenario_error.hpp"
#include "sim/report/json_report.hpp"
#include "sim/report/text_report.hpp"
#include "sim/trace/tsv_trace_sink.hpp"

namespace gilsim::cli {
namespace {

/// print_expectations shows how a run compares with what its scenario expects; returns the failures.
int print_expectations(const Scenario& scenario, const Report& report, bool show_passed) {
  int failed = 0;
  for (const ExpectationResult& r : evaluate_expectations(scenario, report)) {
    if (!r.passed) ++failed;
    if (!r.passed || show_passed) std::cout << "  " << r.message << "\n";
  }
  return failed;
}

}  // namespace

int list_scenarios(const std::vector<std::string>& paths) {
  int status = kExitOk;
  for (const std::string& file : expand_scenario_paths(paths)) {
    try {
      const Scenario s = load_scenario_file(file);
      std::cout << fmt::format("{:<40} {}\n", file, s.description);
    } catch (const ScenarioError& e) {
      std::cerr << e.what() << "\n";
      status = kExitBadInput;
    }
  }
  return status;
}

int check_scenarios(const std::vector<std::string>& files, const MachineFlags& flags) {
  int status = kExitOk;
  for (const std::string& file : files) {
    try {
      const Scenario s = flags.load(file);
      std::cout << fmt::format("{}: ok ({} units, {} expectations)\n", file, s.units.size(),
                               s.expectations.size());
    } catch (const ScenarioError& e) {
      std::cerr << e.what() << "\n";
      status = kExitBadInput;
    }
  }
  return status;
}

int run_scenario(const std::string& file, const MachineFlags& flags, bool json, const std::string& events) {
  const Scenario scenario = flags.load(file);
  RunOptions options;
  std::unique_ptr<TsvTraceSink> sink;
  if (!events.empty()) {
    sink = std::make_unique<TsvTraceSink>(events);
    options.sinks.push_back(sink.get());
  }
  const Report report = run_virtual(scenario, options);
  if (json) {
    write_json(report, std::cout);
  } else {
    std::cout << render_text(report);
    if (!scenario.expectations.empty()) {
      std::cout << "\nexpectations (" << scenario.expectations.size() << "):\n";
      print_expectations(scenario, report, /*show_passed=*/true);
    }
  }
  return report.outcome == Outcome::Deadlock ? kExitDeadlock : kExitOk;
}

int test_scenarios(const std::vector<std::string>& paths, const MachineFlags& flags, bool verbose) {
  int passed = 0;
  int failed = 0;
  for (const std::string& file : expand_scenario_paths(paths)) {
    try {
      const Scenario scenario = flags.load(file);
      const Report report = run_virtual(scenario);
      const int failures = print_expectations(scenario, report, verbose);
      // A scenario that deadlocks or runs into its time limit did not show what it meant to.
      const bool ok = failures == 0 && report.outcome == Outcome::Completed;
      const char* note = report.outcome == Outcome::Deadlock    ? ", deadlock"
                         : report.outcome == Outcome::TimeLimit ? ", time limit reached"
                                                                : "";
      std::cout << fmt::format("{} {} ({} expectations, {} failed{})\n", ok ? "PASS" : "FAIL", file,
                               scenario.expectations.size(), failures, note);
      ok ? ++passed : ++failed;
    } catch (const std::exception& e) {
      std::cout << "FAIL " << file << "\n  " << e.what() << "\n";
      ++failed;
    }
  }
  std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace gilsim::cli
