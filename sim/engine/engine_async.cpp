// asyncio in the virtual engine: running event loops in threads, tasks' statistics, asyncio's own
// synchronisation objects, and executors (thread and process pools).
#include <fmt/format.h>

#include <algorithm>

#include "sim/engine/engine.hpp"
#include "sim/runtime/interpreter.hpp"

namespace gilsim {

// --- loops

std::int64_t Engine::asyncio_run(SimThread& t, int coroutine) {
  if (t.loop) throw RunError("asyncio.run() cannot be called from a running event loop");
  loops_.push_back(std::make_unique<EventLoop>(*this, t, static_cast<int>(loops_.size())));
  EventLoop& loop = *loops_.back();
  TraceEvent e{TraceKind::LoopStart};
  e.unit = t.id;
  e.process = t.process;
  e.object = loop.id();
  emit(e);
  t.loop = &loop;
  const std::int64_t result = loop.run(coroutine);
  t.loop = nullptr;
  return result;
}

EventLoop& Engine::loop_of(SimThread& t, const char* what) {
  if (!t.loop || !t.loop->current()) {
    throw RunError(fmt::format("'{}' is only possible inside a coroutine run by asyncio_run", what));
  }
  return *t.loop;
}

namespace {

Co<std::int64_t> call_body(const CoroutineBody& body, SimThread& t) {
  co_return body(t);  // plain calls: its waits yield the task's fiber
}

/// awaits_inline is true when `steps` (or steps nested in them) call a coroutine that is not stackless.
bool awaits_inline(const std::vector<Step>& steps, const std::vector<bool>& stackless) {
  for (const Step& s : steps) {
    if (s.kind == StepKind::Await && s.awaitable.coroutine >= 0 &&
        !stackless[static_cast<std::size_t>(s.awaitable.coroutine)]) {
      return true;
    }
    if (awaits_inline(s.body, stackless)) return true;
  }
  return false;
}

}  // namespace

// A coroutine runs stackless unless it is C++ (its waits are plain calls that need a stack) or awaits such
// a coroutine inline, directly or through others. Repeated until nothing changes: awaits may chain.
std::vector<bool> stackless_coroutines(const Scenario& scenario, TaskStacks stacks) {
  const auto& coroutines = scenario.coroutines;
  std::vector<bool> stackless(coroutines.size(), stacks == TaskStacks::WhenNeeded);
  for (std::size_t i = 0; i < coroutines.size(); ++i) {
    if (coroutines[i].body) stackless[i] = false;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < coroutines.size(); ++i) {
      if (stackless[i] && (awaits_inline(coroutines[i].steps, stackless) ||
                           awaits_inline(coroutines[i].on_cancel, stackless))) {
        stackless[i] = false;
        changed = true;
      }
    }
  }
  return stackless;
}

Co<std::int64_t> Engine::call_coroutine(SimThread& t, int coroutine) {
  const CoroutineSpec& spec = scenario_.coroutines.at(static_cast<std::size_t>(coroutine));
  if (spec.body) return call_body(spec.body, t);
  return run_coroutine_steps(t, spec);
}

// The loop waits in select(): the GIL is released; a timer, or a worker's call_soon_threadsafe, wakes it.
void Engine::loop_select(SimThread& t, EventLoop& loop, Time until) {
  if (until <= now()) {
    release_gil(t);  // select(timeout=0) still releases and retakes the GIL
    take_gil(t);
    return;
  }
  release_gil(t);
  if (loop.has_ready()) {  // a worker's result came while the GIL was being handed over
    take_gil(t);
    return;
  }
  // With no timer and no job in flight nothing can wake the loop: the run will end as a deadlock.
  t.block = BlockKind::LoopSelect;
  set_state(t, ThreadState::Io);
  if (until != kNever) kernel_.arm(t.wake_timer, until);
  while (t.block != BlockKind::None) suspend(t);
  take_gil(t);
}

void Engine::wake_loop(SimThread& t) {
  if (t.block == BlockKind::LoopSelect) unblock(t);
}

void Engine::loop_iteration(SimThread& t, EventLoop& loop) {
  TraceEvent e{TraceKind::LoopIteration};
  e.unit = t.id;
  e.process = t.process;
  e.object = loop.id();
  emit(e);
  compute(t, WorkKind::Python, machine_.loop_iteration);
}

void Engine::slow_step_check(SimThread& t, EventLoop& loop, const SimTask& task, Time began) {
  const Time took = now() - began;
  if (took <= machine_.slow_callback) return;
  TraceEvent e{TraceKind::SlowStep};  // emitted when the step ends (events stay in time order)
  e.unit = t.id;
  e.process = t.process;
  e.object = task.trace_id;
  e.value = loop.id();
  e.duration = took;
  emit(e);
}

// --- tasks

