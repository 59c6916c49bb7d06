// Expectations: the assertions a scenario makes about its own report, checked after a run.
//
// An expectation names a metric by its dotted path into the JSON report (json_report.hpp), so anything the
// report shows can be asserted on without a C++ change. docs/report.md lists the paths.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/model/scenario.hpp"
#include "sim/report/report.hpp"

namespace gilsim {

/// ExpectationResult is the verdict on one expectation: whether it held, what was measured, and why.
struct ExpectationResult {
  const Expectation* expectation = nullptr;  ///< points into the scenario, which must outlive the result
  bool passed = false;
  double measured = 0;  ///< the metric (or metric / share_of) in report units: seconds, counts, 1/0
  std::string message;  ///< "file:line:col: ok: ..." when passed, "file:line:col: expected ..." when not
};

/// evaluate_expectations checks each of scenario.expectations against the report.
std::vector<ExpectationResult> evaluate_expectations(const Scenario& scenario, const Report& report);

/// evaluate_expectation checks one expectation against a report already laid out as JSON.
ExpectationResult evaluate_expectation(const Expectation& expectation, const nlohmann::ordered_json& report);

/// lookup_metric resolves a dotted path ("units.spinner.marks.frame.max_gap") in the JSON report: a number,
/// or true/false as 1/0; nullopt when missing or not a number.
std::optional<double> lookup_metric(const nlohmann::ordered_json& report, std::string_view path);

}  // namespace gilsim
