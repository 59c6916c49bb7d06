// Runtime: what a simulated thread can do.
//
// The step interpreter and C++ unit bodies talk only to this interface; each engine implements it once.
// Every call behaves like its CPython counterpart from the calling thread's point of view: it returns
// when the operation is complete, and the engine accounts for the time it took and for who waited on what.
//
//   scene.thread("A", [](gilsim::Runtime& rt) {
//     for (int i = 0; i < 100; ++i) rt.io(10 * gilsim::kMillisecond);  // I/O releases the GIL
//   });
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/runtime/awaits.hpp"

namespace gilsim {

/// Cancelled is thrown into a coroutine at its suspension point when its task is cancelled (asyncio's
/// CancelledError). It is not a std::exception on purpose: error handlers must not swallow it.
struct Cancelled {};

class Runtime {
 public:
  virtual ~Runtime() = default;

  /// now is the current time of the run.
  virtual Time now() const = 0;
  /// unit_name is the calling unit's name (with its replica index, e.g. "worker[2]").
  virtual const std::string& unit_name() const = 0;
  /// replica is the calling unit's replica index (0 for a unit with count 1).
  virtual int replica() const = 0;

  /// cpu runs pure-Python code for `work` of CPU time: it needs the GIL and a core.
  virtual void cpu(Time work) = 0;
  /// is_prime runs the trial-division check of n as Python code and returns its answer. In a coroutine,
  /// `nap_every` > 0 makes it `await asyncio.sleep(0)` whenever i % nap_every == 1, as the chapter's
  /// spinner_prime_async_nap does.
  virtual bool is_prime(std::int64_t n, std::int64_t nap_every = 0) = 0;
  /// native runs C code that releases the GIL (zlib, numpy...) for `work` of CPU time on a core.
  virtual void native(Time work) = 0;
  /// io blocks in a system call for `duration`, with the GIL released and no core used.
  virtual void io(Time duration) = 0;
  /// sleep is time.sleep: like io, but reported apart.
  virtual void sleep(Time duration) = 0;
  /// output writes a mark (a frame, a line) to the terminal; the write releases the GIL.
  virtual void output(std::string_view mark) = 0;

  /// set, clear and is_set act on an Event; wait blocks until it is set or `timeout` passed.
  virtual void set(int event) = 0;
  virtual void clear(int event) = 0;
  virtual bool is_set(int event) = 0;
  virtual bool wait(int event, Time timeout = kNever) = 0;

  /// put appends an item to a queue (queues are unbounded); get blocks until one is there.
  virtual void put(int queue, std::int64_t item) = 0;
  virtual std::int64_t get(int queue) = 0;

  /// acquire blocks until the lock is free and takes it; release frees it.
  virtual void acquire(int lock) = 0;
  virtual void release(int lock) = 0;

  /// spawn starts every replica of a unit declared `start: spawn`; join waits until all have ended.
  virtual void spawn(int unit) = 0;
  virtual void join(int unit) = 0;

  // --- asyncio. asyncio_run runs an event loop in this thread; the rest is valid only inside a coroutine
  // of that loop (RunError otherwise). Awaiting calls suspend only the calling coroutine; when its task is
  // cancelled they throw gilsim::Cancelled at the suspension point.

  /// Job is work handed to an executor: it runs on a worker's Runtime and returns a result.
  using Job = std::function<std::int64_t(Runtime&)>;

  /// asyncio_run runs coroutine `coroutine` as the main task of a new event loop, until it returns.
  virtual std::int64_t asyncio_run(int coroutine) = 0;
  /// create_task schedules a new task running `coroutine` and returns its handle (the caller goes on).
  virtual std::int64_t create_task(int coroutine, std::string_view name = {}) = 0;
  /// await_coroutine calls `coroutine` inline (no new task) and returns what it returns.
  virtual std::int64_t await_coroutine(int coroutine) = 0;
  /// await_task suspends until `task` is done and returns its result (Cancelled if it was cancelled).
  virtual std::int64_t await_task(std::int64_t task) = 0;
  /// cancel asks `task` to stop at its next suspension point; false if it is already done.
  virtual bool cancel(std::int64_t task) = 0;
  /// async_sleep is `await asyncio.sleep(delay)`: 0 lets every other ready task run first.
  virtual void async_sleep(Time delay) = 0;
  /// wait_for awaits `task` for at most `timeout`; on timeout it cancels the task and returns nullopt.
  virtual std::optional<std::int64_t> wait_for(std::int64_t task, Time timeout) = 0;
  /// run_in_executor hands `job` to executor `executor` (-1: the loop's default thread pool) and awaits it.
  virtual std::int64_t run_in_executor(int executor, Job job) = 0;
  /// in_coroutine is true while the caller runs as a task of an event loop.
  virtual bool in_coroutine() const = 0;
  /// awaits gives the calls above that may wait as stackless coroutines, for the step interpreter: in a
  /// task without a stack of its own they suspend the task; elsewhere they complete on the spot.
  virtual Awaits& awaits() = 0;

  /// gather awaits every task in order and returns their results (asyncio.gather over tasks).
  std::vector<std::int64_t> gather(const std::vector<std::int64_t>& tasks) {
    std::vector<std::int64_t> results;
    for (std::int64_t t : tasks) results.push_back(await_task(t));
    return results;
  }

  /// The ids above are indices in the scenario's lists; these look them up by name (or throw).
  virtual int event_id(std::string_view name) const = 0;
  virtual int queue_id(std::string_view name) const = 0;
  virtual int lock_id(std::string_view name) const = 0;
  virtual int unit_id(std::string_view name) const = 0;
  virtual int coroutine_id(std::string_view name) const = 0;
  virtual int executor_id(std::string_view name) const = 0;

  // Name-based conveniences for hand-written bodies.
  void set(std::string_view e) { set(event_id(e)); }
  void clear(std::string_view e) { clear(event_id(e)); }
  bool is_set(std::string_view e) { return is_set(event_id(e)); }
  bool wait(std::string_view e, Time timeout = kNever) { return wait(event_id(e), timeout); }
  void put(std::string_view q, std::int64_t item) { put(queue_id(q), item); }
  std::int64_t get(std::string_view q) { return get(queue_id(q)); }
  void acquire(std::string_view l) { acquire(lock_id(l)); }
  void release(std::string_view l) { release(lock_id(l)); }
  void spawn(std::string_view u) { spawn(unit_id(u)); }
  void join(std::string_view u) { join(unit_id(u)); }
  std::int64_t asyncio_run(std::string_view c) { return asyncio_run(coroutine_id(c)); }
  std::int64_t create_task(std::string_view c) { return create_task(coroutine_id(c), c); }
  std::int64_t await_coroutine(std::string_view c) { return await_coroutine(coroutine_id(c)); }
};

}  // namespace gilsim