std::string Engine::unique_task_name(int coroutine, std::string_view name) {
  const std::string base =
      name.empty() ? scenario_.coroutines.at(static_cast<std::size_t>(coroutine)).name : std::string(name);
  const int seen = task_names_[base]++;
  return seen == 0 ? base : fmt::format("{}-{}", base, seen + 1);
}

void Engine::task_created(SimThread& t, EventLoop& loop, SimTask& task) {
  task.trace_id = next_task_trace_id_++;
  TraceEvent e{TraceKind::TaskCreate};
  e.unit = t.id;
  e.process = t.process;
  e.object = task.trace_id;
  e.value = loop.id();
  e.text = &task.name;
  e.label = &scenario_.coroutines.at(static_cast<std::size_t>(task.coroutine)).name;
  emit(e);
}

void Engine::task_phase(SimThread& t, const SimTask& task, std::int64_t phase, Time lag) {
  TraceEvent e{TraceKind::TaskState};
  e.unit = t.id;
  e.process = t.process;
  e.object = task.trace_id;
  e.detail = phase;
  e.duration = lag;
  emit(e);
}

void Engine::task_ended(const SimTask& task) {
  TraceEvent e{TraceKind::TaskEnd};
  e.object = task.trace_id;
  e.detail = task.cancelled ? 2 : 1;
  emit(e);
}

std::string Engine::describe_task_wait(const SimTask& task) const {
  const auto obj = static_cast<std::size_t>(task.wait_object);
  switch (task.wait) {
    case TaskWait::Event:
      return fmt::format("asyncio event {}", scenario_.events[obj].name);
    case TaskWait::QueueGet:
      return fmt::format("asyncio queue {} (get)", scenario_.queues[obj].name);
    case TaskWait::Lock:
      return fmt::format("asyncio lock {}", scenario_.locks[obj].name);
    case TaskWait::Task:
    case TaskWait::WaitFor:
      return "another task";
    case TaskWait::Executor:
      return "an executor job";
    case TaskWait::Sleep:
      return "asyncio.sleep";
    default:
      return "the loop";
  }
}

// --- asyncio.Event, Queue, Lock: owned by the first loop that uses them

namespace {
template <typename Object>
void bind_to_loop(Object& object, const EventLoop& loop, const char* what, const std::string& name) {
  if (object.loop < 0) object.loop = loop.id();
  if (object.loop != loop.id()) {
    throw RunError(fmt::format("asyncio {} {} is bound to a different event loop", what, name));
  }
}
}  // namespace

void Engine::add_task_waiter(EventLoop& loop, SimTask& task, TaskWait wait, int object) {
  const auto i = static_cast<std::size_t>(object);
  switch (wait) {
    case TaskWait::Event:
      bind_to_loop(events_.at(i), loop, "event", scenario_.events[i].name);
      events_[i].task_waiters.push_back(task.id);
      break;
    case TaskWait::QueueGet:
      bind_to_loop(*queues_.at(i), loop, "queue", scenario_.queues[i].name);
      queues_[i]->task_getters.push_back(task.id);
      break;
    case TaskWait::Lock:
      bind_to_loop(locks_.at(i), loop, "lock", scenario_.locks[i].name);
      locks_[i].task_waiters.push_back(task.id);
      break;
    default:
      break;
  }
}

void Engine::forget_task_waiter(EventLoop& /*loop*/, SimTask& task) {
  const auto i = static_cast<std::size_t>(task.wait_object);
  const auto drop = [&task](auto& list) {
    list.erase(std::remove(list.begin(), list.end(), task.id), list.end());
  };
  switch (task.wait) {
    case TaskWait::Event:
      drop(events_[i].task_waiters);
      break;
    case TaskWait::QueueGet:
      drop(queues_[i]->task_getters);
      break;
    case TaskWait::Lock:
      drop(locks_[i].task_waiters);
      break;
    default:
      break;
  }
}

std::vector<int> Engine::take_event_task_waiters(int event) {
  SimEvent& ev = events_.at(static_cast<std::size_t>(event));
  ev.flag = true;
  std::vector<int> out;
  out.swap(ev.task_waiters);
  return out;
}

std::optional<std::int64_t> Engine::take_queue_item(int queue) {
  SimQueue& q = *queues_.at(static_cast<std::size_t>(queue));
  if (q.items.empty()) return std::nullopt;
  const std::int64_t item = q.items.front();
  q.items.pop_front();
  return item;
}

std::optional<int> Engine::take_queue_task_getter(int queue) {
  SimQueue& q = *queues_.at(static_cast<std::size_t>(queue));
  if (q.task_getters.empty()) return std::nullopt;
  const int g = q.task_getters.front();
  q.task_getters.pop_front();
  return g;
}

