// The `units:` section: the threads and processes of a scenario and their steps.
#include <climits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/load/sections.hpp"
#include "sim/load/step_reader.hpp"

namespace gilsim::load {
namespace {

/// UnitSource is a unit's header as read, with the YAML still to be read once every unit is known.
struct UnitSource {
  std::optional<Item> steps;
  SourcePos start_pos;  ///< where `start: spawn` was written, for "never spawned"
};

/// read_header reads everything of a unit but its steps, which may name units declared after it.
UnitSpec read_header(const Values& values, const Item& item, UnitSource& source) {
  const Fields fields(item, "a unit", {"name", "kind", "count", "start", "description", "steps"});
  UnitSpec unit;
  unit.pos = item.pos;
  unit.name = identifier(fields.require("name"));
  if (auto kind = fields.get("kind")) {
    unit.kind = choice(*kind, {"thread", "process"}) == "thread" ? UnitKind::Thread : UnitKind::Process;
  }
  if (auto count = fields.get("count")) unit.count = static_cast<int>(values.integer(*count, 1, INT_MAX));
  if (auto start = fields.get("start")) {
    unit.spawned = choice(*start, {"launch", "spawn"}) == "spawn";
    source.start_pos = start->pos;
  }
  if (auto description = fields.get("description")) unit.description = text(*description);
  source.steps = fields.get("steps");
  return unit;
}

/// check_unique fails when a unit's name was used by an earlier unit.
void check_unique(const std::vector<UnitSpec>& units, const UnitSpec& unit) {
  for (const UnitSpec& earlier : units) {
    if (earlier.name == unit.name) {
      fail(unit.pos, "unit '" + unit.name + "' is declared twice (first at line " +
                         std::to_string(earlier.pos.line) + ")");
    }
  }
}

/// check_spawned fails for a unit declared `start: spawn` that no step starts: it would never run.
void check_spawned(const std::vector<UnitSpec>& units, const std::vector<UnitSource>& sources,
                   const std::set<int>& spawned) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (units[i].spawned && !spawned.count(static_cast<int>(i))) {
      fail(sources[i].start_pos, "unit '" + units[i].name +
                                     "' is declared `start: spawn` but no step spawns it; "
                                     "add `spawn: " +
                                     units[i].name + "` to another unit or use `start: launch`");
    }
  }
}

}  // namespace

std::vector<UnitSpec> read_units(const Values& values, const Item& section, const Scenario& scenario) {
  std::vector<UnitSpec> units;
  std::vector<UnitSource> sources;
  const std::vector<Item> items = elements(section, "a non-empty list of units");
  if (items.empty()) {
    fail(section.pos, "'units' expects a non-empty list of units; a scenario needs one to run");
  }
  for (const Item& item : items) {
    sources.emplace_back();
    UnitSpec unit = read_header(values, item, sources.back());
    check_unique(units, unit);
    units.push_back(unit);
  }
  std::set<int> spawned;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (!sources[i].steps) continue;  // a unit without steps does nothing, which may be what is wanted
    StepReader reader(values, scenario, units, static_cast<int>(i));
    units[i].steps = reader.block(*sources[i].steps, {});
    spawned.insert(reader.spawned().begin(), reader.spawned().end());
  }
  check_spawned(units, sources, spawned);
  return units;
}

}  // namespace gilsim::load
