// Computing under the GIL and the CPU scheduler: how work makes progress, and how a forced switch
// interrupts it.
//
// A thread computing Python code needs its process's GIL and a core; native code needs only a core. Work
// progresses at one nanosecond per nanosecond while the thread is on a core. One timer per thread marks the
// next thing that can happen on its own: the end of the work, or the eval-breaker check at which it drops
// the GIL on request (checks fall every machine.gil_check of running time).
#include <algorithm>

#include "sim/engine/engine.hpp"

namespace gilsim {

// --- called from fibers

void Engine::compute(SimThread& t, WorkKind kind, Time work) {
  if (work <= 0) return;
  if (kind == WorkKind::Python) take_gil(t);  // Python code runs only under the GIL
  if (can_run_ahead(t, kind, work)) {
    // Nothing else can happen before this work is done: let the clock jump over it, no event needed.
    set_state(t, kind == WorkKind::Python ? ThreadState::Running : ThreadState::Native);
    kernel_.advance_to(now() + work);
    return;
  }
  t.work = kind;
  t.remaining = work;
  if (t.on_core) {
    // Still on the core from its previous step: the OS does not reschedule a thread that keeps running.
    if (!t.switching) {
      t.progress_from = now();  // its earlier steps may have run ahead of the last segment
      set_state(t, kind == WorkKind::Python ? ThreadState::Running : ThreadState::Native);
    }
    arm_segment(t);
  } else if (!t.core_requested) {
    want_core(t);
  }
  while (t.work != WorkKind::None) suspend(t);
}

// A thread already running on its core (and holding the GIL for Python code, with no drop asked) may do
// its work in one jump of the clock when no fiber is ready and no timer falls due before the work ends:
// nothing could interrupt it or happen meanwhile, so the run is the same as with a segment timer.
bool Engine::can_run_ahead(const SimThread& t, WorkKind kind, Time work) const {
  if (!t.on_core || t.switching || !ready_.empty()) return false;
  if (kind == WorkKind::Python && (!t.holds_gil || t.drop_pending)) return false;
  // The run's time limit is enforced where timers fire: a jump must not carry the clock past it (with lazy
  // slices, a thread alone on its core may have no timer pending at all).
  return kernel_.next_due() > kernel_.now() + work && kernel_.now() + work <= machine_.time_limit;
}

void Engine::release_core(SimThread& t) {
  if (!t.core_requested) return;
  t.core_requested = false;
  t.segment_timer.cancel();
  if (t.on_core) {
    core_released(t, cpu_.core_of(t.id));
    t.on_core = false;
    t.switching = false;
  }
  cpu_.leave(t.id);
}

void Engine::release_gil(SimThread& t) {
  if (!t.holds_gil) return;
  t.holds_gil = false;
  if (!process_of(t).gil.drop(t.gil_slot)) return;
  // A drop request was pending: FORCE_SWITCHING makes the dropper wait for another thread to take the GIL.
  t.awaiting_switch = true;
  t.block = BlockKind::GilSwitch;
  set_state(t, ThreadState::WantsGil);
  while (t.awaiting_switch) suspend(t);
  t.block = BlockKind::None;
}

void Engine::take_gil(SimThread& t) {
  if (t.holds_gil) return;
  if (!process_of(t).gil.take(t.gil_slot)) {
    t.block = BlockKind::Gil;
    set_state(t, ThreadState::WantsGil);
    while (!t.holds_gil) suspend(t);
    t.block = BlockKind::None;
  }
  set_state(t, ThreadState::Running);
}

void Engine::block_for(SimThread& t, ThreadState state, Time duration) {
  t.block = BlockKind::Timer;
  set_state(t, state);
  kernel_.arm_in(t.wake_timer, std::max<Time>(duration, 0));
  while (t.block != BlockKind::None) suspend(t);
}

// --- the thread's own timers

void Engine::on_thread_timer(SimThread& t, std::uint32_t tag) {
  switch (tag) {
    case SimThread::kSegment:
      on_segment(t);
      break;
    case SimThread::kWake:
      // A timed block (sleep, I/O) ended, or a wait timed out: forget what it waited on.
      if (t.block == BlockKind::Event) {
        auto& w = events_[static_cast<std::size_t>(t.block_object)].waiters;
        w.erase(std::remove(w.begin(), w.end(), t.id), w.end());
        t.wait_result = false;
      }
      t.block = BlockKind::None;
      make_ready(t);
      break;
    case SimThread::kGil:
      process_of(t).gil.on_waiter_wakes(t.gil_slot);
      break;
  }
}

void Engine::want_core(SimThread& t) {
  set_state(t, ThreadState::WantsCore);
  t.core_requested = true;
  cpu_.request(t.id);
}

void Engine::started(int thread_id, int core, Time progress_from) {
  SimThread& t = thread(thread_id);
  t.on_core = true;
  t.progress_from = progress_from;
  t.switching = progress_from > now();
  stats_.core_assigned(t.id, now());
  if (!trace_.empty())
    emit_to_sinks({.kind = TraceKind::CoreAssign, .unit = t.id, .process = t.process, .object = core});
  if (t.work == WorkKind::None) return;  // preempted between two steps: it runs its next one from here
  if (!t.switching) set_state(t, t.work == WorkKind::Python ? ThreadState::Running : ThreadState::Native);
  arm_segment(t);
}

void Engine::preempted(int thread_id, int core) {
  SimThread& t = thread(thread_id);
  account_progress(t);
  t.segment_timer.cancel();
  t.on_core = false;
  t.switching = false;
  core_released(t, core);
  set_state(t, ThreadState::WantsCore);
}

void Engine::core_released(const SimThread& t, int core) {
  stats_.core_released(t.id, now());
  if (!trace_.empty())
    emit_to_sinks({.kind = TraceKind::CoreRelease, .unit = t.id, .process = t.process, .object = core});
}

void Engine::arm_slice(int core, Time at, std::uint64_t rank) {
  kernel_.arm_periodic(core_timers_[static_cast<std::size_t>(core)]->timer, at, Tier::PeriodicLast, rank);
}

void Engine::cancel_slice(int core) {
  core_timers_[static_cast<std::size_t>(core)]->timer.cancel();
}

// The next moment the thread's computation can change on its own: the end of a context switch, the end of
// its work, or (when asked to drop the GIL) its next eval-breaker check.
void Engine::arm_segment(SimThread& t) {
  if (t.switching) {
    kernel_.arm(t.segment_timer, t.progress_from);
    return;
  }
  Time next = t.progress_from + t.remaining;
  if (t.drop_pending && t.work == WorkKind::Python) {
    const Time ran = now() - t.progress_from;
    const Time check = t.progress_from + (ran / machine_.gil_check + 1) * machine_.gil_check;
    next = std::min(next, check);
  }
  kernel_.arm(t.segment_timer, next);
}

void Engine::account_progress(SimThread& t) {
  if (!t.on_core || t.switching) return;
  const Time done = std::max<Time>(0, now() - t.progress_from);
  t.remaining -= std::min(done, t.remaining);
  t.progress_from = now();
}

void Engine::on_segment(SimThread& t) {
  if (t.switching) {
    t.switching = false;
    set_state(t, t.work == WorkKind::Python ? ThreadState::Running : ThreadState::Native);
    arm_segment(t);
    return;
  }
  account_progress(t);
  if (t.remaining <= 0) {
    finish_work(t);
  } else if (t.drop_pending && t.work == WorkKind::Python) {
    forced_drop(t);
  } else {
    arm_segment(t);
  }
}

// The work is done; the thread keeps its core until it blocks or ends (see suspend()).
void Engine::finish_work(SimThread& t) {
  t.work = WorkKind::None;
  t.remaining = 0;
  make_ready(t);
}

// The holder reached an eval-breaker check with a drop request pending: it leaves its core and drops the
// GIL, keeping its remaining work for when it gets both back.
void Engine::forced_drop(SimThread& t) {
  release_core(t);
  t.drop_pending = false;
  t.holds_gil = false;
  set_state(t, ThreadState::WantsGil);
  if (process_of(t).gil.drop(t.gil_slot)) {
    t.awaiting_switch = true;
  } else if (process_of(t).gil.take(t.gil_slot)) {
    want_core(t);
  }
}

// --- GIL callbacks

void Engine::on_acquired(SimThread& t, bool handoff) {
  t.holds_gil = true;
  t.drop_pending = false;
  stats_.gil_acquired(t.process, t.id, handoff, now());
  if (!trace_.empty()) {
    emit_to_sinks(
        {.kind = TraceKind::GilAcquire, .unit = t.id, .process = t.process, .detail = handoff ? 1 : 0});
  }
}

void Engine::on_released(SimThread& t, bool forced) {
  stats_.gil_released(t.process, forced, now());
  if (!trace_.empty()) {
    emit_to_sinks(
        {.kind = TraceKind::GilRelease, .unit = t.id, .process = t.process, .detail = forced ? 1 : 0});
  }
}

void Engine::on_granted(SimThread& t) {
  if (t.work == WorkKind::Python && !t.on_core) {
    want_core(t);  // back to the computation the forced switch interrupted
  } else {
    make_ready(t);  // the fiber waits in take_gil
  }
}

void Engine::on_drop_requested(SimThread& holder, SimThread& requester) {
  stats_.drop_requested(holder.process);
  if (!trace_.empty()) {
    emit_to_sinks({.kind = TraceKind::DropRequest, .unit = requester.id, .process = holder.process});
  }
  holder.drop_pending = true;
  if (holder.on_core && holder.work == WorkKind::Python) {
    account_progress(holder);
    arm_segment(holder);
  }
}

void Engine::on_switched(SimThread& t) {
  t.awaiting_switch = false;
  if (t.work == WorkKind::Python && t.remaining > 0) {
    if (process_of(t).gil.take(t.gil_slot)) want_core(t);  // else granted() brings it back
  } else {
    make_ready(t);  // the fiber waits in release_gil
  }
}

// --- SimProcess: the GIL's host, per process

SimProcess::SimProcess(Engine& engine, int id_, std::string name_)
    : id(id_),
      name(std::move(name_)),
      gil(*this, engine.scenario().machine.switch_interval, engine.scenario().machine.gil_handoff,
          engine.scenario().machine.wakeup, engine.periodic()),
      engine_(engine) {}

Time SimProcess::now() const {
  return engine_.now();
}
FiringKey SimProcess::cursor() const {
  return engine_.cursor();
}
std::uint64_t SimProcess::new_rank() {
  return engine_.new_rank();
}
void SimProcess::time_out_waiter_at(int thread, Time at, std::uint64_t rank) {
  engine_.on_gil_timeout_at(member(thread), at, rank);
}
void SimProcess::wake_waiter_at(int thread, Time at) {
  engine_.on_gil_wake_at(member(thread), at);
}
void SimProcess::cancel_waiter_wake(int thread) {
  member(thread).gil_timer.cancel();
}
void SimProcess::granted(int thread) {
  engine_.on_granted(member(thread));
}
void SimProcess::drop_requested(int holder, int requester) {
  engine_.on_drop_requested(member(holder), member(requester));
}
void SimProcess::switched(int thread) {
  engine_.on_switched(member(thread));
}
void SimProcess::acquired(int thread, bool handoff) {
  engine_.on_acquired(member(thread), handoff);
}
void SimProcess::released(int thread, bool forced) {
  engine_.on_released(member(thread), forced);
}
std::uint64_t SimProcess::pick(std::uint64_t n) {
  return engine_.pick(n);
}

}  // namespace gilsim
