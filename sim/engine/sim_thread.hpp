// SimThread: one simulated thread of the virtual engine, and the Runtime its unit's code calls.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/fiber.hpp"
#include "sim/core/timer.hpp"
#include "sim/engine/thread_awaits.hpp"
#include "sim/runtime/runtime.hpp"
#include "sim/trace/trace.hpp"

namespace gilsim {

class Engine;
class EventLoop;
class Executor;
class SimProcess;

/// WorkKind is what a thread computes when it needs a core.
enum class WorkKind : std::uint8_t { None, Python, Native };

/// BlockKind says what a blocked thread waits on, for the deadlock report.
enum class BlockKind : std::uint8_t {
  None,
  Timer,
  Event,
  QueueGet,
  Lock,
  Join,
  ThreadStart,
  Gil,
  GilSwitch,
  LoopSelect,
  ExecutorJob,
  JoinThread
};

/// check_duration refuses a negative duration for the Runtime call `what` (a RunError naming it).
void check_duration(Time d, const char* what);

class SimThread final : public Runtime, public TimerOwner {
 public:
  enum TimerTag : std::uint32_t { kSegment, kWake, kGil };

  /// SimThread belongs to `home`, whose GIL knows it as gil_slot.
  SimThread(Engine& engine, int id, int unit, int replica, SimProcess& home, std::string name);

  // --- Runtime
  Time now() const override;
  const std::string& unit_name() const override { return name; }
  int replica() const override { return replica_index; }
  void cpu(Time work) override;
  bool is_prime(std::int64_t n, std::int64_t nap_every) override;
  void native(Time work) override;
  void io(Time duration) override;
  void sleep(Time duration) override;
  void output(std::string_view mark) override;
  void set(int event) override;
  void clear(int event) override;
  bool is_set(int event) override;
  bool wait(int event, Time timeout) override;
  void put(int queue, std::int64_t item) override;
  std::int64_t get(int queue) override;
  void acquire(int lock) override;
  void release(int lock) override;
  void spawn(int unit) override;
  void join(int unit) override;
  int event_id(std::string_view name) const override;
  int queue_id(std::string_view name) const override;
  int lock_id(std::string_view name) const override;
  int unit_id(std::string_view name) const override;
  int coroutine_id(std::string_view name) const override;
  int executor_id(std::string_view name) const override;
  std::int64_t asyncio_run(int coroutine) override;
  std::int64_t create_task(int coroutine, std::string_view name) override;
  std::int64_t await_coroutine(int coroutine) override;
  std::int64_t await_task(std::int64_t task) override;
  bool cancel(std::int64_t task) override;
  void async_sleep(Time delay) override;
  std::optional<std::int64_t> wait_for(std::int64_t task, Time timeout) override;
  std::int64_t run_in_executor(int executor, Job job) override;
  bool in_coroutine() const override;
  Awaits& awaits() override { return awaits_; }
  using Runtime::acquire;
  using Runtime::asyncio_run;
  using Runtime::await_coroutine;
  using Runtime::clear;
  using Runtime::create_task;
  using Runtime::get;
  using Runtime::is_set;
  using Runtime::join;
  using Runtime::put;
  using Runtime::release;
  using Runtime::set;
  using Runtime::spawn;
  using Runtime::wait;

  // --- TimerOwner
  void on_timer(std::uint32_t tag) override;

  Engine& engine;
  const int id;
  const int unit;
  const int replica_index;
  const int process;
  /// Its process, reached directly: a hand-off goes to it several times, and each lookup through the
  /// engine's list of processes was a dependent load on the hand-off's critical path.
  SimProcess& gil_host;
  const int gil_slot;  ///< its number for its process's GIL (0, 1, ... in that process)
  const std::string name;
  bool process_main = false;

  std::unique_ptr<Fiber> fiber;  ///< only while the thread runs its code: see Engine::resume
  std::function<void()> entry;   ///< the body its fiber will run, until the fiber is made
  Time start_up = 0;             ///< native work before its first line (a new process's start-up)
  bool in_ready = false;
  bool started = false;  ///< has run and taken the GIL once (Thread.start() returns then)
  bool ended = false;
  ThreadState state = ThreadState::Ended;

  // Computing: `remaining` work of `work` kind; progress since `progress_from` while on a core.
  WorkKind work = WorkKind::None;
  Time remaining = 0;
  Time progress_from = 0;
  bool on_core = false;
  bool core_requested = false;  ///< on a core or in the run queue
  bool switching = false;       ///< on a core, still paying the context switch

  // The GIL of its process.
  bool holds_gil = false;
  bool drop_pending = false;     ///< the holder was asked to drop at its next check
  bool awaiting_switch = false;  ///< dropped on request, waits until another thread took the GIL

  // Blocking: what it waits on, and what it got.
  BlockKind block = BlockKind::None;
  int block_object = -1;
  bool wait_result = false;
  std::int64_t item = 0;

  // asyncio: the loop this thread runs (inside asyncio_run), and threads joining this one.
  EventLoop* loop = nullptr;
  std::vector<int> thread_joiners;
  Executor* executor = nullptr;  ///< set for a pool's worker thread

  Timer segment_timer;
  Timer wake_timer;
  Timer gil_timer;

 private:
  ThreadAwaits awaits_{*this};
};

}  // namespace gilsim
