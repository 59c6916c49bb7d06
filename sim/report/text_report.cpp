#include "sim/report/text_report.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "sim/report/json_report.hpp"

namespace gilsim {
namespace {

/// kMaxListed is how many answers, slow steps or tasks the text lists one by one; the JSON report has all.
constexpr std::size_t kMaxListed = 30;

/// display_width counts the characters of UTF-8 text, so a "·" or "µ" takes one column, not two bytes.
std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80 ? 1 : 0;
  return width;
}

/// group_digits writes a count with thousands separators: 1234567 -> "1,234,567".
std::string group_digits(std::uint64_t count) {
  std::string digits = std::to_string(count);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

/// percent writes a share in [0, 1] with one decimal: 0.5012 -> "50.1%".
std::string percent(double share) {
  return fmt::format("{:.1f}%", share * 100);
}

/// with_rate writes a count and how often it happened: "400 (198.8/s)".
std::string with_rate(std::uint64_t count, Time elapsed) {
  return fmt::format("{} ({:.1f}/s)", group_digits(count), per_second(count, elapsed));
}

/// Align is which side of its column a cell hugs: text left, numbers right.
enum class Align { Left, Right };

/// Column is a table column's title and alignment.
struct Column {
  std::string title;
  Align align = Align::Right;
};

/// Table lines up rows of cells under their titles, each column as wide as its widest cell.
class Table {
 public:
  /// Table starts a table with the given columns and no rows.
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

  /// add_row appends one row; it must have a cell per column.
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

  /// render writes the title line and every row, each ending in a newline.
  std::string render() const {
    const std::vector<std::size_t> widths = column_widths();
    std::vector<std::string> titles;
    for (const auto& c : columns_) titles.push_back(c.title);
    std::string out = line(titles, widths);
    for (const auto& row : rows_) out += line(row, widths);
    return out;
  }

 private:
  /// column_widths is, per column, the widest of its title and cells.
  std::vector<std::size_t> column_widths() const {
    std::vector<std::size_t> widths;
    for (const auto& c : columns_) widths.push_back(display_width(c.title));
    for (const auto& row : rows_) {
      for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
    }
    return widths;
  }

  /// line pads each cell to its column's width and joins them with two spaces.
  std::string line(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) const {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string padding(widths[i] - display_width(cells[i]), ' ');
      if (i > 0) out += "  ";
      out += columns_[i].align == Align::Right ? padding + cells[i] : cells[i] + padding;
    }
    // Left-aligned last columns leave padding nobody sees but diffs and editors do.
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  }

  std::vector<Column> columns_;                 ///< titles and alignments, left to right
  std::vector<std::vector<std::string>> rows_;  ///< cells, in the order added
};

/// short_value keeps a header readable: a long list shows its start and how many items it has.
std::string short_value(const std::string& value) {
  constexpr std::size_t kMax = 32;
  if (value.size() <= kMax || value.front() != '[') return value;
  const auto items = std::count(value.begin(), value.end(), ',') + 1;
  const auto cut = value.rfind(',', kMax);
  return fmt::format("{}, ...] ({} items)", value.substr(0, cut == std::string::npos ? kMax : cut), items);
}

/// header_line names the scenario and the machine it ran on.
std::string header_line(const Report& report) {
  std::string out = fmt::format("{} · {} engine · {} core{} · switch interval {} · seed {}", report.scenario,
                                report.engine, report.cores, report.cores == 1 ? "" : "s",
                                format_duration(report.switch_interval), report.seed);
  if (!report.params.empty()) {
    out += " · params";
    for (const auto& [name, value] : report.params) out += fmt::format(" {}={}", name, short_value(value));
  }
  return out + "\n";
}

/// deadlock_block says, before anything else, that the run deadlocked and who waits on what.
std::string deadlock_block(const Report& report) {
  std::string out = fmt::format("DEADLOCK at {}: every unit left is blocked and nothing is pending\n",
                                format_duration(report.elapsed));
  for (const auto& w : report.deadlock.waiters) out += fmt::format("  {} waits on {}\n", w.unit, w.waits_on);
  return out + "\n";
}

/// status_line says how and when the run ended and how busy the machine was.
std::string status_line(const Report& report) {
  const std::string when = format_duration(report.elapsed);
  std::string ending;
  switch (report.outcome) {
    case Outcome::Completed:
      ending = "completed at " + when;
      break;
    case Outcome::Deadlock:
      ending = "deadlocked at " + when;
      break;
    case Outcome::TimeLimit:
      ending = "stopped at the time limit (" + when + ")";
      break;
  }
  return fmt::format("{} · core utilisation {} · {} events\n", ending, percent(report.utilisation()),
                     group_digits(report.events));
}

/// spans_processes is true when the units belong to more than one process, so the table names each one's.
bool spans_processes(const Report& report) {
  std::set<std::string> processes;
  for (const auto& u : report.units) processes.insert(u.process);
  return processes.size() > 1;
}

/// time_cells are the six places a unit's time went, in the order of the unit table's columns.
std::vector<std::string> time_cells(const UnitStats& u) {
  return {format_duration(u.cpu),       format_duration(u.native), format_duration(u.gil_wait),
          format_duration(u.core_wait), format_duration(u.io),     format_duration(u.sync)};
}

/// unit_row is one unit's line of the unit table.
std::vector<std::string> unit_row(const UnitStats& u, bool with_process) {
  std::vector<std::string> row = {u.name, u.kind};
  if (with_process) row.push_back(u.process);
  row.push_back(format_duration(u.started));
  row.push_back(u.ended < 0 ? "not ended" : format_duration(u.elapsed()));
  for (auto& cell : time_cells(u)) row.push_back(std::move(cell));
  row.push_back(group_digits(u.gil_acquisitions));
  return row;
}

/// total_row sums the unit table; its elapsed is the run's.
std::vector<std::string> total_row(const Report& report, bool with_process) {
  const UnitStats total = sum_units(report);
  std::vector<std::string> row = {"total", ""};
  if (with_process) row.push_back("");
  row.push_back("");
  row.push_back(format_duration(report.elapsed));
  for (auto& cell : time_cells(total)) row.push_back(std::move(cell));
  row.push_back(group_digits(total.gil_acquisitions));
  return row;
}

/// units_table shows where each unit's time went, and the sum.
std::string units_table(const Report& report) {
  const bool with_process = spans_processes(report);
  std::vector<Column> columns = {{"unit", Align::Left}, {"kind", Align::Left}};
  if (with_process) columns.push_back({"process", Align::Left});
  for (const char* title :
       {"start", "elapsed", "cpu", "native", "GIL wait", "core wait", "I/O+sleep", "sync", "GIL acq"}) {
    columns.push_back({title, Align::Right});
  }
  Table table(std::move(columns));
  for (const auto& u : report.units) table.add_row(unit_row(u, with_process));
  table.add_row(total_row(report, with_process));
  return table.render();
}

/// gil_row is one GIL's line of the GIL table.
std::vector<std::string> gil_row(const GilStats& g, Time elapsed) {
  const double share = elapsed > 0 ? static_cast<double>(g.held) / elapsed : 0.0;
  return {g.process,
          group_digits(g.acquisitions),
          with_rate(g.handoffs, elapsed),
          with_rate(g.drop_requests, elapsed),
          with_rate(g.forced_switches, elapsed),
          fmt::format("{} ({})", format_duration(g.held), percent(share))};
}

/// gils_table shows what each process's GIL did; a total row appears only when there are several.
std::string gils_table(const Report& report) {
  Table table({{"GIL", Align::Left},
               {"acquisitions"},
               {"hand-offs"},
               {"drop requests"},
               {"forced switches"},
               {"held"}});
  for (const auto& g : report.gils) table.add_row(gil_row(g, report.elapsed));
  if (report.gils.size() > 1) {
    std::vector<std::string> total = gil_row(sum_gils(report), report.elapsed);
    // GILs of different processes are held at the same time, so a share of the run would pass 100%.
    total.back() = format_duration(sum_gils(report).held);
    table.add_row(std::move(total));
  }
  return table.render();
}

/// has_marks is true when any unit wrote output marks.
bool has_marks(const Report& report) {
  for (const auto& u : report.units) {
    if (!u.marks.empty()) return true;
  }
  return false;
}

/// marks_table shows how regularly each unit wrote each kind of mark.
std::string marks_table(const Report& report) {
  Table table({{"mark", Align::Left}, {"unit", Align::Left}, {"count"}, {"mean gap"}, {"max gap"}});
  for (const auto& u : report.units) {
    for (const auto& [name, m] : u.marks) {
      table.add_row(
          {name, u.name, group_digits(m.count), format_duration(m.mean_gap()), format_duration(m.max_gap)});
    }
  }
  return table.render();
}

/// answers_section counts the primality checks and, when there are few, lists each one.
std::string answers_section(const Report& report) {
  std::size_t primes = 0;
  for (const auto& a : report.answers) primes += a.prime ? 1 : 0;
  std::string out =
      fmt::format("answers: {} checked, {} prime", group_digits(report.answers.size()), group_digits(primes));
  if (report.answers.size() > kMaxListed) {
    return out + fmt::format(" (more than {}, so not listed; the JSON report has each)\n", kMaxListed);
  }
  Table table({{"n"}, {"prime", Align::Left}, {"unit", Align::Left}, {"at"}, {"took"}});
  for (const auto& a : report.answers) {
    table.add_row({std::to_string(a.n), a.prime ? "yes" : "no", a.unit, format_duration(a.at),
                   format_duration(a.took)});
  }
  return out + "\n" + table.render();
}

/// loop_row is an event loop's line of its table.
std::vector<std::string> loop_row(const LoopStats& loop) {
  return {loop.thread,
          group_digits(loop.iterations),
          group_digits(loop.tasks_created),
          group_digits(loop.tasks_finished),
          group_digits(loop.tasks_cancelled),
          format_duration(loop.lag_mean),
          format_duration(loop.lag_p99),
          format_duration(loop.lag_max)};
}

/// slow_step_lines lists the task steps that blocked a loop longer than machine.slow_callback, as asyncio's
/// debug mode would warn about them.
std::string slow_step_lines(const LoopStats& loop) {
  std::string out;
  const std::size_t listed = std::min(loop.slow_steps.size(), kMaxListed);
  for (std::size_t i = 0; i < listed; ++i) {
    const SlowStep& s = loop.slow_steps[i];
    out += fmt::format("  slow step: {} ran {} at {} (loop blocked)\n", s.task, format_duration(s.duration),
                       format_duration(s.at));
  }
  if (loop.slow_steps.size() > listed) {
    out += fmt::format("  ... and {} more slow steps\n", group_digits(loop.slow_steps.size() - listed));
  }
  return out;
}

/// loops_section shows each event loop in a table of its own, followed by the steps that blocked it.
std::string loops_section(const Report& report) {
  std::string out;
  for (const auto& loop : report.loops) {
    Table table({{"event loop", Align::Left},
                 {"iterations"},
                 {"tasks created"},
                 {"finished"},
                 {"cancelled"},
                 {"lag mean"},
                 {"lag p99"},
                 {"lag max"}});
    table.add_row(loop_row(loop));
    out += (out.empty() ? "" : "\n") + table.render() + slow_step_lines(loop);
  }
  return out;
}

/// spans_loops is true when the tasks ran on more than one event loop, so the task table names each one's.
bool spans_loops(const Report& report) {
  std::set<std::string> loops;
  for (const auto& t : report.tasks) loops.insert(t.loop);
  return loops.size() > 1;
}

/// task_row is one task's line of the task table.
std::vector<std::string> task_row(const TaskStats& t, bool with_loop) {
  std::vector<std::string> row = {t.name};
  if (with_loop) row.push_back(t.loop);
  const std::string elapsed = t.ended < 0 ? "not ended" : format_duration(t.elapsed());
  row.insert(row.end(), {t.coroutine, t.state, elapsed, format_duration(t.running), format_duration(t.ready),
                         format_duration(t.waiting), group_digits(t.steps)});
  return row;
}

/// tasks_table shows where each asyncio task's time went, listing at most kMaxListed of them.
std::string tasks_table(const Report& report) {
  const bool with_loop = spans_loops(report);
  std::vector<Column> columns = {{"task", Align::Left}};
  if (with_loop) columns.push_back({"loop", Align::Left});
  columns.insert(columns.end(), {{"coroutine", Align::Left}, {"state", Align::Left}});
  for (const char* title : {"elapsed", "running", "ready", "waiting", "steps"}) columns.push_back({title});
  Table table(std::move(columns));
  const std::size_t listed = std::min(report.tasks.size(), kMaxListed);
  for (std::size_t i = 0; i < listed; ++i) table.add_row(task_row(report.tasks[i], with_loop));
  std::string out = table.render();
  if (report.tasks.size() > listed) {
    out += fmt::format("... and {} more (the JSON report has each)\n",
                       group_digits(report.tasks.size() - listed));
  }
  return out;
}

}  // namespace

std::string render_text(const Report& report) {
  std::string out;
  if (report.outcome == Outcome::Deadlock) out += deadlock_block(report);
  out += header_line(report) + status_line(report) + "\n" + units_table(report);
  if (!report.gils.empty()) out += "\n" + gils_table(report);
  if (has_marks(report)) out += "\n" + marks_table(report);
  if (!report.answers.empty()) out += "\n" + answers_section(report);
  if (!report.loops.empty()) out += "\n" + loops_section(report);
  if (!report.tasks.empty()) out += "\n" + tasks_table(report);
  return out;
}

}  // namespace gilsim
