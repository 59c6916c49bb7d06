// Awaits: the Runtime calls that may suspend a coroutine, as stackless coroutines (Co).
//
// The step interpreter makes every call that can wait through this interface and co_awaits it. In an
// asyncio task that runs without a stack of its own, an awaiting call (asyncio.sleep, awaiting a task, an
// asyncio queue, lock or event, an executor job) suspends the task's Co chain and hands control back to the
// event loop. Elsewhere — a thread's body, an executor job, a task on a fiber — each call completes on the
// spot, blocking the thread as the Runtime's plain call of the same name does.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "sim/core/co.hpp"
#include "sim/core/time.hpp"

namespace gilsim {

class Runtime;

class Awaits {
 public:
  virtual ~Awaits() = default;

  virtual Co<bool> is_prime(std::int64_t n, std::int64_t nap_every) = 0;
  virtual Co<bool> wait(int event, Time timeout) = 0;
  virtual Co<std::int64_t> get(int queue) = 0;
  virtual Co<void> acquire(int lock) = 0;
  virtual Co<std::int64_t> await_coroutine(int coroutine) = 0;
  virtual Co<std::int64_t> await_task(std::int64_t task) = 0;
  virtual Co<void> async_sleep(Time delay) = 0;
  virtual Co<std::optional<std::int64_t>> wait_for(std::int64_t task, Time timeout) = 0;
  /// run_in_executor's job is a Runtime::Job: it runs on a worker's Runtime and returns a result.
  virtual Co<std::int64_t> run_in_executor(int executor, std::function<std::int64_t(Runtime&)> job) = 0;
};

}  // namespace gilsim
