// Engine: the virtual engine's internals (see virtual_engine.hpp for the public entry point).
//
// The engine is the host of the schedulers: it implements CpuHost itself and GilHost once per process, turns
// their decisions into timers and fiber wake-ups, and reports every change to the trace. Fibers are resumed
// only from the run loop (through the ready list), so a callback never switches stacks under its caller.
#pragma once

#include <deque>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "scheduler/cpu/cpu_scheduler.hpp"
#include "scheduler/gil/new_gil.hpp"
#include "sim/core/fiber.hpp"
#include "sim/core/kernel.hpp"
#include "sim/engine/event_loop.hpp"
#include "sim/engine/executor.hpp"
#include "sim/engine/sim_objects.hpp"
#include "sim/engine/sim_thread.hpp"
#include "sim/engine/virtual_engine.hpp"
#include "sim/report/stats_sink.hpp"

namespace gilsim {

class Engine;

/// SimProcess is one simulated interpreter: a name and a GIL, hosted by the engine.
class SimProcess final : public GilHost {
 public:
  SimProcess(Engine& engine, int id, std::string name);
  Time now() const override;
  FiringKey cursor() const override;
  std::uint64_t new_rank() override;
  void time_out_waiter_at(int thread, Time at, std::uint64_t rank) override;
  void wake_waiter_at(int thread, Time at) override;
  void cancel_waiter_wake(int thread) override;
  void granted(int thread) override;
  void drop_requested(int holder, int requester) override;
  void switched(int thread) override;
  void acquired(int thread, bool handoff) override;
  void released(int thread, bool forced) override;
  std::uint64_t pick(std::uint64_t n) override;

  int id;
  std::string name;
  NewGil gil;

 private:
  friend class SimThread;  // admit() is for a new thread's constructor only
  /// admit makes `t` one of this process's threads and returns the number its GIL knows it by. The
  /// numbers are the process's own, so that a GIL's per-thread slots grow with its threads, not with
  /// every thread of the run (a thousand processes of one thread each would hold half a million slots).
  int admit(SimThread& t) {
    threads_.push_back(&t);
    return static_cast<int>(threads_.size()) - 1;
  }
  SimThread& member(int slot) { return *threads_[static_cast<std::size_t>(slot)]; }

  Engine& engine_;
  std::vector<SimThread*> threads_;  ///< by GIL slot
};

/// stackless_coroutines says, per coroutine of `scenario`, whether its tasks can run without a fiber.
std::vector<bool> stackless_coroutines(const Scenario& scenario, TaskStacks stacks);

class Engine final : public CpuHost {
 public:
  Engine(const Scenario& scenario, const RunOptions& options);
  ~Engine();
  /// run plays the scenario to its end and returns the report.
  Report run();

  // --- CpuHost
  Time now() const override { return kernel_.now(); }
  FiringKey cursor() const override { return kernel_.cursor(); }
  std::uint64_t new_rank() override { return kernel_.new_rank(); }
  void arm_slice(int core, Time at, std::uint64_t rank) override;
  void cancel_slice(int core) override;
  void started(int thread, int core, Time progress_from) override;
  void preempted(int thread, int core) override;

  // --- GIL callbacks, forwarded by SimProcess
  void on_gil_wake_at(SimThread& t, Time at) { kernel_.arm(t.gil_timer, at); }
  void on_gil_timeout_at(SimThread& t, Time at, std::uint64_t rank) {
    kernel_.arm_periodic(t.gil_timer, at, Tier::PeriodicFirst, rank);
  }
  /// periodic is how this run plays periodic timers.
  PeriodicTimers periodic() const { return periodic_; }
  void on_granted(SimThread& t);
  void on_drop_requested(SimThread& holder, SimThread& requester);
  void on_switched(SimThread& t);
  void on_acquired(SimThread& t, bool handoff);
  void on_released(SimThread& t, bool forced);
  /// pick maps the seeded generator to [0, n) with a multiply-shift, the same on every standard library
  /// (std::uniform_int_distribution's algorithm is implementation-defined; mt19937_64's output is not).
  std::uint64_t pick(std::uint64_t n) {
    __extension__ using Wide = unsigned __int128;  // a GCC/Clang extension, known to -Wpedantic
    return static_cast<std::uint64_t>((static_cast<Wide>(rng_()) * n) >> 64);
  }

