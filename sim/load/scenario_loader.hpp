// The scenario loader: YAML text in, a checked Scenario out.
//
// The loader is the only gate between a person's file and the engines, so it checks everything it can
// before a run starts: keys, types, ranges, names, variables. Anything wrong raises a ScenarioError that
// names the file, line and column and says what was expected. The format is described in docs/scenarios.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/load/scenario_error.hpp"
#include "sim/model/scenario.hpp"

namespace gilsim {

/// ParamOverride is one --set name=value from the command line; value is YAML text ("4", "1ms", "[2, 3]").
struct ParamOverride {
  std::string name;
  std::string value;
};

/// load_scenario_file reads and checks the scenario at `path`, applying `overrides` to its params.
Scenario load_scenario_file(const std::string& path, const std::vector<ParamOverride>& overrides = {});

/// load_scenario_text checks a scenario given as text; `file_name` is used in positions and for the name.
Scenario load_scenario_text(std::string_view yaml, const std::string& file_name,
                            const std::vector<ParamOverride>& overrides = {});

}  // namespace gilsim
