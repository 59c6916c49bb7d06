// EventLoop: an asyncio event loop running in one simulated thread, and its tasks.
//
// The loop runs on its thread's fiber. A task gives control back to the loop only when it awaits (asyncio's
// cooperative scheduling): CPU work, time.sleep or any blocking call made inside a task blocks its thread,
// so the whole loop and every other task wait. The ordering policy (ready FIFO, timers by due time) is
// LoopQueues; this class resumes the tasks and keeps the books.
//
// A task runs in one of two ways, with the same events in the same order:
//  - stackless: a YAML coroutine's steps are a chain of Co frames (sim/core/co.hpp); an await suspends the
//    chain, and the loop resumes its innermost frame. Blocking steps run on the loop thread's fiber, which
//    is exactly what blocks the loop. A suspended task costs its frames and records, about 1.5 KB.
//  - on a fiber: a C++ body (and a YAML coroutine that awaits one inline) may wait anywhere in plain calls,
//    so it gets a stack of its own while it runs; an await yields the fiber.
// The asyncio operations below are Co's either way: in a fiber task their suspension yields the fiber and
// they complete on the spot.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "scheduler/loop/loop_queues.hpp"
#include "sim/core/co.hpp"
#include "sim/core/fiber.hpp"
#include "sim/runtime/runtime.hpp"

namespace gilsim {

class Engine;
class SimThread;
class Executor;

/// TaskWait says what a suspended task waits for.
enum class TaskWait : std::uint8_t { None, Ready, Sleep, Event, QueueGet, Lock, Task, WaitFor, Executor };

/// SimTask is one asyncio Task.
struct SimTask {
  int id = 0;        ///< index in its loop
  int trace_id = 0;  ///< unique in the run, for the trace
  std::string name;
  int coroutine = -1;
  std::optional<Co<void>> body;       ///< the running coroutine, from its first step until it ends
  std::coroutine_handle<> resume_at;  ///< stackless: the suspended frame the loop resumes next
  std::unique_ptr<Fiber> fiber;       ///< on a fiber: only while it runs, so a done task holds no stack
  bool started = false;
  bool done = false;
  bool cancelled = false;       ///< ended by a cancellation
  bool cancel_pending = false;  ///< deliver Cancelled at its next resumption
  bool ready = false;           ///< in the ready queue
  TaskWait wait = TaskWait::None;
  int wait_object = -1;  ///< the event/queue/lock/task it waits on
  std::uint32_t timer_generation = 0;
  std::uint32_t job_token = 0;  ///< which executor job it waits for
  std::vector<int> awaiters;    ///< tasks awaiting this one
  std::int64_t result = 0;
  std::int64_t item = 0;  ///< what an asyncio queue handed it
  bool handed = false;    ///< an item or a lock was handed to it while it waited, and it has not run yet
  std::exception_ptr error;
};

class EventLoop {
 public:
  EventLoop(Engine& engine, SimThread& thread, int id);
  ~EventLoop();

  /// run is asyncio.run(coroutine()): the main task until it returns, then the cancellation of the rest.
  std::int64_t run(int coroutine);

  /// current is the task running now, or nullptr when the loop itself runs.
  SimTask* current() const { return current_; }
  /// describe says what the loop's tasks wait on, for a deadlock report.
  std::string describe() const;

  // --- from the current task (asyncio's API); the Co's are awaits, which may suspend the task
  std::int64_t create_task(int coroutine, std::string_view name);
  Co<std::int64_t> await_coroutine(int coroutine);
  Co<std::int64_t> await_task(std::int64_t handle);
  bool cancel(std::int64_t handle);
  Co<void> sleep(Time delay);
  Co<std::optional<std::int64_t>> wait_for(std::int64_t handle, Time timeout);
  Co<std::int64_t> run_in_executor(Executor& executor, Runtime::Job job);

  // --- asyncio.Event, Queue and Lock (ThreadAwaits and the engine dispatch here for objects of kind asyncio)
  Co<void> wait_event(int event);
  void set_event(int event);
  Co<std::int64_t> get(int queue);
  void put(int queue, std::int64_t item);
  Co<void> acquire(int lock);
  void release(int lock);

  /// job_done is called by an executor worker: the job a task awaited has its result.
  void job_done(int task, std::uint32_t token, std::int64_t result);
  /// shutdown_executors ends the workers of every executor this loop used (asyncio.run does it for the
  /// default executor; a `with` block for an explicit one).
  void shutdown_executors();

  int id() const { return id_; }
  /// default_executor is the loop's own thread pool (asyncio.to_thread), made on first use.
  Executor& default_executor();
  /// jobs_in_flight counts executor jobs whose results the loop still expects.
  int jobs_in_flight() const { return jobs_in_flight_; }
  /// has_ready is true while some task waits in the ready queue.
  bool has_ready() const { return queues_.ready_count() > 0; }
  /// task_by_id gives a task of this loop.
  SimTask& task_by_id(int id) { return *tasks_[static_cast<std::size_t>(id)]; }

 private:
  /// Suspension is `co_await suspend(wait, object)`: the current task gives control back to the loop until
  /// something makes it ready again.
  struct Suspension {
    EventLoop& loop;
    TaskWait wait;
    int object;
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> frame) { return loop.park(frame, wait, object); }
    void await_resume() { loop.unpark(); }
  };
  // Trivially destructible on purpose: GCC 12 destroys a temporary aggregate awaiter twice.
  static_assert(std::is_trivially_destructible_v<Suspension>);
  Suspension suspend(TaskWait wait, int object) { return Suspension{*this, wait, object}; }
  bool park(std::coroutine_handle<> frame, TaskWait wait, int object);
  void unpark();

  void run_once();
  void step(SimTask& task, Time ready_since);
  void start(SimTask& task);
  Co<void> task_root(SimTask& task);
  void finish(SimTask& task);
  void make_ready(SimTask& task);
  void detach(SimTask& task);
  void give_back(SimTask& task, TaskWait waited, int object);
  void phase(const SimTask& task, std::int64_t phase);
  bool all_done() const;
  SimTask& task(std::int64_t handle);
  SimTask& running(const char* what);

  Engine& engine_;
  SimThread& thread_;
  int id_;
  LoopQueues queues_;
  std::vector<std::unique_ptr<SimTask>> tasks_;
  SimTask* current_ = nullptr;
  int jobs_in_flight_ = 0;
  std::vector<Executor*> executors_used_;
  std::unique_ptr<Executor> default_executor_;
};

}  // namespace gilsim
