// Tests of expectations: metric lookup by path, every comparison both ways, shares and the messages.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/expect/expectations.hpp"
#include "sim/report/json_report.hpp"

namespace gilsim {
namespace {

using namespace time_literals;

/// spinner_report is a 2s run of a spinner thread drawing frames next to a worker that checked two numbers.
Report spinner_report() {
  Report r;
  r.scenario = "spinner";
  r.cores = 2;
  r.elapsed = 2_s;
  UnitStats spinner;
  spinner.name = "spinner";
  spinner.ended = 2_s;
  spinner.gil_wait = 500_ms;
  spinner.marks["frame"] = MarkStats{11, 0, 1_s, 250_ms};
  UnitStats worker;
  worker.name = "worker[0]";
  worker.ended = 2_s;
  worker.cpu = 1500_ms;
  worker.gil_acquisitions = 40;
  r.units = {spinner, worker};
  r.gils = {GilStats{"main", 60, 50, 30, 20, 1800_ms}};
  r.answers = {Answer{17, true, "worker[0]", 1_s, 1_ms}, Answer{21, false, "worker[0]", 2_s, 1_ms}};
  return r;
}

/// expect_that builds an expectation written at scenarios/s.yaml line 3, column 5.
Expectation expect_that(std::string metric, Comparison op, double bound, double upper = 0) {
  Expectation e;
  e.metric = std::move(metric);
  e.op = op;
  e.bound = bound;
  e.upper = upper;
  e.text = "the expectation";
  e.pos = SourcePos{"scenarios/s.yaml", 3, 5};
  return e;
}

/// check evaluates one expectation against spinner_report.
ExpectationResult check(const Expectation& e) {
  return evaluate_expectation(e, report_to_json(spinner_report()));
}

TEST(LookupMetric, FindsNumbersAndBooleans) {
  const auto json = report_to_json(spinner_report());
  EXPECT_DOUBLE_EQ(*lookup_metric(json, "elapsed"), 2.0);
  EXPECT_DOUBLE_EQ(*lookup_metric(json, "units.spinner.marks.frame.max_gap"), 0.25);
  EXPECT_DOUBLE_EQ(*lookup_metric(json, "units.worker[0].gil_acquisitions"), 40);
  EXPECT_DOUBLE_EQ(*lookup_metric(json, "gils.main.held_share"), 0.9);
  EXPECT_EQ(*lookup_metric(json, "answers.17.prime"), 1.0);
  EXPECT_EQ(*lookup_metric(json, "answers.21.prime"), 0.0);
}

TEST(LookupMetric, MissingOrNotANumber) {
  const auto json = report_to_json(spinner_report());
  EXPECT_FALSE(lookup_metric(json, "units.nobody.cpu"));
  EXPECT_FALSE(lookup_metric(json, "units.spinner"));             // an object
  EXPECT_FALSE(lookup_metric(json, "scenario"));                  // a string
  EXPECT_FALSE(lookup_metric(json, "units.spinner.ended.more"));  // past a leaf
  EXPECT_FALSE(lookup_metric(json, ""));
  EXPECT_FALSE(lookup_metric(json, "elapsed."));
}

TEST(LookupMetric, KeysMayContainDotsAndArraysTakeIndexes) {
  nlohmann::ordered_json json = {{"marks", {{"result.line", {{"count", 3}}}}}, {"list", {5, 6}}};
  EXPECT_EQ(*lookup_metric(json, "marks.result.line.count"), 3);
  EXPECT_EQ(*lookup_metric(json, "list.1"), 6);
  EXPECT_FALSE(lookup_metric(json, "list.2"));
  EXPECT_FALSE(lookup_metric(json, "list.x"));
}

TEST(Expectations, Below) {
  EXPECT_TRUE(check(expect_that("units.spinner.marks.frame.max_gap", Comparison::Below, 0.3)).passed);
  EXPECT_FALSE(check(expect_that("units.spinner.marks.frame.max_gap", Comparison::Below, 0.25)).passed);
}

TEST(Expectations, AtMost) {
  EXPECT_TRUE(check(expect_that("units.spinner.marks.frame.max_gap", Comparison::AtMost, 0.25)).passed);
  EXPECT_FALSE(check(expect_that("units.spinner.marks.frame.max_gap", Comparison::AtMost, 0.2)).passed);
}

TEST(Expectations, Above) {
  EXPECT_TRUE(check(expect_that("gils.main.handoffs", Comparison::Above, 49)).passed);
  EXPECT_FALSE(check(expect_that("gils.main.handoffs", Comparison::Above, 50)).passed);
}

TEST(Expectations, AtLeast) {
  EXPECT_TRUE(check(expect_that("gils.main.handoffs", Comparison::AtLeast, 50)).passed);
  EXPECT_FALSE(check(expect_that("gils.main.handoffs", Comparison::AtLeast, 51)).passed);
}

TEST(Expectations, EqualsToleratesRounding) {
  EXPECT_TRUE(check(expect_that("units.spinner.marks.frame.mean_gap", Comparison::Equals, 0.1)).passed);
  EXPECT_TRUE(
      check(expect_that("units.spinner.marks.frame.mean_gap", Comparison::Equals, 0.1 + 1e-12)).passed);
  EXPECT_FALSE(check(expect_that("units.spinner.marks.frame.mean_gap", Comparison::Equals, 0.1001)).passed);
  EXPECT_TRUE(check(expect_that("units.spinner.native", Comparison::Equals, 0)).passed);
}

TEST(Expectations, BetweenIncludesBothEnds) {
  EXPECT_TRUE(check(expect_that("gils.main.handoffs", Comparison::Between, 50, 60)).passed);
  EXPECT_TRUE(check(expect_that("gils.main.handoffs", Comparison::Between, 40, 50)).passed);
  EXPECT_FALSE(check(expect_that("gils.main.handoffs", Comparison::Between, 51, 60)).passed);
  EXPECT_FALSE(check(expect_that("gils.main.handoffs", Comparison::Between, 40, 49)).passed);
}

TEST(Expectations, BooleansCompareAsOneOrZero) {
  EXPECT_TRUE(check(expect_that("answers.17.prime", Comparison::Equals, 1)).passed);
  EXPECT_FALSE(check(expect_that("answers.21.prime", Comparison::Equals, 1)).passed);
}

TEST(Expectations, PassedMessageShowsTheMeasuredDuration) {
  const auto result = check(expect_that("units.spinner.marks.frame.max_gap", Comparison::Below, 0.3));
  EXPECT_EQ(result.message, "scenarios/s.yaml:3:5: ok: the expectation (measured 250ms)");
  EXPECT_DOUBLE_EQ(result.measured, 0.25);
}

TEST(Expectations, FailedMessageShowsTheMeasuredValue) {
  EXPECT_EQ(check(expect_that("units.worker[0].cpu", Comparison::Below, 1)).message,
            "scenarios/s.yaml:3:5: expected the expectation, measured 1.5s");
  EXPECT_EQ(check(expect_that("gils.main.handoffs", Comparison::Below, 10)).message,
            "scenarios/s.yaml:3:5: expected the expectation, measured 50");
  EXPECT_EQ(check(expect_that("gils.main.held_share", Comparison::Below, 0.5)).message,
            "scenarios/s.yaml:3:5: expected the expectation, measured 0.9");
}

TEST(Expectations, ShareOfDividesByTheOtherMetric) {
  Expectation e = expect_that("units.spinner.gil_wait", Comparison::Between, 0.2, 0.3);
  e.share_of = "units.spinner.elapsed";
  const auto passed = check(e);
  EXPECT_TRUE(passed.passed);
  EXPECT_DOUBLE_EQ(passed.measured, 0.25);
  EXPECT_EQ(passed.message, "scenarios/s.yaml:3:5: ok: the expectation (measured 0.25 (500ms of 2s))");
  e.upper = 0.24;
  e.bound = 0.1;
  EXPECT_FALSE(check(e).passed);
}

TEST(Expectations, ShareOfZeroFails) {
  Expectation e = expect_that("units.spinner.gil_wait", Comparison::Below, 1);
  e.share_of = "units.spinner.cpu";
  const auto result = check(e);
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.message,
            "scenarios/s.yaml:3:5: expected the expectation, but 'units.spinner.cpu' is 0, so the share is "
            "undefined");
}

TEST(Expectations, MissingShareOfNamesIt) {
  Expectation e = expect_that("units.spinner.gil_wait", Comparison::Below, 1);
  e.share_of = "elapsed_total";
  EXPECT_EQ(check(e).message,
            "scenarios/s.yaml:3:5: expected the expectation, but the report has no metric "
            "'elapsed_total'");
}

TEST(Expectations, MissingMetricNamesThePath) {
  const auto result = check(expect_that("gils.main.bogus", Comparison::Below, 1));
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.message,
            "scenarios/s.yaml:3:5: expected the expectation, but the report has no metric 'gils.main.bogus'");
}

