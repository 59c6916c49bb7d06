// Tests of the JSON and text renderings of a report, built by hand so every number is known.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/report/json_report.hpp"
#include "sim/report/text_report.hpp"

namespace gilsim {
namespace {

using namespace time_literals;

/// two_thread_report is a 2s run of a main thread that joins a CPU-bound worker which never ends.
Report two_thread_report() {
  Report r;
  r.scenario = "two_threads";
  r.params = {{"workers", "1"}};
  r.cores = 2;
  r.switch_interval = 5_ms;
  r.seed = 7;
  r.elapsed = 2_s;
  r.core_busy = 2_s;
  r.events = 1234;

  UnitStats main;
  main.name = "main";
  main.kind = "process";
  main.process = "main";
  main.ended = 2_s;
  main.cpu = 10_ms;
  main.sync = 1990_ms;
  main.gil_acquisitions = 2;

  UnitStats worker;
  worker.name = "worker[0]";
  worker.kind = "thread";
  worker.process = "main";
  worker.started = 1_ms;
  worker.run_end = 2_s;  // never ended: alive until the run ended
  worker.cpu = 1_s;
  worker.gil_wait = 900_ms;
  worker.core_wait = 5_ms;
  worker.gil_acquisitions = 200;
  worker.marks["frame"] = MarkStats{3, 0, 200_ms, 150_ms};

  r.units = {main, worker};
  r.gils = {GilStats{"main", 202, 200, 100, 98, 1010_ms}};
  r.answers = {Answer{17, true, "worker[0]", 1500_ms, 2_ms}, Answer{15, false, "worker[0]", 1600_ms, 1_ms}};
  return r;
}

/// deadlocked_report is a run that stopped at 1.5s with main waiting on a queue nobody fills.
Report deadlocked_report() {
  Report r = two_thread_report();
  r.outcome = Outcome::Deadlock;
  r.elapsed = 1500_ms;
  r.deadlock.waiters = {{"main", "queue results (get)"}, {"worker[0]", "lock L held by main"}};
  return r;
}

/// async_report adds an event loop on main with a spinner task that one blocking step stalled.
Report async_report() {
  Report r = two_thread_report();
  LoopStats loop;
  loop.thread = "main";
  loop.iterations = 1234;
  loop.tasks_created = 3;
  loop.tasks_finished = 1;
  loop.tasks_cancelled = 1;
  loop.lag_samples = 40;
  loop.lag_mean = 1500;
  loop.lag_p99 = 12_us;
  loop.lag_max = 1061_ms;
  loop.slow_steps = {SlowStep{"supervisor", 0, 1061_ms}};
  r.loops = {loop};

  TaskStats supervisor;
  supervisor.name = "supervisor";
  supervisor.coroutine = "supervisor";
  supervisor.loop = "main";
  supervisor.state = "finished";
  supervisor.ended = 2_s;
  supervisor.running = 1061_ms;
  supervisor.ready = 1_ms;
  supervisor.waiting = 938_ms;
  supervisor.steps = 4;

  TaskStats spinner;
  spinner.name = "spinner";
  spinner.coroutine = "spin";
  spinner.loop = "main";
  spinner.state = "cancelled";
  spinner.created = 10_us;
  spinner.ended = 1900_ms;
  spinner.running = 20_ms;
  spinner.ready = 1061_ms;
  spinner.waiting = 818990_us;
  spinner.steps = 19;
  spinner.marks["frame"] = MarkStats{19, 10_us, 1800_ms, 1161_ms};

  TaskStats idle;
  idle.name = "idle";
  idle.coroutine = "wait_forever";
  idle.loop = "main";
  idle.state = "pending";
  idle.created = 20_us;
  idle.run_end = 2_s;
  r.tasks = {supervisor, spinner, idle};
  return r;
}

TEST(ReportJson, KeysComeInTheDocumentedOrder) {
  const auto json = report_to_json(two_thread_report());
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  const std::vector<std::string> expected = {
      "scenario",    "engine", "params", "machine", "outcome", "elapsed",      "core_utilisation", "events",
      "peak_stacks", "total",  "units",  "gils",    "answers", "primes_found", "answers_checked"};
  EXPECT_EQ(keys, expected);
}

TEST(ReportJson, RunLevelValues) {
  const auto json = report_to_json(two_thread_report());
  EXPECT_EQ(json["scenario"], "two_threads");
  EXPECT_EQ(json["engine"], "virtual");
  EXPECT_EQ(json["params"]["workers"], "1");
  EXPECT_EQ(json["machine"]["cores"], 2);
  EXPECT_DOUBLE_EQ(json["machine"]["switch_interval"].get<double>(), 0.005);
  EXPECT_EQ(json["machine"]["seed"], 7);
  EXPECT_EQ(json["outcome"], "completed");
  EXPECT_DOUBLE_EQ(json["elapsed"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(json["core_utilisation"].get<double>(), 0.5);
  EXPECT_EQ(json["events"], 1234);
}

TEST(ReportJson, UnitsAreKeyedByNameWithTimesInSeconds) {
  const auto json = report_to_json(two_thread_report());
  const auto& worker = json["units"]["worker[0]"];
  EXPECT_EQ(worker["kind"], "thread");
  EXPECT_EQ(worker["process"], "main");
  EXPECT_DOUBLE_EQ(worker["started"].get<double>(), 0.001);
  EXPECT_TRUE(worker["ended"].is_null());
  EXPECT_DOUBLE_EQ(worker["elapsed"].get<double>(), 1.999);  // until the run ended
  EXPECT_DOUBLE_EQ(worker["cpu"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(worker["gil_wait"].get<double>(), 0.9);
  EXPECT_DOUBLE_EQ(worker["core_wait"].get<double>(), 0.005);
  EXPECT_TRUE(worker["gil_acquisitions"].is_number_integer());
  EXPECT_EQ(worker["gil_acquisitions"], 200);
  EXPECT_DOUBLE_EQ(json["units"]["main"]["ended"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(json["units"]["main"]["elapsed"].get<double>(), 2.0);
}

TEST(ReportJson, MarksGiveCountAndGaps) {
  const auto json = report_to_json(two_thread_report());
  const auto& frame = json["units"]["worker[0]"]["marks"]["frame"];
  EXPECT_EQ(frame["count"], 3);
  EXPECT_DOUBLE_EQ(frame["mean_gap"].get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(frame["max_gap"].get<double>(), 0.15);
  EXPECT_TRUE(json["units"]["main"]["marks"].is_object());
  EXPECT_TRUE(json["units"]["main"]["marks"].empty());
}

TEST(ReportJson, TotalsSumUnitsAndGils) {
  const auto json = report_to_json(two_thread_report());
  const auto& total = json["total"];
  EXPECT_DOUBLE_EQ(total["cpu"].get<double>(), 1.01);
  EXPECT_DOUBLE_EQ(total["sync"].get<double>(), 1.99);
  EXPECT_EQ(total["gil_acquisitions"], 202);
  EXPECT_EQ(total["handoffs"], 200);
  EXPECT_DOUBLE_EQ(total["handoffs_per_s"].get<double>(), 100.0);
  EXPECT_DOUBLE_EQ(total["drop_requests_per_s"].get<double>(), 50.0);
  EXPECT_DOUBLE_EQ(total["forced_switches_per_s"].get<double>(), 49.0);
}

TEST(ReportJson, GilsAreKeyedByProcess) {
  const auto json = report_to_json(two_thread_report());
  const auto& gil = json["gils"]["main"];
  EXPECT_EQ(gil["acquisitions"], 202);
  EXPECT_EQ(gil["handoffs"], 200);
  EXPECT_DOUBLE_EQ(gil["handoffs_per_s"].get<double>(), 100.0);
  EXPECT_EQ(gil["forced_switches"], 98);
  EXPECT_DOUBLE_EQ(gil["held"].get<double>(), 1.01);
  EXPECT_DOUBLE_EQ(gil["held_share"].get<double>(), 0.505);
}

TEST(ReportJson, AnswersAreKeyedByNInTheOrderChecked) {
  const auto json = report_to_json(two_thread_report());
  std::vector<std::string> keys;
  for (const auto& item : json["answers"].items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"17", "15"}));
  EXPECT_EQ(json["answers"]["17"]["prime"], true);
  EXPECT_EQ(json["answers"]["17"]["unit"], "worker[0]");
  EXPECT_DOUBLE_EQ(json["answers"]["17"]["at"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(json["answers"]["17"]["took"].get<double>(), 0.002);
  EXPECT_EQ(json["primes_found"], 1);
  EXPECT_EQ(json["answers_checked"], 2);
}

TEST(ReportJson, DeadlockListsWaitersOnlyWhenDeadlocked) {
  EXPECT_FALSE(report_to_json(two_thread_report()).contains("deadlock"));
  const auto json = report_to_json(deadlocked_report());
  EXPECT_EQ(json["outcome"], "deadlock");
  ASSERT_EQ(json["deadlock"].size(), 2u);
  EXPECT_EQ(json["deadlock"][0]["unit"], "main");
  EXPECT_EQ(json["deadlock"][0]["waits_on"], "queue results (get)");
  EXPECT_EQ(json.items().begin().key(), "scenario");
}

TEST(ReportJson, LoopsAndTasksComeAfterTheAnswersAndBeforeTheDeadlock) {
  Report r = async_report();
  r.outcome = Outcome::Deadlock;
  const auto json = report_to_json(r);
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  const std::vector<std::string> tail(keys.end() - 4, keys.end());
  EXPECT_EQ(tail, (std::vector<std::string>{"answers_checked", "loops", "tasks", "deadlock"}));
}

TEST(ReportJson, LoopsAreKeyedByThread) {
  const auto json = report_to_json(async_report());
  const auto& loop = json["loops"]["main"];
  EXPECT_EQ(loop["iterations"], 1234);
  EXPECT_EQ(loop["tasks_created"], 3);
  EXPECT_EQ(loop["tasks_finished"], 1);
  EXPECT_EQ(loop["tasks_cancelled"], 1);
  EXPECT_EQ(loop["lag"]["samples"], 40);
  EXPECT_DOUBLE_EQ(loop["lag"]["mean"].get<double>(), 1.5e-6);
  EXPECT_DOUBLE_EQ(loop["lag"]["p99"].get<double>(), 12e-6);
  EXPECT_DOUBLE_EQ(loop["lag"]["max"].get<double>(), 1.061);
  ASSERT_EQ(loop["slow_steps"].size(), 1u);
  EXPECT_EQ(loop["slow_steps"][0]["task"], "supervisor");
  EXPECT_DOUBLE_EQ(loop["slow_steps"][0]["at"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(loop["slow_steps"][0]["duration"].get<double>(), 1.061);
}

// write_json writes the tasks one at a time into the text of a document laid out without them; the text
// must be the whole document's, byte for byte, wherever the tasks fall and whatever they hold.
TEST(ReportJson, WrittenTextIsTheWholeDocumentsDump) {
  const auto dump = [](const Report& r) { return report_to_json(r).dump(2) + "\n"; };
  Report deadlocked = async_report();
  deadlocked.outcome = Outcome::Deadlock;
  deadlocked.deadlock.waiters.push_back({"main", "queue results (get)"});
  Report repeated = async_report();  // two tasks of one name: the document keeps one entry
  repeated.tasks.push_back(repeated.tasks.front());
  repeated.tasks.back().steps = 99;
  for (const Report& r : {async_report(), deadlocked, repeated, two_thread_report()}) {
    std::ostringstream out;
    write_json(r, out);
    EXPECT_EQ(out.str(), dump(r));
    EXPECT_EQ(render_json(r), dump(r));
  }
}

TEST(ReportJson, TasksAreKeyedByNameWithTimesInSeconds) {
  const auto json = report_to_json(async_report());
  std::vector<std::string> names;
  for (const auto& item : json["tasks"].items()) names.push_back(item.key());
  EXPECT_EQ(names, (std::vector<std::string>{"supervisor", "spinner", "idle"}));
  const auto& spinner = json["tasks"]["spinner"];
  EXPECT_EQ(spinner["coroutine"], "spin");
  EXPECT_EQ(spinner["loop"], "main");
  EXPECT_EQ(spinner["state"], "cancelled");
  EXPECT_DOUBLE_EQ(spinner["created"].get<double>(), 1e-5);
  EXPECT_DOUBLE_EQ(spinner["ended"].get<double>(), 1.9);
  EXPECT_DOUBLE_EQ(spinner["elapsed"].get<double>(), 1.89999);
  EXPECT_DOUBLE_EQ(spinner["running"].get<double>(), 0.02);
  EXPECT_DOUBLE_EQ(spinner["ready"].get<double>(), 1.061);
  EXPECT_DOUBLE_EQ(spinner["waiting"].get<double>(), 0.81899);
  EXPECT_EQ(spinner["steps"], 19);
  EXPECT_EQ(spinner["marks"]["frame"]["count"], 19);
  EXPECT_DOUBLE_EQ(spinner["marks"]["frame"]["max_gap"].get<double>(), 1.161);
  EXPECT_TRUE(json["tasks"]["idle"]["ended"].is_null());
  EXPECT_DOUBLE_EQ(json["tasks"]["idle"]["elapsed"].get<double>(), 1.99998);  // until the run ended
  EXPECT_TRUE(json["tasks"]["idle"]["marks"].empty());
}

TEST(ReportJson, RatesAreZeroWhenNoTimeElapsed) {
  Report r = two_thread_report();
  r.elapsed = 0;
  const auto json = report_to_json(r);
  EXPECT_EQ(json["total"]["handoffs_per_s"].get<double>(), 0.0);
  EXPECT_EQ(json["gils"]["main"]["held_share"].get<double>(), 0.0);
  EXPECT_EQ(json["core_utilisation"].get<double>(), 0.0);
}

TEST(ReportJson, EmptyReportHasEmptyObjects) {
  const auto json = report_to_json(Report{});
  EXPECT_TRUE(json["params"].is_object());
  EXPECT_TRUE(json["units"].is_object());
  EXPECT_TRUE(json["gils"].is_object());
  EXPECT_TRUE(json["answers"].is_object());
  EXPECT_EQ(json["answers_checked"], 0);
}

TEST(ReportJson, RenderingIsDeterministic) {
  const std::string first = render_json(two_thread_report());
  EXPECT_EQ(first, render_json(two_thread_report()));
  EXPECT_EQ(first.back(), '\n');
  EXPECT_EQ(nlohmann::ordered_json::parse(first), report_to_json(two_thread_report()));
  EXPECT_NE(first.find("\n  \"scenario\": \"two_threads\",\n"), std::string::npos);
}

TEST(ReportJson, OutcomeNames) {
  EXPECT_STREQ(outcome_name(Outcome::Completed), "completed");
  EXPECT_STREQ(outcome_name(Outcome::Deadlock), "deadlock");
  EXPECT_STREQ(outcome_name(Outcome::TimeLimit), "time_limit");
}

/// lines_of splits rendered text into its lines.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// line_starting finds the first line that begins with a prefix, or "" when none does.
std::string line_starting(const std::string& text, const std::string& prefix) {
  for (const auto& line : lines_of(text)) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

TEST(ReportText, HeaderAndStatus) {
  const std::string text = render_text(two_thread_report());
  const auto lines = lines_of(text);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0],
            "two_threads · virtual engine · 2 cores · switch interval 5ms · seed 7 · params workers=1");
  EXPECT_EQ(lines[1], "completed at 2s · core utilisation 50.0% · 1,234 events");
}

TEST(ReportText, UnitTableIsAlignedAndSummed) {
  const std::string text = render_text(two_thread_report());
  const std::string title = line_starting(text, "unit ");
  const std::string worker = line_starting(text, "worker[0] ");
  const std::string total = line_starting(text, "total ");
  ASSERT_FALSE(title.empty());
  EXPECT_NE(title.find("GIL wait"), std::string::npos);
  EXPECT_NE(worker.find("not ended"), std::string::npos);
  EXPECT_NE(worker.find("900ms"), std::string::npos);
  EXPECT_NE(total.find("1.01s"), std::string::npos);
  // The last column is right-aligned, so every line of the table ends in the same column.
  EXPECT_EQ(title.size(), worker.size());
  EXPECT_EQ(title.size(), total.size());
  EXPECT_EQ(title.substr(title.size() - 7), "GIL acq");
  EXPECT_EQ(worker.substr(worker.size() - 3), "200");
}

TEST(ReportText, GilMarksAndAnswers) {
  const std::string text = render_text(two_thread_report());
  EXPECT_NE(line_starting(text, "GIL ").find("forced switches"), std::string::npos);
  EXPECT_NE(text.find("200 (100.0/s)"), std::string::npos);
  EXPECT_NE(text.find("98 (49.0/s)"), std::string::npos);
  EXPECT_NE(text.find("1.01s (50.5%)"), std::string::npos);
  const std::string frame = line_starting(text, "frame ");
  EXPECT_NE(frame.find("worker[0]"), std::string::npos);
  EXPECT_NE(frame.find("100ms"), std::string::npos);
  EXPECT_NE(frame.find("150ms"), std::string::npos);
  EXPECT_NE(text.find("answers: 2 checked, 1 prime\n"), std::string::npos);
  EXPECT_NE(line_starting(text, "17 ").find("yes"), std::string::npos);
  EXPECT_NE(line_starting(text, "15 ").find("no"), std::string::npos);
}

TEST(ReportText, DeadlockLeads) {
  const auto lines = lines_of(render_text(deadlocked_report()));
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "DEADLOCK at 1.5s: every unit left is blocked and nothing is pending");
  EXPECT_EQ(lines[1], "  main waits on queue results (get)");
  EXPECT_EQ(lines[2], "  worker[0] waits on lock L held by main");
}

TEST(ReportText, TimeLimit) {
  Report r = two_thread_report();
  r.outcome = Outcome::TimeLimit;
  r.elapsed = 3600_s;
  EXPECT_EQ(lines_of(render_text(r))[1].rfind("stopped at the time limit (3600s)", 0), 0u);
}

TEST(ReportText, ManyAnswersAreCountedNotListed) {
  Report r = two_thread_report();
  r.answers.assign(31, Answer{4, false, "main", 0, 0});
  const std::string text = render_text(r);
  EXPECT_NE(text.find("answers: 31 checked, 0 prime (more than 30"), std::string::npos);
  EXPECT_EQ(line_starting(text, "4 "), "");
}

TEST(ReportText, EventLoopTableAndSlowSteps) {
  const std::string text = render_text(async_report());
  const std::string title = line_starting(text, "event loop ");
  const std::string main = line_starting(text.substr(text.find(title)), "main ");  // not the unit table's
  ASSERT_FALSE(title.empty());
  EXPECT_EQ(title.substr(title.size() - 7), "lag max");
  EXPECT_EQ(main.size(), title.size());
  EXPECT_NE(main.find("1,234"), std::string::npos);
  EXPECT_NE(main.find("1.5us"), std::string::npos);
  EXPECT_EQ(main.substr(main.size() - 6), "1.061s");
  EXPECT_NE(text.find("\n  slow step: supervisor ran 1.061s at 0ns (loop blocked)\n"), std::string::npos);
  EXPECT_LT(text.find("answers: "), text.find("event loop "));
}

TEST(ReportText, TaskTable) {
  const std::string text = render_text(async_report());
  const std::string title = line_starting(text, "task ");
  ASSERT_FALSE(title.empty());
  EXPECT_EQ(title.find("loop"), std::string::npos);  // one loop: no column for it
  EXPECT_NE(title.find("coroutine"), std::string::npos);
  const std::string spinner = line_starting(text, "spinner ");
  EXPECT_NE(spinner.find("cancelled"), std::string::npos);
  EXPECT_NE(spinner.find("1.061s"), std::string::npos);
  EXPECT_EQ(spinner.size(), title.size());
  EXPECT_EQ(spinner.substr(spinner.size() - 2), "19");
  EXPECT_NE(line_starting(text, "idle ").find("not ended"), std::string::npos);
  EXPECT_LT(text.find("event loop "), text.find("\ntask "));
}

TEST(ReportText, TasksOfSeveralLoopsNameTheirLoop) {
  Report r = async_report();
  r.loops.push_back(r.loops[0]);
  r.loops[1].thread = "other";
  r.tasks[2].loop = "other";
  const std::string text = render_text(r);
  EXPECT_NE(line_starting(text, "task ").find("loop"), std::string::npos);
  EXPECT_NE(line_starting(text, "idle ").find("other"), std::string::npos);
  EXPECT_NE(line_starting(text, "other "), "");  // its own event loop table
}

TEST(ReportText, ManyTasksAndSlowStepsAreCut) {
  Report r = async_report();
  r.tasks.assign(32, r.tasks[1]);
  r.loops[0].slow_steps.assign(35, r.loops[0].slow_steps[0]);
  const std::string text = render_text(r);
  EXPECT_NE(text.find("\n... and 2 more (the JSON report has each)\n"), std::string::npos);
  EXPECT_NE(text.find("\n  ... and 5 more slow steps\n"), std::string::npos);
  std::size_t rows = 0;
  for (const auto& line : lines_of(text)) rows += line.rfind("spinner ", 0) == 0 ? 1 : 0;
  EXPECT_EQ(rows, 30u);
}

TEST(ReportText, LargeCountsAreGrouped) {
  Report r = two_thread_report();
  r.events = 12345678;
  EXPECT_NE(render_text(r).find("12,345,678 events"), std::string::npos);
}

}  // namespace
}  // namespace gilsim
