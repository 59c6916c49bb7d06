#include "sim/expect/expectations.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/report/json_report.hpp"

namespace gilsim {
namespace {

using nlohmann::ordered_json;

/// kEqualsTolerance is how far apart, relative to the larger, two values may be and still be "equal";
/// seconds are doubles converted from integer nanoseconds, so exact equality would be too strict.
constexpr double kEqualsTolerance = 1e-9;

/// split_path cuts a dotted path into its segments; brackets and other characters are plain key text.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  for (std::size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.', start)) {
    segments.push_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  segments.push_back(path.substr(start));
  return segments;
}

/// joined rebuilds the key that segments [from, to] spell, dots included.
std::string joined(const std::vector<std::string_view>& segments, std::size_t from, std::size_t to) {
  std::string key(segments[from]);
  for (std::size_t i = from + 1; i <= to; ++i) key += "." + std::string(segments[i]);
  return key;
}

/// array_index reads a segment as an index into an array ("deadlock.0.unit"), or nullopt.
std::optional<std::size_t> array_index(std::string_view segment, std::size_t size) {
  if (segment.empty() || segment.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  const std::size_t index = std::strtoull(std::string(segment).c_str(), nullptr, 10);
  return index < size ? std::optional<std::size_t>(index) : std::nullopt;
}

/// resolve walks segments [i, end) down from node. A key may itself contain dots (a mark named
/// "result.line"), so at each object every run of segments is tried as one key, shortest first.
const ordered_json* resolve(const ordered_json& node, const std::vector<std::string_view>& segments,
                            std::size_t i) {
  if (i == segments.size()) return &node;
  if (node.is_array()) {
    const auto index = array_index(segments[i], node.size());
    return index ? resolve(node[*index], segments, i + 1) : nullptr;
  }
  if (!node.is_object()) return nullptr;
  for (std::size_t last = i; last < segments.size(); ++last) {
    const auto child = node.find(joined(segments, i, last));
    if (child == node.end()) continue;
    if (const ordered_json* found = resolve(*child, segments, last + 1)) return found;
  }
  return nullptr;
}

/// is_duration_path is true when the path's last segment names a duration, reported in seconds.
bool is_duration_path(std::string_view path) {
  static const std::set<std::string_view> kDurationKeys = {
      "elapsed", "cpu",      "native",  "gil_wait", "core_wait",
      "io",      "sync",     "started", "ended",    "at",
      "took",    "mean_gap", "max_gap", "held",     "switch_interval",
      "created", "running",  "ready",   "waiting",  "mean",
      "p99",     "max",      "duration"};
  return kDurationKeys.count(split_path(path).back()) > 0;
}

/// show_number writes a plain number: whole numbers without a fraction, others to six significant digits.
std::string show_number(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
  return fmt::format("{:.6g}", value);
}

/// show_value writes a metric's value the way its path suggests: a duration or a plain number.
std::string show_value(double value, std::string_view path) {
  if (is_duration_path(path)) return format_duration(static_cast<Time>(std::llround(value * kSecond)));
  return show_number(value);
}

/// operator_text is a comparison's key as a scenario file spells it.
const char* operator_text(Comparison op) {
  switch (op) {
    case Comparison::Below:
      return "below";
    case Comparison::AtMost:
      return "at_most";
    case Comparison::Above:
      return "above";
    case Comparison::AtLeast:
      return "at_least";
    case Comparison::Equals:
      return "equals";
    case Comparison::Between:
      return "between";
  }
  return "?";
}

/// describe is the expectation as written, or for one built in C++ without text, a description of it.
std::string describe(const Expectation& e) {
  if (!e.text.empty()) return e.text;
  std::string subject = e.metric + (e.share_of.empty() ? "" : " / " + e.share_of);
  if (e.op == Comparison::Between) {
    return fmt::format("{} between [{}, {}]", subject, show_number(e.bound), show_number(e.upper));
  }
  return fmt::format("{} {} {}", subject, operator_text(e.op), show_number(e.bound));
}

/// where is the position an expectation was written at, as "file:line:col".
std::string where(const SourcePos& pos) {
  const std::string file = pos.file.empty() ? "<scenario>" : pos.file;
  if (pos.line <= 0) return file;
  return fmt::format("{}:{}:{}", file, pos.line, pos.column);
}

/// holds applies a comparison to a measured value.
bool holds(const Expectation& e, double v) {
  switch (e.op) {
    case Comparison::Below:
      return v < e.bound;
    case Comparison::AtMost:
      return v <= e.bound;
    case Comparison::Above:
      return v > e.bound;
    case Comparison::AtLeast:
      return v >= e.bound;
    case Comparison::Equals:
      return v == e.bound ||
             std::fabs(v - e.bound) <= kEqualsTolerance * std::max(std::fabs(v), std::fabs(e.bound));
    case Comparison::Between:
      return e.bound <= v && v <= e.upper;
  }
  return false;
}

/// unit_names lists the report's units, for a message about one it does not have.
std::string unit_names(const ordered_json& report) {
  std::string names;
  for (const auto& item : report.at("units").items()) names += (names.empty() ? "" : ", ") + item.key();
  return names.empty() ? "(none)" : names;
}

/// names_unknown_unit is true when the path goes through units.<name> and no unit has that name.
bool names_unknown_unit(const ordered_json& report, std::string_view path) {
  constexpr std::string_view kPrefix = "units.";
  if (path.substr(0, kPrefix.size()) != kPrefix || !report.contains("units")) return false;
  const std::string_view rest = path.substr(kPrefix.size());
  for (const auto& item : report.at("units").items()) {
    const std::string& name = item.key();
    if (rest.substr(0, name.size()) == name && (rest.size() == name.size() || rest[name.size()] == '.')) {
      return false;
    }
  }
  return true;
}

/// missing_metric fails an expectation whose path leads nowhere, naming the units when that is why.
ExpectationResult missing_metric(const Expectation& e, const ordered_json& report, std::string_view path) {
  std::string message =
      fmt::format("{}: expected {}, but the report has no metric '{}'", where(e.pos), describe(e), path);
  if (names_unknown_unit(report, path)) message += "; its units are " + unit_names(report);
  return {&e, false, 0, message};
}

/// verdict compares a measured value and words the result; `shown` is the value as a person reads it.
ExpectationResult verdict(const Expectation& e, double measured, const std::string& shown) {
  const bool passed = holds(e, measured);
  const std::string message =
      passed ? fmt::format("{}: ok: {} (measured {})", where(e.pos), describe(e), shown)
             : fmt::format("{}: expected {}, measured {}", where(e.pos), describe(e), shown);
  return {&e, passed, measured, message};
}

/// evaluate_share checks metric / share_of; the ratio is a plain number, shown with the two values it
/// came from so a failure says which side moved.
ExpectationResult evaluate_share(const Expectation& e, const ordered_json& report, double metric) {
  const auto whole = lookup_metric(report, e.share_of);
  if (!whole) return missing_metric(e, report, e.share_of);
  if (*whole == 0) {
    return {&e, false, 0,
            fmt::format("{}: expected {}, but '{}' is 0, so the share is undefined", where(e.pos),
                        describe(e), e.share_of)};
  }
  const double share = metric / *whole;
  return verdict(e, share,
                 fmt::format("{} ({} of {})", show_number(share), show_value(metric, e.metric),
                             show_value(*whole, e.share_of)));
}

}  // namespace

std::optional<double> lookup_metric(const nlohmann::ordered_json& report, std::string_view path) {
  const ordered_json* node = resolve(report, split_path(path), 0);
  if (node == nullptr) return std::nullopt;
  if (node->is_boolean()) return node->get<bool>() ? 1.0 : 0.0;
  if (node->is_number()) return node->get<double>();
  return std::nullopt;
}

ExpectationResult evaluate_expectation(const Expectation& expectation, const nlohmann::ordered_json& report) {
  const auto metric = lookup_metric(report, expectation.metric);
  if (!metric) return missing_metric(expectation, report, expectation.metric);
  if (!expectation.share_of.empty()) return evaluate_share(expectation, report, *metric);
  return verdict(expectation, *metric, show_value(*metric, expectation.metric));
}

// The report's tasks are laid out only when an expectation names one: a million of them are gigabytes.
std::vector<ExpectationResult> evaluate_expectations(const Scenario& scenario, const Report& report) {
  const auto names_tasks = [](std::string_view path) { return path.substr(0, 6) == "tasks."; };
  const bool tasks_named =
      std::any_of(scenario.expectations.begin(), scenario.expectations.end(),
                  [&](const Expectation& e) { return names_tasks(e.metric) || names_tasks(e.share_of); });
  const ordered_json json = report_to_json(report, tasks_named ? JsonTasks::Each : JsonTasks::Placeholder);
  std::vector<ExpectationResult> results;
  for (const auto& expectation : scenario.expectations)
    results.push_back(evaluate_expectation(expectation, json));
  return results;
}

}  // namespace gilsim
