// The sections of a scenario file, each read by its own part of the loader.
//
// scenario_loader.cpp reads the top-level map and hands each section to one of these functions, in an order
// that lets later sections refer to earlier ones: params first (everything may use them), then the machine,
// the events, queues, locks and executors, the units and coroutines (whose steps name all of those and each
// other), and the expectations.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/load/scenario_loader.hpp"
#include "sim/load/values.hpp"
#include "sim/load/yaml_reader.hpp"
#include "sim/model/scenario.hpp"

namespace gilsim::load {

/// read_params reads the `params:` map of names to default values (an absent section declares none).
Params read_params(const std::optional<Item>& section);

/// apply_overrides replaces parameters' values by --set values of the same type; `where` places errors
/// about names the file does not declare.
void apply_overrides(Params& params, const std::vector<ParamOverride>& overrides, const SourcePos& where);

/// param_texts writes every parameter's final value as text, for the report.
std::map<std::string, std::string> param_texts(const Params& params);

/// read_machine reads the `machine:` map; keys not written keep the Machine struct's defaults.
Machine read_machine(const Values& values, const Item& section);

/// read_syncs reads a list of events, queues or locks; `noun` ("event") names one in messages.
std::vector<SyncSpec> read_syncs(const Item& section, const std::string& noun);

/// read_executors reads the `executors:` list of pools that coroutines hand work to.
std::vector<ExecutorSpec> read_executors(const Values& values, const Item& section);

/// read_program reads the `units:` and `coroutines:` lists, steps included, into `scenario`, resolving names
/// against its declarations (which must be read already).
void read_program(const Values& values, const Item& units, const std::optional<Item>& coroutines,
                  Scenario& scenario);

/// read_expectations reads the `expect:` list of assertions on the run's report.
std::vector<Expectation> read_expectations(const Values& values, const Item& section);

}  // namespace gilsim::load