TEST(Expectations, UnknownUnitListsTheUnits) {
  EXPECT_EQ(
      check(expect_that("units.worker.cpu", Comparison::Below, 1)).message,
      "scenarios/s.yaml:3:5: expected the expectation, but the report has no metric 'units.worker.cpu'; "
      "its units are spinner, worker[0]");
  // A known unit with a wrong key is not a unit problem, so no list.
  EXPECT_EQ(check(expect_that("units.worker[0].cpus", Comparison::Below, 1)).message.find("its units"),
            std::string::npos);
}

TEST(Expectations, WithoutTextOrPositionTheyDescribeThemselves) {
  Expectation e;
  e.metric = "gils.main.handoffs";
  e.op = Comparison::AtLeast;
  e.bound = 100;
  EXPECT_EQ(check(e).message, "<scenario>: expected gils.main.handoffs at_least 100, measured 50");
}

TEST(Expectations, EvaluatesEveryExpectationOfAScenarioInOrder) {
  Scenario scenario;
  scenario.expectations = {expect_that("elapsed", Comparison::AtMost, 2),
                           expect_that("answers_checked", Comparison::Equals, 3)};
  const auto results = evaluate_expectations(scenario, spinner_report());
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].expectation, &scenario.expectations[0]);
  EXPECT_TRUE(results[0].passed);
  EXPECT_EQ(results[1].expectation, &scenario.expectations[1]);
  EXPECT_FALSE(results[1].passed);
  EXPECT_EQ(results[1].measured, 2);
}

// evaluate_expectations lays the report's tasks out only when an expectation names one (they can be a
// million); one that does must find them.
TEST(Expectations, ATaskNamedByAnExpectationIsFound) {
  Report report = spinner_report();
  TaskStats task;
  task.name = "sleeper";
  task.steps = 10;
  report.tasks = {task};
  Scenario scenario;
  scenario.expectations = {expect_that("tasks.sleeper.steps", Comparison::Equals, 10),
                           expect_that("elapsed", Comparison::AtMost, 2)};
  const auto results = evaluate_expectations(scenario, report);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].passed) << results[0].message;
  EXPECT_EQ(results[0].measured, 10);
  EXPECT_TRUE(results[1].passed) << results[1].message;
}

}  // namespace
}  // namespace gilsim
