// The virtual engine's life cycle: building processes and threads, the run loop, and how a run ends.
#include "sim/engine/engine.hpp"

#include <fmt/format.h>

#include <boost/context/fiber.hpp>  // forced_unwind, whichever implementation of fibers is built

#include "sim/runtime/interpreter.hpp"

namespace gilsim {

Report run_virtual(const Scenario& scenario, const RunOptions& options) {
  Engine engine(scenario, options);
  return engine.run();
}

Engine::Engine(const Scenario& scenario, const RunOptions& options)
    : scenario_(scenario),
      machine_(scenario.machine),
      periodic_(options.periodic),
      stackless_(stackless_coroutines(scenario, options.task_stacks)),
      rng_(scenario.machine.seed),
      cpu_(*this, scenario.machine.cores, scenario.machine.time_slice, scenario.machine.context_switch,
           options.periodic) {
  for (TraceSink* s : options.sinks) trace_.attach(s);
  for (int c = 0; c < cpu_.cores(); ++c) core_timers_.push_back(std::make_unique<CoreTimer>(*this, c));
  events_.resize(scenario.events.size());
  for (std::size_t i = 0; i < scenario.queues.size(); ++i) {
    queues_.push_back(std::make_unique<SimQueue>(*this, static_cast<int>(i), scenario.queues[i].kind));
  }
  locks_.resize(scenario.locks.size());
  units_.resize(scenario.units.size());
}

// Fibers of units that never ended (a deadlock, the time limit) are unwound here, before the objects their
// stacks refer to go away.
Engine::~Engine() {
  for (auto& t : threads_) t->fiber.reset();
  loops_.clear();
}

Report Engine::run() {
  launch();
  Outcome outcome = Outcome::Completed;
  for (;;) {
    while (!ready_.empty()) {
      SimThread& t = thread(ready_.front());
      ready_.pop_front();
      resume(t);
      if (error_) std::rethrow_exception(error_);
    }
    if (kernel_.fire_next(machine_.time_limit)) continue;
    if (kernel_.pending()) outcome = Outcome::TimeLimit;
    break;
  }
  bool all_ended = true;
  for (const auto& t : threads_) all_ended = all_ended && t->ended;
  if (outcome == Outcome::Completed && !all_ended) outcome = Outcome::Deadlock;
  const Time end = outcome == Outcome::TimeLimit ? machine_.time_limit : kernel_.now();
  stats_.on_end(end);
  trace_.end(end);
  Report report = std::move(stats_.report());
  report.scenario = scenario_.name;
  report.params = scenario_.params;
  report.cores = cpu_.cores();
  report.switch_interval = machine_.switch_interval;
  report.seed = machine_.seed;
  report.outcome = outcome;
  report.events = kernel_.fired();
  report.peak_stacks = stacks_.peak_in_use();
  if (outcome == Outcome::Deadlock) collect_deadlock(report);
  return report;
}

void Engine::launch() {
  reserve_for_launch();
  SimProcess& main_process = new_process("MainProcess");
  for (std::size_t u = 0; u < scenario_.units.size(); ++u) {
    const UnitSpec& spec = scenario_.units[u];
    if (spec.spawned) continue;
    units_[u].started = true;
    for (int r = 0; r < spec.count; ++r) {
      if (spec.kind == UnitKind::Thread) {
        start_thread(
            new_thread(static_cast<int>(u), r, main_process, main_process.id == 0 && threads_.empty()));
      } else {
        const std::string name = spec.count > 1 ? fmt::format("{}[{}]", spec.name, r) : spec.name;
        start_thread(new_thread(static_cast<int>(u), r, new_process(name), true));
      }
    }
  }
}

// The threads and processes a run starts with are known: the lists of them and the report's records for
// them are reserved in one go rather than grown by doubling, which moves each unit's report record about
// once more into fresh memory (at 100,000 threads, 0.95x the time: docs/performance.md, "Scale").
void Engine::reserve_for_launch() {
  std::size_t threads = 0;
  std::size_t processes = 1;  // MainProcess
  for (const UnitSpec& spec : scenario_.units) {
    if (spec.spawned) continue;
    threads += static_cast<std::size_t>(spec.count);
    if (spec.kind == UnitKind::Process) processes += static_cast<std::size_t>(spec.count);
  }
  threads_.reserve(threads);
  processes_.reserve(processes);
  stats_.reserve(threads, processes);
}

SimProcess& Engine::new_process(std::string name) {
  const int id = static_cast<int>(processes_.size());
  processes_.push_back(std::make_unique<SimProcess>(*this, id, std::move(name)));
  SimProcess& p = *processes_.back();
  TraceEvent e{TraceKind::ProcessStart};
  e.process = id;
  e.text = &p.name;
  emit(e);
  return p;
}

SimThread& Engine::new_thread(int unit, int replica, SimProcess& process, bool process_main) {
  const UnitSpec& spec = scenario_.units[static_cast<std::size_t>(unit)];
  const int id = static_cast<int>(threads_.size());
  std::string name = spec.count > 1 ? fmt::format("{}[{}]", spec.name, replica) : spec.name;
  threads_.push_back(std::make_unique<SimThread>(*this, id, unit, replica, process, std::move(name)));
  SimThread& t = *threads_.back();
  t.process_main = process_main;
  if (spec.kind == UnitKind::Process) t.start_up = machine_.process_start;
  TraceEvent e{TraceKind::UnitStart};
  e.unit = id;
  e.process = process.id;
  e.detail = spec.kind == UnitKind::Process ? 1 : 0;
  e.text = &t.name;
  emit(e);
  return t;
}

void Engine::start_thread(SimThread& t) {
  start_thread(t, [this, &t] { thread_main(t); });
}

// The thread's fiber is made when it first runs (see resume()).
void Engine::start_thread(SimThread& t, std::function<void()> entry) {
  t.entry = std::move(entry);
  make_ready(t);
}

// A thread's whole life: a process pays its start-up, every thread takes its GIL, runs its unit, and ends.
void Engine::thread_main(SimThread& t) {
  guarded(t, [&] {
    const UnitSpec& spec = scenario_.units[static_cast<std::size_t>(t.unit)];
    compute(t, WorkKind::Native, t.start_up);
    take_gil(t);
    t.started = true;
    if (const int starter = units_[static_cast<std::size_t>(t.unit)].starter; starter >= 0) {
      SimThread& w = thread(starter);
      if (w.block == BlockKind::ThreadStart && w.block_object == t.unit) unblock(w);
    }
    if (spec.body) {
      spec.body(t);
    } else {
      run_steps(t, spec.steps);
    }
    end_thread(t);
  });
}

// Nothing may leave a fiber: errors are kept for the run loop to throw. Boost's forced unwind (a fiber
// destroyed while suspended) must pass through.
void Engine::guarded(const SimThread& t, const std::function<void()>& body) {
  try {
    body();
  } catch (const boost::context::detail::forced_unwind&) {
    throw;
  } catch (const RunError&) {
    error_ = std::current_exception();
  } catch (const std::exception& ex) {
    error_ = std::make_exception_ptr(RunError(fmt::format("unit {}: {}", t.name, ex.what())));
  } catch (const Cancelled&) {
    error_ = std::make_exception_ptr(RunError(fmt::format("unit {}: cancelled outside any task", t.name)));
  } catch (...) {
    error_ = std::make_exception_ptr(
        RunError(fmt::format("unit {}: threw something not derived from std::exception", t.name)));
  }
}

void Engine::end_thread(SimThread& t) {
  release_core(t);
  if (t.holds_gil) {
    t.holds_gil = false;
    process_of(t).gil.drop(t.gil_slot, /*exiting=*/true);
  }
  t.ended = true;
  set_state(t, ThreadState::Ended);
  TraceEvent e{TraceKind::UnitEnd};
  e.unit = t.id;
  e.process = t.process;
  emit(e);
  for (int waiter : t.thread_joiners) {
    SimThread& w = thread(waiter);
    if (w.block == BlockKind::JoinThread && w.block_object == t.id) unblock(w);
  }
  if (t.unit < 0) return;  // an executor's worker belongs to no declared unit
  UnitRecord& rec = units_[static_cast<std::size_t>(t.unit)];
  ++rec.ended;
  if (!unit_done(t.unit)) return;
  for (int waiter : rec.joiners) {
    SimThread& w = thread(waiter);
    if (w.block == BlockKind::Join && w.block_object == t.unit) unblock(w);
  }
}

// Counted, not scanned: a unit of 20,000 replicas would scan them all at each one's end. Every replica
// must have been made: a spawner that starts thread replicas one by one may see the first end before it
// made the last.
bool Engine::unit_done(int unit) const {
  const UnitRecord& rec = units_[static_cast<std::size_t>(unit)];
  const auto replicas = static_cast<std::size_t>(scenario_.units[static_cast<std::size_t>(unit)].count);
  return rec.started && rec.ended == replicas;
}

// A thread that waits for anything but its own computation leaves its core (or its place in the run queue).
void Engine::suspend(SimThread& t) {
  if (t.work == WorkKind::None) release_core(t);
  t.fiber->yield();
}

// The thread blocks on a synchronisation object until whoever releases it clears t.block (unblock()).
void Engine::block_on(SimThread& t, BlockKind kind, int object) {
  t.block = kind;
  t.block_object = object;
  set_state(t, ThreadState::Sync, object);
  while (t.block != BlockKind::None) suspend(t);
}

void Engine::make_ready(SimThread& t) {
  if (t.in_ready) return;
  t.in_ready = true;
  ready_.push_back(t.id);
}

// A thread holds a stack only while it runs its own code: not before it first holds its GIL, nor after its
// end. Until then it waits for the GIL without a fiber (first_gil), so that thousands of threads queued for
// one GIL cost no stack pages, only those that have run do.
void Engine::resume(SimThread& t) {
  t.in_ready = false;
  if (!t.fiber) {
    if (!t.entry || !first_gil(t)) return;
    t.fiber = std::make_unique<Fiber>(stacks_, std::move(t.entry));
    t.entry = nullptr;
  }
  if (t.fiber->finished()) return;
  t.fiber->resume();
  if (t.fiber->finished()) t.fiber.reset();  // give the stack back to the pool at once
}

// take_gil() as a new thread's first step, played without a stack: true once its fiber may start (it holds
// the GIL, or must first pay a process's start-up, which needs one). Its fiber's take_gil() then finds the
// GIL held and goes on.
bool Engine::first_gil(SimThread& t) {
  if (t.start_up > 0) return true;
  if (!t.holds_gil) {
    if (t.block == BlockKind::Gil) return false;  // still waiting: only granted() ends the wait
    if (!process_of(t).gil.take(t.gil_slot)) {
      t.block = BlockKind::Gil;
      set_state(t, ThreadState::WantsGil);
      return false;  // granted() makes it ready again
    }
  }
  t.block = BlockKind::None;
  set_state(t, ThreadState::Running);
  return true;
}

void Engine::unblock(SimThread& t) {
  t.block = BlockKind::None;
  t.wake_timer.cancel();
  make_ready(t);
}

void Engine::set_state(SimThread& t, ThreadState s, int object) {
  if (t.state == s) return;
  t.state = s;
  stats_.state_changed(t.id, s, now());
  if (!trace_.empty()) {
    emit_to_sinks(
        {.kind = TraceKind::State, .unit = t.id, .process = t.process, .object = object, .state = s});
  }
}

void Engine::emit(TraceEvent e) {
  e.at = kernel_.now();
  stats_.record(e);  // the report's own sink, called directly: every run has it
  trace_.emit(e);
}

void Engine::emit_to_sinks(const HotEvent& h) {
  trace_.emit_hot(h, kernel_.now());
}

void Engine::collect_deadlock(Report& report) const {
  for (const auto& t : threads_) {
    if (!t->ended) report.deadlock.waiters.push_back(Deadlock::Waiter{t->name, describe_wait(*t)});
  }
}

std::string Engine::describe_wait(const SimThread& t) const {
  const auto obj = static_cast<std::size_t>(t.block_object);
  switch (t.block) {
    case BlockKind::Event:
      return fmt::format("event {} (wait)", scenario_.events[obj].name);
    case BlockKind::QueueGet:
      return fmt::format("queue {} (get)", scenario_.queues[obj].name);
    case BlockKind::Lock: {
      const int holder = locks_[obj].holder;
      return fmt::format("lock {} held by {}", scenario_.locks[obj].name,
                         holder >= 0 ? threads_[static_cast<std::size_t>(holder)]->name : "nobody");
    }
    case BlockKind::Join:
      return fmt::format("unit {} (join)", scenario_.units[obj].name);
    case BlockKind::ThreadStart:
      return fmt::format("unit {} to start", scenario_.units[obj].name);
    case BlockKind::LoopSelect:
      return t.loop ? t.loop->describe() : "select()";
    case BlockKind::ExecutorJob:
      return fmt::format("a job for executor {}", t.executor ? t.executor->name : "?");
    case BlockKind::JoinThread:
      return fmt::format("thread {} (join)", threads_[obj]->name);
    default:
      return std::string(state_name(t.state));
  }
}

}  // namespace gilsim
