#include "sim/report/json_report.hpp"

#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

namespace gilsim {
namespace {

using nlohmann::ordered_json;

/// KeyedObject builds a JSON object of many keys in the order they come. ordered_json's operator[] finds
/// a key by a linear search, so filling an object of n keys with it takes n^2 / 2 string compares: a
/// second for 20,000 units, hours for a million tasks. A key given twice keeps its first place and takes
/// the later value, as operator[] would.
class KeyedObject {
 public:
  void set(const std::string& key, ordered_json value) {
    auto& pairs = object_.get_ref<ordered_json::object_t&>();
    const auto [at, fresh] = places_.try_emplace(key, pairs.size());
    if (fresh) {
      pairs.emplace_back(key, std::move(value));
    } else {
      (pairs.begin() + static_cast<std::ptrdiff_t>(at->second))->second = std::move(value);
    }
  }
  /// take hands the object over; the builder is empty again.
  ordered_json take() {
    places_.clear();
    return std::exchange(object_, ordered_json::object());
  }

 private:
  ordered_json object_ = ordered_json::object();
  std::unordered_map<std::string, std::size_t> places_;  ///< key -> index in object_
};

/// seconds is how every duration appears in the JSON report.
double seconds(Time t) {
  return to_seconds(t);
}

/// ended_json is an end time in seconds, or null for something that never ended.
ordered_json ended_json(Time ended) {
  return ended < 0 ? ordered_json(nullptr) : ordered_json(seconds(ended));
}

/// machine_json describes the simulated machine.
ordered_json machine_json(const Report& report) {
  ordered_json machine;
  machine["cores"] = report.cores;
  machine["switch_interval"] = seconds(report.switch_interval);
  machine["seed"] = report.seed;
  return machine;
}

/// add_times writes the six places a thread's time can go, in the order the text table shows them.
void add_times(ordered_json& out, const UnitStats& u) {
  out["cpu"] = seconds(u.cpu);
  out["native"] = seconds(u.native);
  out["gil_wait"] = seconds(u.gil_wait);
  out["core_wait"] = seconds(u.core_wait);
  out["io"] = seconds(u.io);
  out["sync"] = seconds(u.sync);
}

/// add_gil_counters writes a GIL's counters, each with its rate over the whole run.
void add_gil_counters(ordered_json& out, const GilStats& gil, Time elapsed) {
  out["handoffs"] = gil.handoffs;
  out["handoffs_per_s"] = per_second(gil.handoffs, elapsed);
  out["drop_requests"] = gil.drop_requests;
  out["drop_requests_per_s"] = per_second(gil.drop_requests, elapsed);
  out["forced_switches"] = gil.forced_switches;
  out["forced_switches_per_s"] = per_second(gil.forced_switches, elapsed);
}

/// total_json is the whole run's time (summed over units) and GIL activity (summed over processes).
ordered_json total_json(const Report& report) {
  const UnitStats units = sum_units(report);
  ordered_json total;
  add_times(total, units);
  total["gil_acquisitions"] = units.gil_acquisitions;
  add_gil_counters(total, sum_gils(report), report.elapsed);
  return total;
}

/// marks_json summarises each kind of mark a unit or a task wrote.
ordered_json marks_json(const std::map<std::string, MarkStats>& written) {
  ordered_json marks = ordered_json::object();
  for (const auto& [name, mark] : written) {
    marks[name] = {
        {"count", mark.count}, {"mean_gap", seconds(mark.mean_gap())}, {"max_gap", seconds(mark.max_gap)}};
  }
  return marks;
}

/// unit_json is where one unit's time went.
ordered_json unit_json(const UnitStats& unit) {
  ordered_json out;
  out["kind"] = unit.kind;
  out["process"] = unit.process;
  out["started"] = seconds(unit.started);
  out["ended"] = ended_json(unit.ended);
  out["elapsed"] = seconds(unit.elapsed());
  add_times(out, unit);
  out["gil_acquisitions"] = unit.gil_acquisitions;
  out["marks"] = marks_json(unit.marks);
  return out;
}

/// units_json keys every unit by its name, in the report's order.
ordered_json units_json(const Report& report) {
  KeyedObject units;
  for (const auto& unit : report.units) units.set(unit.name, unit_json(unit));
  return units.take();
}

/// gils_json keys every GIL by the process that owns it.
ordered_json gils_json(const Report& report) {
  KeyedObject gils;
  for (const auto& gil : report.gils) {
    ordered_json out;
    out["acquisitions"] = gil.acquisitions;
    add_gil_counters(out, gil, report.elapsed);
    out["held"] = seconds(gil.held);
    out["held_share"] = report.elapsed > 0 ? static_cast<double>(gil.held) / report.elapsed : 0.0;
    gils.set(gil.process, std::move(out));
  }
  return gils.take();
}

/// answers_json keys every primality check by its n as decimal text, so an expectation can name one.
ordered_json answers_json(const Report& report) {
  KeyedObject answers;
  for (const auto& a : report.answers) {
    answers.set(std::to_string(a.n),
                {{"prime", a.prime}, {"unit", a.unit}, {"at", seconds(a.at)}, {"took", seconds(a.took)}});
  }
  return answers.take();
}

/// primes_found counts the checks that answered "prime".
std::uint64_t primes_found(const Report& report) {
  std::uint64_t count = 0;
  for (const auto& a : report.answers) count += a.prime ? 1 : 0;
  return count;
}

/// lag_json summarises how long a loop's ready tasks waited for it to resume them.
ordered_json lag_json(const LoopStats& loop) {
  return {{"samples", loop.lag_samples},
          {"mean", seconds(loop.lag_mean)},
          {"p99", seconds(loop.lag_p99)},
          {"max", seconds(loop.lag_max)}};
}

/// slow_steps_json lists the task steps that kept a loop busy longer than machine.slow_callback.
ordered_json slow_steps_json(const LoopStats& loop) {
  ordered_json steps = ordered_json::array();
  for (const auto& s : loop.slow_steps) {
    steps.push_back({{"task", s.task}, {"at", seconds(s.at)}, {"duration", seconds(s.duration)}});
  }
  return steps;
}

/// loops_json keys every event loop by the thread that ran it.
ordered_json loops_json(const Report& report) {
  KeyedObject loops;
  for (const auto& loop : report.loops) {
    ordered_json out;
    out["iterations"] = loop.iterations;
    out["tasks_created"] = loop.tasks_created;
    out["tasks_finished"] = loop.tasks_finished;
    out["tasks_cancelled"] = loop.tasks_cancelled;
    out["lag"] = lag_json(loop);
    out["slow_steps"] = slow_steps_json(loop);
    loops.set(loop.thread, std::move(out));
  }
  return loops.take();
}

/// task_json is where one task's time went.
ordered_json task_json(const TaskStats& task) {
  ordered_json out;
  out["coroutine"] = task.coroutine;
  out["loop"] = task.loop;
  out["state"] = task.state;
  out["created"] = seconds(task.created);
  out["ended"] = ended_json(task.ended);
  out["elapsed"] = seconds(task.elapsed());
  out["running"] = seconds(task.running);
  out["ready"] = seconds(task.ready);
  out["waiting"] = seconds(task.waiting);
  out["steps"] = task.steps;
  out["marks"] = marks_json(task.marks);
  return out;
}

/// tasks_json keys every task by its name, in the report's order.
ordered_json tasks_json(const Report& report) {
  KeyedObject tasks;
  for (const auto& task : report.tasks) tasks.set(task.name, task_json(task));
  return tasks.take();
}

/// deadlock_json lists who waits on what when the run deadlocked.
ordered_json deadlock_json(const Deadlock& deadlock) {
  ordered_json waiters = ordered_json::array();
  for (const auto& w : deadlock.waiters) waiters.push_back({{"unit", w.unit}, {"waits_on", w.waits_on}});
  return waiters;
}

}  // namespace

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::Completed:
      return "completed";
    case Outcome::Deadlock:
      return "deadlock";
    case Outcome::TimeLimit:
      return "time_limit";
  }
  return "unknown";
}

