// Reading the units and coroutines together: headers first, then every list of steps, then the checks.
#include <set>
#include <vector>

#include "sim/load/program.hpp"
#include "sim/load/sections.hpp"
#include "sim/load/step_reader.hpp"

namespace gilsim::load {
namespace {

/// Uses gathers what the steps read so far start: the units they spawn and the coroutines they run.
struct Uses {
  std::set<int> spawned;
  std::set<int> run;

  /// add records what `reader` saw.
  void add(const StepReader& reader) {
    spawned.insert(reader.spawned().begin(), reader.spawned().end());
    run.insert(reader.run().begin(), reader.run().end());
  }
};

/// read_unit_steps reads the steps of unit `i`, if it has any (a unit without steps does nothing).
void read_unit_steps(const Values& values, Scenario& scenario, const UnitSource& source, int i, Uses& uses) {
  if (!source.steps) return;
  StepReader reader(values, scenario, Place::Unit, i);
  std::vector<Step> steps = reader.block(*source.steps, {});
  scenario.units[i].steps = std::move(steps);
  uses.add(reader);
}

/// read_coroutine_steps reads coroutine `i`'s steps, then its on_cancel steps, which see the variables
/// its steps bind at their top level (its `except CancelledError:` block is in the same function).
void read_coroutine_steps(const Values& values, Scenario& scenario, const CoroutineSource& source, int i,
                          Uses& uses) {
  StepReader reader(values, scenario, Place::Coroutine, i);
  Bindings bound;
  std::vector<Step> steps = source.steps ? reader.sequence(*source.steps, bound) : std::vector<Step>{};
  std::vector<Step> on_cancel =
      source.on_cancel ? reader.block(*source.on_cancel, bound) : std::vector<Step>{};
  scenario.coroutines[i].steps = std::move(steps);
  scenario.coroutines[i].on_cancel = std::move(on_cancel);
  uses.add(reader);
}

}  // namespace

void read_program(const Values& values, const Item& units, const std::optional<Item>& coroutines,
                  Scenario& scenario) {
  std::vector<UnitSource> unit_sources;
  std::vector<CoroutineSource> coroutine_sources;
  scenario.units = read_unit_headers(values, units, unit_sources);
  if (coroutines) scenario.coroutines = read_coroutine_headers(*coroutines, coroutine_sources);
  Uses uses;
  for (std::size_t i = 0; i < unit_sources.size(); ++i) {
    read_unit_steps(values, scenario, unit_sources[i], static_cast<int>(i), uses);
  }
  for (std::size_t i = 0; i < coroutine_sources.size(); ++i) {
    read_coroutine_steps(values, scenario, coroutine_sources[i], static_cast<int>(i), uses);
  }
  check_spawned(scenario.units, unit_sources, uses.spawned);
  check_run(scenario.coroutines, coroutine_sources, uses.run);
  check_on_cancel(scenario.coroutines);
  check_recursion(scenario.coroutines);
}

}  // namespace gilsim::load
