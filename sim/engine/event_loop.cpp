#include "sim/engine/event_loop.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/context/fiber.hpp>  // forced_unwind, whichever implementation of fibers is built

#include "sim/engine/engine.hpp"
#include "sim/engine/executor.hpp"

namespace gilsim {

EventLoop::EventLoop(Engine& engine, SimThread& thread, int id) : engine_(engine), thread_(thread), id_(id) {}

// Tasks still suspended when the run ends (a deadlock, the time limit) are unwound: a fiber's stack first
// (its unwinding goes through the task's frames), then the frames. The engine has unwound the loop's own
// thread before (~Engine), so no stackless task is in the middle of a step here.
EventLoop::~EventLoop() {
  for (auto& t : tasks_) t->fiber.reset();
  for (auto& t : tasks_) t->body.reset();
}

std::int64_t EventLoop::run(int coroutine) {
  const std::int64_t main = create_task(coroutine, {});
  while (!tasks_[static_cast<std::size_t>(main)]->done) run_once();
  // asyncio.run cancels the tasks still alive and lets them finish (a spinner clears its line).
  for (auto& t : tasks_) {
    if (!t->done) cancel(t->id);
  }
  while (!all_done()) run_once();
  shutdown_executors();
  const SimTask& m = *tasks_[static_cast<std::size_t>(main)];
  if (m.error) std::rethrow_exception(m.error);
  if (m.cancelled) throw RunError(fmt::format("asyncio.run(): its main task {} was cancelled", m.name));
  return m.result;
}

// One turn of BaseEventLoop._run_once: wait in select() until a timer is due or a worker reports (the
// call releases the GIL), move due timers to the ready queue, then run the tasks that were ready then.
void EventLoop::run_once() {
  const auto live = [this](int t, std::uint32_t generation) {
    const SimTask& task = *tasks_[static_cast<std::size_t>(t)];
    return !task.done && !task.ready && task.timer_generation == generation &&
           (task.wait == TaskWait::Sleep || task.wait == TaskWait::WaitFor);
  };
  // A due timer puts its task on the ready queue: marked, so nothing queues it a second time.
  const auto due = [this, &live](int t, std::uint32_t generation) {
    if (!live(t, generation)) return false;
    tasks_[static_cast<std::size_t>(t)]->ready = true;
    return true;
  };
  if (queues_.ready_count() == 0) {
    queues_.drop_stale_timers(live);
    engine_.loop_select(thread_, *this, queues_.next_due());
  } else {
    engine_.loop_select(thread_, *this, engine_.now());  // select(timeout=0): still a GIL release point
  }
  queues_.move_due(engine_.now(), due);
  const std::size_t todo = queues_.ready_count();
  if (todo == 0) return;
  engine_.loop_iteration(thread_, *this);
  for (std::size_t i = 0; i < todo; ++i) {
    const LoopQueues::Ready r = queues_.pop_ready();
    SimTask& t = *tasks_[static_cast<std::size_t>(r.task)];
    if (t.done) continue;
    t.ready = false;
    engine_.task_step_cost(thread_);
    step(t, r.since);
  }
}

void EventLoop::step(SimTask& task, Time ready_since) {
  if (!task.started && task.cancel_pending) {
    // Cancelled before it ever ran: the loop still processes its first step, but the coroutine never starts.
    engine_.task_phase(thread_, task, kTaskRunning, engine_.now() - ready_since);
    task.cancelled = true;
    finish(task);
    return;
  }
  current_ = &task;
  engine_.task_phase(thread_, task, kTaskRunning, engine_.now() - ready_since);
  const Time began = engine_.now();
  if (!task.started) start(task);
  if (task.fiber) {
    task.fiber->resume();
  } else {
    task.resume_at.resume();
    // A stackless task runs on the loop thread's fiber: when that fiber is unwound at the end of a run, the
    // unwinding comes out of the task's frames here and must go on.
    if (task.body->done()) task.body->result();
  }
  current_ = nullptr;
  engine_.slow_step_check(thread_, *this, task, began);
  if (task.body->done()) {
    task.fiber.reset();
    task.body.reset();
    finish(task);
    if (task.error) std::rethrow_exception(task.error);  // the loop's thread fails with the task's error
  }
}

// A task's coroutine starts at its first step: stackless when the engine can run it so, else on a fiber
// that runs the same frames to their end.
void EventLoop::start(SimTask& task) {
  task.started = true;
  task.body.emplace(task_root(task));
  if (engine_.runs_stackless(task.coroutine)) {
    task.resume_at = task.body->handle();
  } else {
    task.fiber = engine_.new_fiber([&task] { task.body->run_now(); });
  }
}

Co<void> EventLoop::task_root(SimTask& task) {
  try {
    task.result = co_await engine_.call_coroutine(thread_, task.coroutine);
  } catch (const Cancelled&) {
    task.cancelled = true;
  } catch (const boost::context::detail::forced_unwind&) {
    throw;  // the task's fiber is being destroyed while suspended
  } catch (...) {
    task.error = std::current_exception();
  }
}

void EventLoop::finish(SimTask& task) {
  task.done = true;
  task.wait = TaskWait::None;
  engine_.task_ended(task);
  for (int id : task.awaiters) make_ready(*tasks_[static_cast<std::size_t>(id)]);
  task.awaiters.clear();
}

void EventLoop::make_ready(SimTask& task) {
  if (task.ready || task.done) return;
  task.ready = true;
  queues_.push_ready(task.id, engine_.now());
  phase(task, kTaskReady);
}

// The current task gives control back to the loop until something makes it ready again. A task on a fiber
// yields it, and goes on (returns false: no suspension) once resumed; a stackless task's frames suspend,
// and the loop resumes `frame` later.
bool EventLoop::park(std::coroutine_handle<> frame, TaskWait wait, int object) {
  SimTask& t = *current_;
  t.wait = wait;
  t.wait_object = object;
  if (wait != TaskWait::Ready) phase(t, kTaskWaiting);
  if (t.fiber) {
    t.fiber->yield();
    return false;
  }
  t.resume_at = frame;
  return true;
}

// The task runs again: a cancellation that arrived meanwhile is raised here, at the suspension point.
void EventLoop::unpark() {
  SimTask& t = *current_;
  const TaskWait waited = t.wait;
  const int waited_on = t.wait_object;
  const bool handed = t.handed;
  t.handed = false;
  detach(t);
  if (t.cancel_pending) {
    t.cancel_pending = false;
    if (handed) give_back(t, waited, waited_on);
    throw Cancelled{};
  }
}

// A resumed (or cancelled) task stops waiting on whatever it waited on.
void EventLoop::detach(SimTask& t) {
  ++t.timer_generation;
  engine_.forget_task_waiter(*this, t);
  if (t.wait == TaskWait::Task || t.wait == TaskWait::WaitFor) {
    auto& a = tasks_[static_cast<std::size_t>(t.wait_object)]->awaiters;
    a.erase(std::remove(a.begin(), a.end(), t.id), a.end());
  }
  t.wait = TaskWait::None;
  t.wait_object = -1;
}

void EventLoop::phase(const SimTask& task, std::int64_t p) {
  engine_.task_phase(thread_, task, p, 0);
}

bool EventLoop::all_done() const {
  return std::all_of(tasks_.begin(), tasks_.end(), [](const auto& t) { return t->done; });
}

SimTask& EventLoop::task(std::int64_t handle) {
  if (handle < 0 || handle >= static_cast<std::int64_t>(tasks_.size())) {
    throw RunError(fmt::format("no task with handle {} in this event loop", handle));
  }
  return *tasks_[static_cast<std::size_t>(handle)];
}

SimTask& EventLoop::running(const char* what) {
  if (!current_) throw RunError(fmt::format("'{}' is only possible inside a coroutine", what));
  return *current_;
}

std::int64_t EventLoop::create_task(int coroutine, std::string_view name) {
  auto t = std::make_unique<SimTask>();
  t->id = static_cast<int>(tasks_.size());
  t->coroutine = coroutine;
  t->name = engine_.unique_task_name(coroutine, name);
  tasks_.push_back(std::move(t));
  SimTask& task = *tasks_.back();
  engine_.task_created(thread_, *this, task);
  make_ready(task);
  return task.id;
}

Co<std::int64_t> EventLoop::await_coroutine(int coroutine) {
  running("await");
  return engine_.call_coroutine(thread_, coroutine);
}

Co<std::int64_t> EventLoop::await_task(std::int64_t handle) {
  SimTask& self = running("await");
  SimTask& other = task(handle);
  if (&other == &self) throw RunError(fmt::format("task {} awaits itself", self.name));
  if (!other.done) {
    other.awaiters.push_back(self.id);
    co_await suspend(TaskWait::Task, other.id);
  }
  if (other.cancelled) throw Cancelled{};  // awaiting a cancelled task raises CancelledError
  co_return other.result;
}

bool EventLoop::cancel(std::int64_t handle) {
  SimTask& t = task(handle);
  if (t.done) return false;
  const bool suspended = t.started && &t != current_ && !t.ready;
  if (suspended && (t.wait == TaskWait::Task || t.wait == TaskWait::WaitFor) && cancel(t.wait_object)) {
    // Task.cancel() cancels the future it waits on: the awaited task is cancelled, and this one wakes
    // when that one ends, with its outcome (cancelled, or a result if it swallowed the cancellation).
    return true;
  }
  t.cancel_pending = true;
  if (!suspended) return true;  // raised when it next runs or suspends
  detach(t);
  make_ready(t);
  return true;
}

Co<void> EventLoop::sleep(Time delay) {
  SimTask& t = running("asyncio.sleep");
  if (delay <= 0) {
    make_ready(t);  // sleep(0): back of the ready queue, after every task already there
    co_await suspend(TaskWait::Ready, -1);
    co_return;
  }
  queues_.call_at(t.id, engine_.now() + delay, ++t.timer_generation);
  co_await suspend(TaskWait::Sleep, -1);
}

Co<std::optional<std::int64_t>> EventLoop::wait_for(std::int64_t handle, Time timeout) {
  SimTask& self = running("asyncio.wait_for");
  SimTask& other = task(handle);
  if (!other.done) {
    other.awaiters.push_back(self.id);
    // unpark() bumps the generation on resumption, so the timer is live exactly while we wait.
    queues_.call_at(self.id, engine_.now() + timeout, ++self.timer_generation);
    co_await suspend(TaskWait::WaitFor, other.id);
    if (!other.done) {
      cancel(other.id);  // timed out: cancel it and wait until it has finished cancelling
      if (!other.done) {
        other.awaiters.push_back(self.id);
        co_await suspend(TaskWait::Task, other.id);
      }
      if (other.cancelled) co_return std::nullopt;  // asyncio.TimeoutError
      co_return other.result;                       // it finished anyway: wait_for returns its result
    }
  }
  if (other.cancelled) throw Cancelled{};
  co_return other.result;
}

Co<std::int64_t> EventLoop::run_in_executor(Executor& executor, Runtime::Job job) {
  SimTask& t = running("run_in_executor");
  if (std::find(executors_used_.begin(), executors_used_.end(), &executor) == executors_used_.end()) {
    executors_used_.push_back(&executor);
  }
  ++jobs_in_flight_;
  ++t.job_token;
  engine_.submit_job(thread_, executor, Executor::Entry{this, t.id, t.job_token, std::move(job), false});
  co_await suspend(TaskWait::Executor, -1);
  co_return t.result;
}

void EventLoop::job_done(int task_id, std::uint32_t token, std::int64_t result) {
  --jobs_in_flight_;
  SimTask& t = *tasks_[static_cast<std::size_t>(task_id)];
  if (!t.done && t.wait == TaskWait::Executor && t.job_token == token) {
    t.result = result;
    make_ready(t);
  }
  engine_.wake_loop(thread_);  // call_soon_threadsafe writes to the loop's self-pipe
}

void EventLoop::shutdown_executors() {
  for (Executor* e : executors_used_) engine_.shutdown_executor(thread_, *e);
  executors_used_.clear();
}

Executor& EventLoop::default_executor() {
  if (!default_executor_) {
    // ThreadPoolExecutor's default size (3.8+): min(32, os.cpu_count() + 4).
    const int workers = std::min(32, engine_.scenario().machine.cores + 4);
    default_executor_ = std::make_unique<Executor>(thread_.name + ".to_thread", SyncKind::Thread, workers);
  }
  return *default_executor_;
}

// --- asyncio.Event, Queue and Lock

Co<void> EventLoop::wait_event(int event) {
  running("await event.wait()");
  if (engine_.event_is_set(event)) co_return;
  engine_.add_task_waiter(*this, *current_, TaskWait::Event, event);
  co_await suspend(TaskWait::Event, event);
}

void EventLoop::set_event(int event) {
  for (int id : engine_.take_event_task_waiters(event)) make_ready(*tasks_[static_cast<std::size_t>(id)]);
}

Co<std::int64_t> EventLoop::get(int queue) {
  SimTask& t = running("await queue.get()");
  if (auto item = engine_.take_queue_item(queue)) co_return *item;
  engine_.add_task_waiter(*this, t, TaskWait::QueueGet, queue);
  co_await suspend(TaskWait::QueueGet, queue);
  co_return t.item;
}

void EventLoop::put(int queue, std::int64_t item) {
  if (auto getter = engine_.take_queue_task_getter(queue)) {
    SimTask& g = *tasks_[static_cast<std::size_t>(*getter)];
    g.item = item;
    g.handed = true;
    make_ready(g);
    return;
  }
  engine_.push_queue_item(queue, item);
}

Co<void> EventLoop::acquire(int lock) {
  SimTask& t = running("await lock.acquire()");
  if (engine_.try_lock_for_task(lock, t.id)) co_return;
  engine_.add_task_waiter(*this, t, TaskWait::Lock, lock);
  co_await suspend(TaskWait::Lock, lock);
}

void EventLoop::release(int lock) {
  if (auto next = engine_.unlock_for_task(lock)) {
    SimTask& t = *tasks_[static_cast<std::size_t>(*next)];
    t.handed = true;
    make_ready(t);
  }
}

// A task cancelled after an item or the lock was handed to it, but before it ran, passes it on: asyncio
// leaves the item in the queue and wakes the next getter, and a cancelled lock waiter wakes the next one.
void EventLoop::give_back(SimTask& t, TaskWait waited, int object) {
  if (waited == TaskWait::QueueGet) {
    if (auto getter = engine_.take_queue_task_getter(object)) {
      SimTask& g = *tasks_[static_cast<std::size_t>(*getter)];
      g.item = t.item;
      g.handed = true;
      make_ready(g);
    } else {
      engine_.push_queue_item_front(object, t.item);
    }
  } else if (waited == TaskWait::Lock) {
    release(object);
  }
}

std::string EventLoop::describe() const {
  std::string out = "select() in its event loop;";
  for (const auto& t : tasks_) {
    if (t->done) continue;
    out += fmt::format(" task {} waits on {}", t->name, engine_.describe_task_wait(*t));
    out += ";";
  }
  if (out.back() == ';') out.pop_back();
  return out;
}

}  // namespace gilsim
