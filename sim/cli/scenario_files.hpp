// Finding scenario files: the shipped folder, and the files and folders named on the command line.
#pragma once

#include <string>
#include <vector>

namespace gilsim::cli {

/// shipped_scenarios_dir is ./scenarios when it exists, else the source tree's scenarios folder.
std::string shipped_scenarios_dir();

/// expand_scenario_paths turns files and folders into a sorted list of .yaml/.yml files (folders are
/// searched recursively); an empty list of paths means the shipped folder. Throws on a missing path.
std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths);

}  // namespace gilsim::cli
