// The program of a scenario: its units and coroutines, read together because their steps refer to each
// other (a unit runs a coroutine, a coroutine spawns a unit or awaits another coroutine).
//
// Reading goes in two passes. The headers come first (names, kinds, counts), so that any step can name any
// unit or coroutine wherever it is declared; then every list of steps; then the checks that need them all:
// a unit that nothing spawns, a coroutine that nothing runs, a coroutine that awaits itself.
#pragma once

#include <optional>
#include <set>
#include <vector>

#include "sim/load/values.hpp"
#include "sim/load/yaml_reader.hpp"
#include "sim/model/scenario.hpp"

namespace gilsim::load {

/// UnitSource is a unit's header as read, with the YAML still to be read once every unit is known.
struct UnitSource {
  std::optional<Item> steps;
  SourcePos start_pos;  ///< where `start: spawn` was written, for "never spawned"
};

/// CoroutineSource is a coroutine's header as read, with its steps still to be read.
struct CoroutineSource {
  std::optional<Item> steps;
  std::optional<Item> on_cancel;
  SourcePos name_pos;  ///< where its name was written, for "never run"
};

/// read_unit_headers reads every unit of `section` but its steps, filling `sources` alongside.
std::vector<UnitSpec> read_unit_headers(const Values& values, const Item& section,
                                        std::vector<UnitSource>& sources);

/// check_spawned fails for a unit declared `start: spawn` that no step of `spawned` starts.
void check_spawned(const std::vector<UnitSpec>& units, const std::vector<UnitSource>& sources,
                   const std::set<int>& spawned);

/// read_coroutine_headers reads every coroutine of `section` but its steps, filling `sources` alongside.
std::vector<CoroutineSpec> read_coroutine_headers(const Item& section, std::vector<CoroutineSource>& sources);

/// check_run fails for a coroutine that no step of `run` runs, awaits or makes a task of.
void check_run(const std::vector<CoroutineSpec>& coroutines, const std::vector<CoroutineSource>& sources,
               const std::set<int>& run);

/// check_on_cancel fails for a `return` in on_cancel steps: they always let the cancellation go on.
void check_on_cancel(const std::vector<CoroutineSpec>& coroutines);

/// check_recursion fails for a coroutine that awaits itself inline, directly or through others.
void check_recursion(const std::vector<CoroutineSpec>& coroutines);

}  // namespace gilsim::load
