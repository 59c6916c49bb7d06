// MachineFlags: what the command line may change in a scenario before it runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/load/scenario_loader.hpp"
#include "sim/model/scenario.hpp"

namespace CLI {
class App;
}

namespace gilsim::cli {

/// MachineFlags collects --set, --switch-interval, --cores and --seed.
struct MachineFlags {
  std::vector<std::string> sets;  ///< "name=value", as typed
  std::string switch_interval;    ///< a duration, e.g. "1ms"; empty: the scenario's
  std::optional<int> cores;
  std::optional<std::uint64_t> seed;

  /// add_to declares the flags on a (sub)command.
  void add_to(CLI::App& app);
  /// overrides turns the --set flags into parameter overrides (throws ScenarioError on "name" without "=").
  std::vector<ParamOverride> overrides() const;
  /// apply changes the loaded scenario's machine as the flags say.
  void apply(Scenario& scenario) const;
  /// load reads a scenario file with these flags applied.
  Scenario load(const std::string& path) const;
};

}  // namespace gilsim::cli