double per_second(std::uint64_t count, Time elapsed) {
  return elapsed > 0 ? static_cast<double>(count) / to_seconds(elapsed) : 0.0;
}

UnitStats sum_units(const Report& report) {
  UnitStats total;
  total.name = "total";
  for (const auto& u : report.units) {
    total.cpu += u.cpu;
    total.native += u.native;
    total.gil_wait += u.gil_wait;
    total.core_wait += u.core_wait;
    total.io += u.io;
    total.sync += u.sync;
    total.gil_acquisitions += u.gil_acquisitions;
  }
  return total;
}

GilStats sum_gils(const Report& report) {
  GilStats total;
  total.process = "total";
  for (const auto& g : report.gils) {
    total.acquisitions += g.acquisitions;
    total.handoffs += g.handoffs;
    total.drop_requests += g.drop_requests;
    total.forced_switches += g.forced_switches;
    total.held += g.held;
  }
  return total;
}

nlohmann::ordered_json report_to_json(const Report& report, JsonTasks tasks) {
  ordered_json out;
  out["scenario"] = report.scenario;
  out["engine"] = report.engine;
  out["params"] = ordered_json(report.params);
  out["machine"] = machine_json(report);
  out["outcome"] = outcome_name(report.outcome);
  out["elapsed"] = seconds(report.elapsed);
  out["core_utilisation"] = report.utilisation();
  out["events"] = report.events;
  out["peak_stacks"] = report.peak_stacks;
  out["total"] = total_json(report);
  out["units"] = units_json(report);
  out["gils"] = gils_json(report);
  out["answers"] = answers_json(report);
  out["primes_found"] = primes_found(report);
  out["answers_checked"] = report.answers.size();
  if (!report.loops.empty()) out["loops"] = loops_json(report);
  if (!report.tasks.empty())
    out["tasks"] = tasks == JsonTasks::Each ? tasks_json(report) : ordered_json::object();
  if (report.outcome == Outcome::Deadlock) out["deadlock"] = deadlock_json(report.deadlock);
  return out;
}

