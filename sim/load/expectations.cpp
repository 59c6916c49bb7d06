// The `expect:` section: assertions a scenario makes about its own report.
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/load/sections.hpp"

namespace gilsim::load {
namespace {

/// kComparators maps each comparator key to its Comparison.
const std::pair<const char*, Comparison> kComparators[] = {
    {"below", Comparison::Below},      {"at_most", Comparison::AtMost}, {"above", Comparison::Above},
    {"at_least", Comparison::AtLeast}, {"equals", Comparison::Equals},  {"between", Comparison::Between},
};

const char* const kBoundWanted = "a number, a duration (like 110ms) or true/false";

/// Bound is a bound's value and its text as the expectation's message shows it.
struct Bound {
  double value = 0;
  std::string text;
};

/// number reads a plain number such as 0.5 or 3.
std::optional<double> number(const std::string& s) {
  char* end = nullptr;
  const double value = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

/// param_bound turns a parameter into a bound: integers as they are, durations in seconds.
Bound param_bound(const Item& item, const Param& param) {
  const std::string text = value_text(param.value);
  if (param.value.index() == kInteger) return {static_cast<double>(std::get<kInteger>(param.value)), text};
  if (param.value.index() == kDuration) return {to_seconds(std::get<kDuration>(param.value)), text};
  fail(item.pos, item.what + " expects " + kBoundWanted + ", but " + item.node.Scalar() + " is " +
                     type_name(param.value) + " (" + text + ")");
}

/// read_bound reads one bound: durations become seconds, true/false become 1/0, `$param` its value.
Bound read_bound(const Values& values, const Item& item) {
  if (const Param* param = values.param(item)) return param_bound(item, *param);
  if (!item.node.IsScalar()) {
    fail(item.pos, item.what + " expects " + kBoundWanted + ", got " + describe(item.node));
  }
  const std::string& s = item.node.Scalar();
  if (s == "true" || s == "True" || s == "TRUE") return {1, s};
  if (s == "false" || s == "False" || s == "FALSE") return {0, s};
  if (auto integer = integer_literal(item)) return {static_cast<double>(*integer), s};
  if (auto plain = number(s)) return {*plain, s};
  if (auto duration = parse_duration(s)) return {to_seconds(*duration), s};
  fail(item.pos, item.what + " expects " + kBoundWanted + ", got " + describe(item.node));
}

/// metric_path reads a dotted path into the report, such as units.main.elapsed.
std::string metric_path(const Item& item) {
  const std::string path = text(item);
  const bool spaced = path.find_first_of(" \t") != std::string::npos;
  if (path.empty() || spaced || path.front() == '.' || path.back() == '.' ||
      path.find("..") != std::string::npos) {
    fail(item.pos,
         item.what + " expects a dotted path into the report, like units.main.elapsed, got '" + path + "'");
  }
  return path;
}

/// comparator finds the one comparator key an expectation must have.
std::pair<std::string, Comparison> comparator(const Fields& fields) {
  std::vector<std::pair<std::string, Comparison>> found;
  std::string found_keys;
  for (const auto& [key, op] : kComparators) {
    if (!fields.has(key)) continue;
    found.emplace_back(key, op);
    found_keys += (found_keys.empty() ? "" : " and ") + std::string(key);
  }
  if (found.size() != 1) {
    fail(fields.pos(),
         "an expectation needs exactly one of below, at_most, above, at_least, equals, between; got " +
             (found.empty() ? std::string("none") : found_keys));
  }
  return found.front();
}

/// read_between reads `between: [lo, hi]` into the expectation.
std::string read_between(const Values& values, const Item& item, Expectation& e) {
  const std::vector<Item> ends = elements(item, "a list of two bounds [low, high]");
  if (ends.size() != 2) {
    fail(item.pos,
         "'between' expects a list of two bounds [low, high], got a list of " + std::to_string(ends.size()));
  }
  const Bound low = read_bound(values, ends[0]);
  const Bound high = read_bound(values, ends[1]);
  if (low.value > high.value) fail(item.pos, "'between' expects [low, high] with low <= high");
  e.bound = low.value;
  e.upper = high.value;
  return "[" + low.text + ", " + high.text + "]";
}

/// read_expectation reads one item of `expect:`.
Expectation read_expectation(const Values& values, const Item& item) {
  const Fields fields(item, "an expectation",
                      {"metric", "share_of", "below", "at_most", "above", "at_least", "equals", "between"});
  Expectation e;
  e.pos = item.pos;
  e.metric = metric_path(fields.require("metric"));
  if (auto share = fields.get("share_of")) e.share_of = metric_path(*share);
  const auto [key, op] = comparator(fields);
  e.op = op;
  const Item bound = fields.require(key);
  std::string bound_text;
  if (op == Comparison::Between) {
    bound_text = read_between(values, bound, e);
  } else {
    const Bound b = read_bound(values, bound);
    e.bound = b.value;
    bound_text = b.text;
  }
  e.text = e.metric + (e.share_of.empty() ? "" : " / " + e.share_of) + " " + key + " " + bound_text;
  return e;
}

}  // namespace

std::vector<Expectation> read_expectations(const Values& values, const Item& section) {
  std::vector<Expectation> expectations;
  for (const Item& item : elements(section, "a list of expectations")) {
    expectations.push_back(read_expectation(values, item));
  }
  return expectations;
}

}  // namespace gilsim::load
