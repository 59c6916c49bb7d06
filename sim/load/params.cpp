// The `params:` section and the command line's --set overrides of it.
#include <string>

#include "sim/load/scenario_error.hpp"
#include "sim/load/sections.hpp"
#include "sim/load/spelling.hpp"

namespace gilsim::load {
namespace {

const char* const kParamTypes = "an integer, a duration (like 100ms) or a list of integers";

/// kNoParams lets a parameter's own value be read with the typed readers, which allow no `$name` in it.
const Params kNoParams;

/// default_value reads a parameter's default, whose form decides the parameter's type.
ParamValue default_value(const Item& item) {
  const Values plain{kNoParams};
  if (dollar_name(item.node)) {
    fail(item.pos, item.what + " expects a value (" + std::string(kParamTypes) + "), not another parameter");
  }
  if (item.node.IsSequence()) return ParamValue{std::in_place_index<kIntegerList>, plain.integers(item)};
  if (auto literal = integer_literal(item)) return ParamValue{std::in_place_index<kInteger>, *literal};
  if (item.node.IsScalar() && parse_duration(item.node.Scalar())) {
    return ParamValue{std::in_place_index<kDuration>, plain.duration(item, 0)};
  }
  fail(item.pos, item.what + " expects " + kParamTypes + ", got " + describe(item.node));
}

/// typed_value reads `item` as a value of the same type as `like`.
ParamValue typed_value(const Item& item, const ParamValue& like) {
  const Values plain{kNoParams};
  switch (like.index()) {
    case kInteger:
      return ParamValue{std::in_place_index<kInteger>, plain.integer(item)};
    case kDuration:
      return ParamValue{std::in_place_index<kDuration>, plain.duration(item, 0)};
    default:
      return ParamValue{std::in_place_index<kIntegerList>, plain.integers(item)};
  }
}

/// override_value parses one --set value as YAML and reads it with the type of the parameter's default.
ParamValue override_value(const ParamOverride& given, const Param& param) {
  const std::string prefix = "--set " + given.name + "=" + given.value + ": ";
  try {
    const Item item{YAML::Load(given.value), param.pos, "'" + given.name + "'"};
    return typed_value(item, param.value);
  } catch (const YAML::Exception& e) {
    fail(param.pos, prefix + "the value is not valid YAML (" + e.msg + ")");
  } catch (const ScenarioError& e) {
    // The value was not written in the file, so the complaint is placed at the parameter's declaration.
    fail(param.pos, prefix + e.message() + " (the default is " + value_text(param.value) + ")");
  }
}

/// unknown_param fails for a --set name the scenario does not declare.
[[noreturn]] void unknown_param(const ParamOverride& given, const Params& params, const SourcePos& where) {
  std::vector<std::string> known;
  for (const auto& entry : params) known.push_back(entry.first);
  const std::string declared =
      known.empty() ? "the scenario declares no params" : "known params: " + joined(known);
  fail(where, "--set " + given.name + "=" + given.value + ": unknown param '" + given.name + "'; " +
                  declared + did_you_mean(given.name, known));
}

}  // namespace

Params read_params(const std::optional<Item>& section) {
  Params params;
  if (!section) return params;
  if (!section->node.IsMap()) {
    fail(section->pos, "'params' expects a map of names to default values, got " + describe(section->node));
  }
  for (auto it = section->node.begin(); it != section->node.end(); ++it) {
    const SourcePos key_pos = position(section->pos.file, it->first, section->pos);
    const Item name{it->first, key_pos, "a param name"};
    const std::string key = identifier(name);
    if (params.count(key)) fail(key_pos, "param '" + key + "' is declared twice");
    const Item value{it->second, position(key_pos.file, it->second, key_pos), "param '" + key + "'"};
    params[key] = Param{default_value(value), key_pos};
  }
  return params;
}

void apply_overrides(Params& params, const std::vector<ParamOverride>& overrides, const SourcePos& where) {
  for (const ParamOverride& given : overrides) {
    auto it = params.find(given.name);
    if (it == params.end()) unknown_param(given, params, where);
    it->second.value = override_value(given, it->second);
  }
}

std::map<std::string, std::string> param_texts(const Params& params) {
  std::map<std::string, std::string> texts;
  for (const auto& [name, param] : params) texts[name] = value_text(param.value);
  return texts;
}

}  // namespace gilsim::load