namespace {

// Replacing invalid UTF-8 (a unit name from a badly encoded file) beats throwing halfway through output.
constexpr auto kReplaceBadUtf8 = ordered_json::error_handler_t::replace;

/// has_repeated_task_names is true when two tasks share a name (a task named "worker-2" by the scenario
/// and the second task named "worker" by default): the document then keeps one entry for both.
bool has_repeated_task_names(const Report& report) {
  std::unordered_set<std::string_view> seen;
  seen.reserve(report.tasks.size());
  for (const auto& task : report.tasks) {
    if (!seen.insert(task.name).second) return true;
  }
  return false;
}

/// write_tasks writes the "tasks" object's members as dump(2) would lay them out two levels deep. They go
/// out through a buffer of about a megabyte: a stream write per piece (std::cout synchronised with C's
/// stdio) cost a tenth of the time of a million tasks.
void write_tasks(const Report& report, std::ostream& out) {
  constexpr std::size_t kFlushAt = 1 << 20;
  std::string buffer;
  buffer.reserve(kFlushAt + 4096);
  const char* separator = "\n";
  for (const auto& task : report.tasks) {
    buffer += separator;
    buffer += "    ";
    buffer += ordered_json(task.name).dump(-1, ' ', false, kReplaceBadUtf8);
    buffer += ": ";
    const std::string text = task_json(task).dump(2, ' ', false, kReplaceBadUtf8);
    std::size_t from = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
      buffer.append(text, from, nl + 1 - from);
      buffer += "    ";  // its lines two levels in
      from = nl + 1;
    }
    buffer.append(text, from);
    separator = ",\n";
    if (buffer.size() >= kFlushAt) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
}

}  // namespace

// The document is laid out with an empty "tasks" object, which is then written member by member in its
// place. (Only the top level's keys are indented by two spaces, so the placeholder's line is found
// without doubt.)
void write_json(const Report& report, std::ostream& out) {
  const bool stream_tasks = !report.tasks.empty() && !has_repeated_task_names(report);
  const JsonTasks tasks = stream_tasks ? JsonTasks::Placeholder : JsonTasks::Each;
  const std::string text = report_to_json(report, tasks).dump(2, ' ', false, kReplaceBadUtf8);
  constexpr std::string_view kPlaceholder = "\n  \"tasks\": {}";
  const std::size_t at = stream_tasks ? text.find(kPlaceholder) : std::string::npos;
  if (at == std::string::npos) {
    out << text << "\n";
    return;
  }
  const std::size_t open = at + kPlaceholder.size() - 1;  // up to the object's "{", its "}" after
  out.write(text.data(), static_cast<std::streamsize>(open));
  write_tasks(report, out);
  out << "\n  ";
  out.write(text.data() + open, static_cast<std::streamsize>(text.size() - open));
  out << "\n";
}

std::string render_json(const Report& report) {
  std::ostringstream out;
  write_json(report, out);
  return out.str();
}

}  // namespace gilsim
