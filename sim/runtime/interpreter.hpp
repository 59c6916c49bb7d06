// The step interpreter: gives a YAML unit's steps their meaning by calling the Runtime.
#pragma once

#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/runtime/runtime.hpp"

namespace gilsim {

/// run_steps runs `steps` in order on `rt`. Errors are thrown as RunError prefixed with the step's
/// file:line:column and the unit's name.
void run_steps(Runtime& rt, const std::vector<Step>& steps);

}  // namespace gilsim
