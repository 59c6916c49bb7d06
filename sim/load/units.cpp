// The `units:` section: the threads and processes of a scenario. Their steps are read by program.cpp.
#include <climits>
#include <set>
#include <string>
#include <vector>

#include "sim/load/program.hpp"

namespace gilsim::load {
namespace {

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

}  // namespace

std::vector<UnitSpec> read_unit_headers(const Values& values, const Item& section,
                                        std::vector<UnitSource>& sources) {
  std::vector<UnitSpec> units;
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
  return units;
}

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

}  // namespace gilsim::load
