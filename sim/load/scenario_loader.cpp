// The loader's entry points: read the file, parse the YAML, read each section in dependency order.
#include "sim/load/scenario_loader.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/load/sections.hpp"
#include "sim/load/spelling.hpp"

namespace gilsim {
namespace {

using load::Fields;
using load::Item;

/// kTopKeys is every key a scenario may have, in the order the documentation describes them.
const std::vector<std::string> kTopKeys = {"name",  "description", "machine",    "params", "events", "queues",
                                           "locks", "executors",   "coroutines", "units",  "expect"};

/// parse_document parses the YAML text, turning yaml-cpp's complaints into positioned ScenarioErrors.
YAML::Node parse_document(std::string_view yaml, const std::string& file) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(SourcePos{file, e.mark.line + 1, e.mark.column + 1}, "YAML syntax error: " + e.msg);
  }
  if (documents.empty() || documents.front().IsNull()) {
    load::fail({file, 1, 1}, "the scenario is empty; expected a map with keys " + load::joined(kTopKeys));
  }
  if (documents.size() > 1) {
    load::fail(load::position(file, documents[1], {file, 1, 1}),
               "a scenario file holds one YAML document, but a second one starts here");
  }
  return documents.front();
}

/// scenario_name reads `name:`, which defaults to the file's stem ("primes_threads.yaml" -> primes_threads).
std::string scenario_name(const Fields& fields, const std::string& file) {
  auto given = fields.get("name");
  if (!given) return std::filesystem::path(file).stem().string();
  const std::string name = load::text(*given);
  auto allowed = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  };
  if (name.empty() || !std::all_of(name.begin(), name.end(), allowed)) {
    load::fail(given->pos, "'name' expects letters, digits, '_', '-' or '.', got '" + name + "'");
  }
  return name;
}

/// read_scenario reads every section of a parsed scenario.
Scenario read_scenario(const YAML::Node& root, const std::string& file,
                       const std::vector<ParamOverride>& overrides) {
  const Fields fields(Item{root, load::position(file, root, {file, 1, 1}), "the scenario"}, "the scenario",
                      kTopKeys);
  const auto params_section = fields.get("params");
  load::Params params = load::read_params(params_section);
  load::apply_overrides(params, overrides, params_section ? params_section->pos : fields.pos());
  const load::Values values(params);

  Scenario scenario;
  scenario.file = file;
  scenario.name = scenario_name(fields, file);
  if (auto description = fields.get("description")) scenario.description = load::text(*description);
  if (auto machine = fields.get("machine")) scenario.machine = load::read_machine(values, *machine);
  if (auto events = fields.get("events")) scenario.events = load::read_syncs(*events, "event");
  if (auto queues = fields.get("queues")) scenario.queues = load::read_syncs(*queues, "queue");
  if (auto locks = fields.get("locks")) scenario.locks = load::read_syncs(*locks, "lock");
  if (auto executors = fields.get("executors")) scenario.executors = load::read_executors(values, *executors);
  load::read_program(values, fields.require("units"), fields.get("coroutines"), scenario);
  if (auto expect = fields.get("expect")) scenario.expectations = load::read_expectations(values, *expect);
  scenario.params = load::param_texts(params);
  return scenario;
}

}  // namespace

Scenario load_scenario_file(const std::string& path, const std::vector<ParamOverride>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(SourcePos{path, 0, 0}, "cannot open " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path, overrides);
}

Scenario load_scenario_text(std::string_view yaml, const std::string& file_name,
                            const std::vector<ParamOverride>& overrides) {
  const YAML::Node root = parse_document(yaml, file_name);
  try {
    return read_scenario(root, file_name, overrides);
  } catch (const YAML::Exception& e) {
    // Reading walks only nodes it checked first, so this is a safety net, not an expected path.
    throw ScenarioError(SourcePos{file_name, e.mark.line + 1, e.mark.column + 1},
                        "unexpected YAML: " + e.msg);
  }
}

}  // namespace gilsim
