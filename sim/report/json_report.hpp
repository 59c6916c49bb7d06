// The JSON form of a report, for scripts, plots and the expectations of a scenario.
//
// The layout is documented key by key in docs/report.md. It is deterministic: the same Report always
// produces byte-identical text, so reports can be diffed and checked into tests.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sim/report/report.hpp"

namespace gilsim {

/// report_to_json lays a report out as JSON: durations in seconds (doubles), counts as integers.
nlohmann::ordered_json report_to_json(const Report& report);

/// render_json is report_to_json as text, indented by two and ending in a newline.
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
