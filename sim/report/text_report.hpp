// The text form of a report: a few aligned tables a person reads in a terminal.
//
// docs/report.md explains each column. The layout is plain ASCII apart from the "·" separators of the
// header, and has no colour, so it reads the same in a log file as on screen.
#pragma once

#include <string>

#include "sim/report/report.hpp"

namespace gilsim {

/// render_text lays a report out as a header, the outcome, and tables of units, GILs, marks and answers.
std::string render_text(const Report& report);

}  // namespace gilsim
