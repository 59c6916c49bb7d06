// The gilsim subcommands. Each returns the process exit code (see exit_codes.hpp).
#pragma once

#include <string>
#include <vector>

#include "sim/cli/machine_flags.hpp"

namespace gilsim::cli {

/// list prints one line per scenario found: its path and its description.
int list_scenarios(const std::vector<std::string>& paths);
/// check loads and validates each scenario without running it.
int check_scenarios(const std::vector<std::string>& files, const MachineFlags& flags);
/// run runs one scenario and prints its report (a table, or JSON with `json`); with `events` set, every
/// trace event is also streamed to that file (TSV).
int run_scenario(const std::string& file, const MachineFlags& flags, bool json, const std::string& events);
/// test runs every scenario with its expectations and prints "N passed, N failed".
int test_scenarios(const std::vector<std::string>& paths, const MachineFlags& flags, bool verbose);

}  // namespace gilsim::cli
