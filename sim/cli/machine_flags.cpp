#include "sim/cli/machine_flags.hpp"

#include <CLI/CLI.hpp>

#include "sim/core/time.hpp"
#include "sim/load/scenario_error.hpp"

namespace gilsim::cli {

void MachineFlags::add_to(CLI::App& app) {
  app.add_option("--set", sets, "Override a scenario parameter, e.g. --set workers=4 (repeatable)");
  app.add_option("--switch-interval", switch_interval,
                 "GIL switch interval, like sys.setswitchinterval (e.g. 1ms, 500us)")
      ->check([](const std::string& v) {
        auto d = parse_duration(v);
        return d && *d > 0 ? std::string() : "expected a positive duration such as 5ms, got '" + v + "'";
      });
  app.add_option("--cores", cores, "Number of cores of the simulated machine")->check(CLI::PositiveNumber);
  app.add_option("--seed", seed, "Seed of the run's random choices (GIL wake-up order 'random')");
}

std::vector<ParamOverride> MachineFlags::overrides() const {
  std::vector<ParamOverride> out;
  for (const std::string& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ScenarioError(SourcePos{"--set", 0, 0}, "expected name=value, got '" + s + "'");
    }
    out.push_back(ParamOverride{s.substr(0, eq), s.substr(eq + 1)});
  }
  return out;
}

void MachineFlags::apply(Scenario& scenario) const {
  if (!switch_interval.empty()) scenario.machine.switch_interval = *parse_duration(switch_interval);
  if (cores) scenario.machine.cores = *cores;
  if (seed) scenario.machine.seed = *seed;
}

Scenario MachineFlags::load(const std::string& path) const {
  Scenario s = load_scenario_file(path, overrides());
  apply(s);
  return s;
}

}  // namespace gilsim::cli
