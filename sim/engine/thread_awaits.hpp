// ThreadAwaits: a simulated thread's calls that may wait, as coroutines (the Awaits of its Runtime).
//
// Asyncio's waits (sleep, awaiting a task, an asyncio event, queue or lock, an executor job) go to the
// thread's event loop, whose operations suspend the current task; everything else blocks the thread. The
// thread's plain Runtime calls of the same names run these to completion (Co::run_now), so each operation
// is written once.
#pragma once

#include "sim/runtime/awaits.hpp"

namespace gilsim {

class SimThread;

class ThreadAwaits final : public Awaits {
 public:
  explicit ThreadAwaits(SimThread& thread) : t_(thread) {}

  Co<bool> is_prime(std::int64_t n, std::int64_t nap_every) override;
  Co<bool> wait(int event, Time timeout) override;
  Co<std::int64_t> get(int queue) override;
  Co<void> acquire(int lock) override;
  Co<std::int64_t> await_coroutine(int coroutine) override;
  Co<std::int64_t> await_task(std::int64_t task) override;
  Co<void> async_sleep(Time delay) override;
  Co<std::optional<std::int64_t>> wait_for(std::int64_t task, Time timeout) override;
  Co<std::int64_t> run_in_executor(int executor, std::function<std::int64_t(Runtime&)> job) override;

 private:
  Co<std::int64_t> blocking_get(int queue);
  Co<void> blocking_acquire(int lock);

  SimThread& t_;
};

}  // namespace gilsim