  // --- called from a unit's fiber (sim_thread.cpp): each returns when the operation is complete
  void compute(SimThread& t, WorkKind kind, Time work);
  void release_gil(SimThread& t);
  void take_gil(SimThread& t);
  void block_for(SimThread& t, ThreadState state, Time duration);
  // (wait_event, get and acquire_lock are threading's and multiprocessing's: ThreadAwaits sends asyncio
  // objects to the thread's event loop.)
  bool wait_event(SimThread& t, int event, Time timeout);
  void set_event(SimThread& t, int event);
  void clear_event(int event) { events_.at(static_cast<std::size_t>(event)).flag = false; }
  bool event_is_set(int event) const { return events_.at(static_cast<std::size_t>(event)).flag; }
  void put(SimThread& t, int queue, std::int64_t item);
  std::int64_t get(SimThread& t, int queue);
  void acquire_lock(SimThread& t, int lock);
  void release_lock(SimThread& t, int lock);
  void spawn(SimThread& t, int unit);
  void join(SimThread& t, int unit);
  void mark(SimThread& t, std::string_view name);
  void answer(SimThread& t, std::int64_t n, bool prime, Time took);

  // --- asyncio (engine_async.cpp): what event loops and executors need from the engine
  std::int64_t asyncio_run(SimThread& t, int coroutine);
  EventLoop& loop_of(SimThread& t, const char* what);
  /// call_coroutine runs coroutine `coroutine`'s body for the current task of `t`'s loop.
  Co<std::int64_t> call_coroutine(SimThread& t, int coroutine);
  /// runs_stackless is true when a task of `coroutine` can run without a fiber (see EventLoop).
  bool runs_stackless(int coroutine) const { return stackless_[static_cast<std::size_t>(coroutine)]; }
  std::unique_ptr<Fiber> new_fiber(std::function<void()> body) {
    return std::make_unique<Fiber>(stacks_, std::move(body));
  }
  void loop_select(SimThread& t, EventLoop& loop, Time until);
  void wake_loop(SimThread& t);
  void loop_iteration(SimThread& t, EventLoop& loop);
  void task_step_cost(SimThread& t) { compute(t, WorkKind::Python, machine_.task_step); }
  void slow_step_check(SimThread& t, EventLoop& loop, const SimTask& task, Time began);
  std::string unique_task_name(int coroutine, std::string_view name);
  void task_created(SimThread& t, EventLoop& loop, SimTask& task);
  void task_phase(SimThread& t, const SimTask& task, std::int64_t phase, Time lag);
  void task_ended(const SimTask& task);
  void add_task_waiter(EventLoop& loop, SimTask& task, TaskWait wait, int object);
  void forget_task_waiter(EventLoop& loop, SimTask& task);
  std::vector<int> take_event_task_waiters(int event);
  std::optional<std::int64_t> take_queue_item(int queue);
  std::optional<int> take_queue_task_getter(int queue);
  void push_queue_item_front(int queue, std::int64_t item) {
    queues_.at(static_cast<std::size_t>(queue))->items.push_front(item);
  }
  void push_queue_item(int queue, std::int64_t item) {
    queues_.at(static_cast<std::size_t>(queue))->items.push_back(item);
  }
  bool try_lock_for_task(int lock, int task);
  std::optional<int> unlock_for_task(int lock);
  std::string describe_task_wait(const SimTask& task) const;
  bool is_asyncio_event(int event) const {
    return scenario_.events.at(static_cast<std::size_t>(event)).kind == SyncKind::Asyncio;
  }
  bool is_asyncio_queue(int queue) const {
    return scenario_.queues.at(static_cast<std::size_t>(queue)).kind == SyncKind::Asyncio;
  }
  bool is_asyncio_lock(int lock) const {
    return scenario_.locks.at(static_cast<std::size_t>(lock)).kind == SyncKind::Asyncio;
  }
  Executor& executor(int index);
  void submit_job(SimThread& submitter, Executor& executor, Executor::Entry entry);
  void shutdown_executor(SimThread& caller, Executor& executor);