bool Engine::try_lock_for_task(int lock, int task) {
  SimLock& l = locks_.at(static_cast<std::size_t>(lock));
  if (l.holder_task >= 0) return false;
  l.holder_task = task;
  return true;
}

std::optional<int> Engine::unlock_for_task(int lock) {
  SimLock& l = locks_.at(static_cast<std::size_t>(lock));
  if (l.holder_task < 0) {
    throw RunError(fmt::format("asyncio lock {} is released but not held",
                               scenario_.locks[static_cast<std::size_t>(lock)].name));
  }
  if (l.task_waiters.empty()) {
    l.holder_task = -1;
    return std::nullopt;
  }
  l.holder_task = l.task_waiters.front();
  l.task_waiters.pop_front();
  return l.holder_task;
}

// --- executors

Executor& Engine::executor(int index) {
  if (executors_.empty()) {
    for (const ExecutorSpec& e : scenario_.executors) {
      executors_.push_back(std::make_unique<Executor>(e.name, e.kind, e.workers));
    }
  }
  return *executors_.at(static_cast<std::size_t>(index));
}

// A job goes to an idle worker, or starts a new one while the pool is below its size (on demand, as
// CPython 3.9+ does for both pools), or waits in the pool's queue.
void Engine::submit_job(SimThread& submitter, Executor& ex, Executor::Entry entry) {
  ex.shut_down = false;
  ex.queue.push_back(std::move(entry));
  if (!ex.idle.empty()) {
    SimThread& w = thread(ex.idle.front());
    ex.idle.pop_front();
    unblock(w);
    return;
  }
  if (static_cast<int>(ex.threads.size()) < ex.workers) new_worker(ex, process_of(submitter));
}

SimThread& Engine::new_worker(Executor& ex, SimProcess& parent) {
  const int index = static_cast<int>(ex.threads.size());
  const std::string name = fmt::format("{}[{}]", ex.name, index);
  SimProcess& process = ex.kind == SyncKind::Process ? new_process(name) : parent;
  const int id = static_cast<int>(threads_.size());
  threads_.push_back(std::make_unique<SimThread>(*this, id, -1, index, process, name));
  SimThread& w = *threads_.back();
  w.process_main = ex.kind == SyncKind::Process;
  w.executor = &ex;
  ex.threads.push_back(id);
  TraceEvent e{TraceKind::UnitStart};
  e.unit = id;
  e.process = process.id;
  e.detail = w.process_main ? 1 : 0;
  e.text = &w.name;
  emit(e);
  if (w.process_main) w.start_up = machine_.process_start;
  start_thread(w, [this, &w, &ex] { worker_main(w, ex); });
  return w;
}

void Engine::worker_main(SimThread& w, Executor& ex) {
  guarded(w, [&] {
    compute(w, WorkKind::Native, w.start_up);
    take_gil(w);
    w.started = true;
    for (;;) {
      Executor::Entry job = take_job(w, ex);
      if (job.stop) break;
      ++ex.busy;
      // A process pool pickles the call and its result through pipes: each way costs a queue item.
      if (ex.kind == SyncKind::Process) w.io(machine_.queue_item);
      const std::int64_t result = job.job(w);
      if (ex.kind == SyncKind::Process) w.io(machine_.queue_item);
      --ex.busy;
      job.loop->job_done(job.task, job.token, result);
    }
    end_thread(w);
  });
}

Executor::Entry Engine::take_job(SimThread& w, Executor& ex) {
  while (ex.queue.empty()) {
    release_gil(w);
    if (!ex.queue.empty()) {
      take_gil(w);
      break;
    }
    ex.idle.push_back(w.id);
    block_on(w, BlockKind::ExecutorJob, -1);
    take_gil(w);
  }
  Executor::Entry e = std::move(ex.queue.front());
  ex.queue.pop_front();
  return e;
}

// executor.shutdown(wait=True): one stop request per worker, then join them all.
void Engine::shutdown_executor(SimThread& caller, Executor& ex) {
  if (ex.shut_down) return;
  ex.shut_down = true;
  for (std::size_t i = 0; i < ex.threads.size(); ++i) {
    Executor::Entry stop;
    stop.stop = true;
    ex.queue.push_back(std::move(stop));
  }
  while (!ex.idle.empty()) {
    SimThread& w = thread(ex.idle.front());
    ex.idle.pop_front();
    unblock(w);
  }
  join_threads(caller, ex.threads);
  ex.threads.clear();
}

void Engine::join_threads(SimThread& t, const std::vector<int>& ids) {
  for (int id : ids) {
    SimThread& other = thread(id);
    if (other.ended) continue;
    release_gil(t);
    if (!other.ended) {
      other.thread_joiners.push_back(t.id);
      block_on(t, BlockKind::JoinThread, id);
    }
    take_gil(t);
  }
}

}  // namespace gilsim
