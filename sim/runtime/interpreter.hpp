// The step interpreter: gives a YAML unit's steps their meaning by calling the Runtime.
#pragma once

#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/runtime/runtime.hpp"

namespace gilsim {

/// run_steps runs `steps` in order on `rt`. Errors are thrown as RunError prefixed with the step's
/// file:line:column and the unit's name.
void run_steps(Runtime& rt, const std::vector<Step>& steps);

/// run_coroutine_steps runs a YAML coroutine in the calling task and returns what it returns (0 without a
/// `return`). When the task is cancelled, the coroutine's `on_cancel` steps run and Cancelled goes on.
std::int64_t run_coroutine_steps(Runtime& rt, const CoroutineSpec& coroutine);

}  // namespace gilsim
