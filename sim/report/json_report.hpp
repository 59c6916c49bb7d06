// The JSON form of a report, for scripts, plots and the expectations of a scenario.
//
// The layout is documented key by key in docs/report.md. It is deterministic: the same Report always
// produces byte-identical text, so reports can be diffed and checked into tests.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sim/report/report.hpp"

namespace gilsim {

/// JsonTasks says how report_to_json lays out the tasks: each one, or an empty object in their place (a
/// run of a million tasks made a document of 2.6 GiB; most uses need none of them).
enum class JsonTasks { Each, Placeholder };

/// report_to_json lays a report out as JSON: durations in seconds (doubles), counts as integers.
nlohmann::ordered_json report_to_json(const Report& report, JsonTasks tasks = JsonTasks::Each);

/// write_json writes report_to_json's document as text, indented by two and ending in a newline. The
/// tasks are laid out and written one at a time, so the whole document is never held at once.
void write_json(const Report& report, std::ostream& out);

/// render_json is write_json's text as a string.
std::string render_json(const Report& report);

/// outcome_name is the word a report uses for how a run ended: completed, deadlock or time_limit.
const char* outcome_name(Outcome outcome);

/// per_second is a count divided by an elapsed time in seconds, or 0 when no time elapsed.
double per_second(std::uint64_t count, Time elapsed);

/// sum_units adds up the time and GIL acquisitions of every unit into one row named "total".
UnitStats sum_units(const Report& report);

/// sum_gils adds up the counters and held time of every process's GIL into one named "total".
GilStats sum_gils(const Report& report);

}  // namespace gilsim