  // --- timers
  void on_thread_timer(SimThread& t, std::uint32_t tag);
  void on_core_slice(int core) { cpu_.on_slice(core); }
  void on_queue_delivery(int queue);

  const Scenario& scenario() const { return scenario_; }
  SimThread& thread(int id) { return *threads_[static_cast<std::size_t>(id)]; }

 private:
  struct CoreTimer final : TimerOwner {
    CoreTimer(Engine& e, int c) : engine(e), core(c), timer(this, 0) {}
    void on_timer(std::uint32_t) override { engine.on_core_slice(core); }
    Engine& engine;
    int core;
    Timer timer;
  };

  SimProcess& new_process(std::string name);
  SimThread& new_thread(int unit, int replica, SimProcess& process, bool process_main);
  SimThread& new_worker(Executor& executor, SimProcess& parent);
  void worker_main(SimThread& t, Executor& executor);
  Executor::Entry take_job(SimThread& worker, Executor& executor);
  void join_threads(SimThread& t, const std::vector<int>& threads);
  void launch();
  void reserve_for_launch();
  void start_thread(SimThread& t);
  void start_thread(SimThread& t, std::function<void()> entry);
  bool first_gil(SimThread& t);
  void thread_main(SimThread& t);
  void end_thread(SimThread& t);
  void guarded(const SimThread& t, const std::function<void()>& body);
  void suspend(SimThread& t);
  void block_on(SimThread& t, BlockKind kind, int object);
  void make_ready(SimThread& t);
  void resume(SimThread& t);
  void set_state(SimThread& t, ThreadState s, int object = -1);
  void arm_segment(SimThread& t);
  void account_progress(SimThread& t);
  void on_segment(SimThread& t);
  void forced_drop(SimThread& t);
  void finish_work(SimThread& t);
  void want_core(SimThread& t);
  bool can_run_ahead(const SimThread& t, WorkKind kind, Time work) const;
  void release_core(SimThread& t);
  void unblock(SimThread& t);
  void deliver(int queue, std::int64_t item);
  bool unit_done(int unit) const;
  void collect_deadlock(Report& report) const;
  std::string describe_wait(const SimThread& t) const;
  void emit(TraceEvent e);
  // The report's sink hears of a hand-off's events (HotEvent) through its typed calls; the attached
  // sinks get them through emit_to_sinks.
  /// (Out of line, so that a hand-off's callers stay small when no sink listens.)
  [[gnu::noinline]] void emit_to_sinks(const HotEvent& h);
  /// core_released tells the report and the sinks that `t` left `core`.
  void core_released(const SimThread& t, int core);
  SimProcess& process_of(const SimThread& t) { return t.gil_host; }

  const Scenario& scenario_;
  const Machine& machine_;
  PeriodicTimers periodic_;
  std::vector<bool> stackless_;  ///< per coroutine: see runs_stackless
  Kernel kernel_;
  Trace trace_;  ///< the caller's sinks (stats_ is fed first, directly)
  StatsSink stats_;
  StackLease stacks_{thread_stack_pool()};  ///< declared before anything holding fibers: outlives them
  std::mt19937_64 rng_;
  CpuScheduler cpu_;
  std::vector<std::unique_ptr<CoreTimer>> core_timers_;
  std::vector<std::unique_ptr<SimProcess>> processes_;
  std::vector<std::unique_ptr<SimThread>> threads_;
  std::vector<SimEvent> events_;
  std::vector<std::unique_ptr<SimQueue>> queues_;
  std::vector<SimLock> locks_;
  std::vector<UnitRecord> units_;
  std::vector<std::unique_ptr<Executor>> executors_;
  std::vector<std::unique_ptr<EventLoop>> loops_;  ///< kept to the end: their tasks may still be suspended
  std::map<std::string, int> task_names_;
  int next_task_trace_id_ = 0;
  std::deque<int> ready_;
  std::list<std::string> mark_names_;  ///< interned; a list so that pointers to names stay valid
  std::exception_ptr error_;
};

}  // namespace gilsim
