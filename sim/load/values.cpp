#include "sim/load/values.hpp"

#include <charconv>

#include "sim/load/spelling.hpp"

namespace gilsim::load {
namespace {

/// integer_wanted says which integers are accepted: "an integer", "an integer >= 1", "an integer from 0 to
/// 9". Bounds that only guard against overflow (a 32-bit field) are left out: they would distract.
std::string integer_wanted(std::int64_t min, std::int64_t max) {
  const bool low = min != std::numeric_limits<std::int64_t>::min();
  const bool high = max < std::numeric_limits<std::int32_t>::max();
  if (low && high) return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (low) return "an integer >= " + std::to_string(min);
  return "an integer";
}

/// duration_wanted says which durations are accepted.
std::string duration_wanted(Time min) {
  return min > 0 ? "a duration > 0 (like 10ms)" : "a duration >= 0 (like 10ms)";
}

/// got_param describes a parameter's value for a "got ..." clause: "$delay = 5ms".
std::string got_param(const Item& item, const Param& param) {
  return item.node.Scalar() + " = " + value_text(param.value);
}

/// mismatch fails because a parameter's type is not the one wanted here.
[[noreturn]] void mismatch(const Item& item, const std::string& wanted, const Param& param) {
  fail(item.pos, item.what + " expects " + wanted + ", but " + item.node.Scalar() + " is " +
                     type_name(param.value) + " (" + value_text(param.value) + ")");
}

/// check_duration fails unless `value` is at least `min`.
void check_duration(const Item& item, Time value, Time min, const std::string& got) {
  if (value < min) fail(item.pos, item.what + " expects " + duration_wanted(min) + ", got " + got);
}

}  // namespace

std::string type_name(const ParamValue& value) {
  switch (value.index()) {
    case kInteger:
      return "an integer";
    case kDuration:
      return "a duration";
    default:
      return "a list of integers";
  }
}

std::string value_text(const ParamValue& value) {
  switch (value.index()) {
    case kInteger:
      return std::to_string(std::get<kInteger>(value));
    case kDuration:
      return format_duration(std::get<kDuration>(value));
    default: {
      std::string out;
      for (std::int64_t v : std::get<kIntegerList>(value)) {
        if (!out.empty()) out += ", ";
        out += std::to_string(v);
      }
      return "[" + out + "]";
    }
  }
}

std::optional<std::string> dollar_name(const YAML::Node& node) {
  if (!node.IsScalar() || node.Tag() == "!") return std::nullopt;  // a quoted "$x" is plain text
  const std::string& s = node.Scalar();
  if (s.size() < 2 || s.front() != '$') return std::nullopt;
  return s.substr(1);
}

std::optional<std::int64_t> integer_literal(const Item& item) {
  if (!item.node.IsScalar()) return std::nullopt;
  std::string digits;
  for (char c : item.node.Scalar()) {
    if (c != '_') digits += c;  // 5_000_111 reads like Python's literal
  }
  if (!digits.empty() && digits.front() == '+') digits.erase(0, 1);
  const char* first = digits.data();
  const char* last = first + digits.size();
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(first, last, value);
  if (digits.empty() || end != last || item.node.Scalar().front() == '_') return std::nullopt;
  if (error == std::errc::result_out_of_range) {
    fail(item.pos,
         item.what + " expects a 64-bit integer, got '" + item.node.Scalar() + "', which is too large");
  }
  if (error != std::errc()) return std::nullopt;
  return value;
}

const Param* Values::param(const Item& item) const {
  auto name = dollar_name(item.node);
  if (!name) return nullptr;
  auto it = params_.find(*name);
  if (it != params_.end()) return &it->second;
  std::vector<std::string> known;
  for (const auto& entry : params_) known.push_back(entry.first);
  const std::string declared = known.empty() ? "no params are declared" : "declared params: " + joined(known);
  fail(item.pos,
       "unknown parameter $" + *name + " in " + item.what + "; " + declared + did_you_mean(*name, known));
}

std::int64_t Values::integer(const Item& item, std::int64_t min, std::int64_t max) const {
  const std::string wanted = integer_wanted(min, max);
  std::int64_t value = 0;
  std::string got = describe(item.node);
  if (const Param* p = param(item)) {
    if (p->value.index() != kInteger) mismatch(item, wanted, *p);
    value = std::get<kInteger>(p->value);
    got = got_param(item, *p);
  } else if (auto literal = integer_literal(item)) {
    value = *literal;
  } else {
    fail(item.pos, item.what + " expects " + wanted + ", got " + got);
  }
  if (value < min) fail(item.pos, item.what + " expects " + wanted + ", got " + got);
  if (value > max) {
    const bool shown = wanted.find(std::to_string(max)) != std::string::npos;
    fail(item.pos, item.what + " expects " + wanted + (shown ? "" : " and at most " + std::to_string(max)) +
                       ", got " + got);
  }
  return value;
}

Time Values::duration(const Item& item, Time min) const {
  if (const Param* p = param(item)) {
    if (p->value.index() != kDuration) mismatch(item, duration_wanted(min), *p);
    check_duration(item, std::get<kDuration>(p->value), min, got_param(item, *p));
    return std::get<kDuration>(p->value);
  }
  if (integer_literal(item)) {
    fail(item.pos,
         item.what + " expects a duration with a unit (ns, us, ms or s), got " + describe(item.node));
  }
  auto value = item.node.IsScalar() ? parse_duration(item.node.Scalar()) : std::nullopt;
  if (!value) fail(item.pos, item.what + " expects " + duration_wanted(min) + ", got " + describe(item.node));
  check_duration(item, *value, min, describe(item.node));
  return *value;
}

std::vector<std::int64_t> Values::integers(const Item& item) const {
  if (const Param* p = param(item)) {
    if (p->value.index() != kIntegerList) mismatch(item, "a list of integers", *p);
    return std::get<kIntegerList>(p->value);
  }
  std::vector<std::int64_t> out;
  for (const Item& element : elements(item, "a list of integers")) out.push_back(integer(element));
  return out;
}

IntExpr Values::int_expr(const Item& item, const std::set<std::string>& bound) const {
  auto name = dollar_name(item.node);
  if (!name || params_.count(*name)) return IntExpr{integer(item), ""};
  if (!is_identifier(*name)) fail(item.pos, item.what + ": $" + *name + " is not a valid variable name");
  if (!bound.count(*name)) {
    fail(item.pos, "variable $" + *name + " is not bound here; bind it with `as: " + *name +
                       "` (get, consume, for_each, await...) or declare a param");
  }
  return IntExpr{0, *name};
}

}  // namespace gilsim::load
