// The step interpreter: gives a YAML unit's steps their meaning by calling the Runtime.
//
// It is written as stackless coroutines (Co): every step that may wait goes through Runtime::awaits() and is
// co_awaited. On a thread, those calls complete on the spot (the thread's fiber blocks), so a body runs
// straight through; in an asyncio task without a stack of its own, an await suspends the chain of frames
// and the event loop resumes it later.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/co.hpp"
#include "sim/model/scenario.hpp"
#include "sim/runtime/runtime.hpp"

namespace gilsim {

/// run_steps runs `steps` in order on `rt`, to their end. Errors are thrown as RunError prefixed with the
/// step's file:line:column and the unit's name.
void run_steps(Runtime& rt, const std::vector<Step>& steps);

/// run_coroutine_steps runs a YAML coroutine for the calling task and returns what it returns (0 without a
/// `return`). When the task is cancelled, the coroutine's `on_cancel` steps run and Cancelled goes on.
Co<std::int64_t> run_coroutine_steps(Runtime& rt, const CoroutineSpec& coroutine);

}  // namespace gilsim
