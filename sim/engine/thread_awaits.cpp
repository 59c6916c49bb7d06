#include "sim/engine/thread_awaits.hpp"

#include "sim/engine/engine.hpp"
#include "sim/runtime/cost_models.hpp"

namespace gilsim {

// The book's trial division as Python code. In a coroutine, `nap_every` > 0 adds its napping variant:
// for i in range(3, root + 1, 2): ... if i % nap_every == 1: await asyncio.sleep(0)
Co<bool> ThreadAwaits::is_prime(std::int64_t n, std::int64_t nap_every) {
  Engine& engine = t_.engine;
  const PrimeCheck check = check_prime(n);
  const Time per_iteration = engine.scenario().machine.prime_iteration;
  const Time start = engine.now();
  std::uint64_t done = 0;
  if (nap_every > 0 && t_.in_coroutine()) {
    PrimeNaps naps(check, static_cast<std::uint64_t>(nap_every));
    for (std::uint64_t nap = 0; naps.next(nap);) {
      engine.compute(t_, WorkKind::Python, static_cast<Time>(nap - done) * per_iteration);
      done = nap;
      co_await engine.loop_of(t_, "asyncio.sleep").sleep(0);
    }
  }
  engine.compute(t_, WorkKind::Python, static_cast<Time>(check.iterations - done) * per_iteration);
  engine.answer(t_, n, check.prime, engine.now() - start);
  co_return check.prime;
}

Co<bool> ThreadAwaits::wait(int event, Time timeout) {
  if (t_.engine.is_asyncio_event(event)) {
    co_await t_.engine.loop_of(t_, "await event.wait()").wait_event(event);
    co_return true;
  }
  co_return t_.engine.wait_event(t_, event, timeout);
}

Co<std::int64_t> ThreadAwaits::get(int queue) {
  if (t_.engine.is_asyncio_queue(queue)) return t_.engine.loop_of(t_, "await queue.get()").get(queue);
  return blocking_get(queue);
}

Co<void> ThreadAwaits::acquire(int lock) {
  if (t_.engine.is_asyncio_lock(lock)) return t_.engine.loop_of(t_, "await lock.acquire()").acquire(lock);
  return blocking_acquire(lock);
}

Co<std::int64_t> ThreadAwaits::blocking_get(int queue) {
  co_return t_.engine.get(t_, queue);
}

Co<void> ThreadAwaits::blocking_acquire(int lock) {
  t_.engine.acquire_lock(t_, lock);
  co_return;
}

Co<std::int64_t> ThreadAwaits::await_coroutine(int coroutine) {
  return t_.engine.loop_of(t_, "await").await_coroutine(coroutine);
}

Co<std::int64_t> ThreadAwaits::await_task(std::int64_t task) {
  return t_.engine.loop_of(t_, "await").await_task(task);
}

Co<void> ThreadAwaits::async_sleep(Time delay) {
  check_duration(delay, "asyncio.sleep");
  return t_.engine.loop_of(t_, "asyncio.sleep").sleep(delay);
}

Co<std::optional<std::int64_t>> ThreadAwaits::wait_for(std::int64_t task, Time timeout) {
  return t_.engine.loop_of(t_, "asyncio.wait_for").wait_for(task, timeout);
}

Co<std::int64_t> ThreadAwaits::run_in_executor(int executor, std::function<std::int64_t(Runtime&)> job) {
  EventLoop& loop = t_.engine.loop_of(t_, "run_in_executor");
  Executor& pool = executor < 0 ? loop.default_executor() : t_.engine.executor(executor);
  return loop.run_in_executor(pool, std::move(job));
}

}  // namespace gilsim
