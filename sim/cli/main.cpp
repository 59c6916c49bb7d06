// gilsim: run Python-style scheduling scenarios on a simulated machine.
#include <CLI/CLI.hpp>
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/cli/exit_codes.hpp"
#include "sim/core/allocator.hpp"
#include "sim/load/scenario_error.hpp"
#include "sim/runtime/run_error.hpp"

namespace {

using namespace gilsim::cli;

int dispatch(int argc, char** argv) {
  CLI::App app{"gilsim: a simulator of CPython's GIL, OS threads and processes"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] {
    return std::string("gilsim ") + GILSIM_VERSION + "\nallocator: " + gilsim::allocator::describe();
  });
  MachineFlags flags;
  std::vector<std::string> paths;
  std::string file;
  bool json = false;
  std::string events;
  bool verbose = false;

  CLI::App* list =
      app.add_subcommand("list", "List scenarios (default: the shipped ones) with their descriptions");
  list->add_option("paths", paths, "Scenario files or folders");

  CLI::App* check = app.add_subcommand("check", "Validate scenarios without running them");
  check->add_option("files", paths, "Scenario files")->required();
  flags.add_to(*check);

  CLI::App* run = app.add_subcommand("run", "Run a scenario on the virtual engine and print its report");
  run->add_option("file", file, "Scenario file")->required();
  run->add_flag("--json", json, "Print the report as JSON");
  run->add_option("--events", events, "Stream every trace event to this file, one tab-separated line each");
  flags.add_to(*run);

  CLI::App* test =
      app.add_subcommand("test", "Run scenarios with their expectations; print N passed, N failed");
  test->add_option("paths", paths, "Scenario files or folders (default: the shipped ones)");
  test->add_flag("-v,--verbose", verbose, "Show every expectation, not only the failed ones");
  flags.add_to(*test);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (*list) return list_scenarios(paths);
  if (*check) return check_scenarios(paths, flags);
  if (*run) return run_scenario(file, flags, json, events);
  return test_scenarios(paths, flags, verbose);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return dispatch(argc, argv);
  } catch (const gilsim::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const gilsim::RunError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitRunError;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
}
