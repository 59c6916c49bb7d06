// Typed values with parameters: integers, durations and integer lists, any of them written as `$name`.
//
// A scenario's `params:` let one file describe a family of runs (4 workers or 8, 1ms or 5ms). Every place
// that reads a value goes through Values, so `$name` works everywhere and its type is checked where it is
// used, with a message that shows both what was expected and what the parameter holds.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/load/yaml_reader.hpp"
#include "sim/model/scenario.hpp"

namespace gilsim::load {

// ParamValue's alternatives are told apart by index, not type: Time and std::int64_t are the same C++ type.
/// kInteger is the index of ParamValue's integer alternative.
constexpr std::size_t kInteger = 0;
/// kDuration is the index of ParamValue's duration alternative.
constexpr std::size_t kDuration = 1;
/// kIntegerList is the index of ParamValue's list alternative.
constexpr std::size_t kIntegerList = 2;

/// Param is a declared parameter: its value (the default or an override) and where it was declared.
struct Param {
  ParamValue value;
  SourcePos pos;
};

/// Params maps each parameter's name to its value.
using Params = std::map<std::string, Param>;

/// type_name names a parameter value's type for messages: "an integer", "a duration", "a list of integers".
std::string type_name(const ParamValue& value);

/// value_text writes a parameter value as YAML: "4", "5ms", "[2, 3]".
std::string value_text(const ParamValue& value);

/// dollar_name is "n" for a scalar written "$n", nothing otherwise.
std::optional<std::string> dollar_name(const YAML::Node& node);

/// integer_literal reads a scalar like -12 or 5_000_111 (nothing if it is not one; fails if it overflows).
std::optional<std::int64_t> integer_literal(const Item& item);

/// Values reads typed scalars, replacing `$name` by the value of the parameter `name`.
class Values {
 public:
  /// Values reads against `params`, which must outlive it.
  explicit Values(const Params& params) : params_(params) {}

  /// integer reads an integer in [min, max].
  std::int64_t integer(const Item& item, std::int64_t min = kMin, std::int64_t max = kMax) const;
  /// duration reads a duration with a unit ("10ms") that is at least `min` (0 or 1ns in practice).
  Time duration(const Item& item, Time min) const;
  /// integers reads a list of integers, or a parameter that holds one.
  std::vector<std::int64_t> integers(const Item& item) const;
  /// int_expr reads an integer, or a run-time variable `$n` that must be one of `bound`.
  IntExpr int_expr(const Item& item, const std::set<std::string>& bound) const;
  /// param returns the parameter a `$name` scalar refers to (failing if undeclared), or nullptr.
  const Param* param(const Item& item) const;
  /// params is every declared parameter.
  const Params& params() const { return params_; }

 private:
  static constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

  const Params& params_;
};

}  // namespace gilsim::load
