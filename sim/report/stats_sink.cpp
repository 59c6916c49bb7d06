#include "sim/report/stats_sink.hpp"

#include <algorithm>
#include <cassert>

namespace gilsim {

void StatsSink::record(const TraceEvent& e) {
  switch (e.kind) {
    case TraceKind::State:
      state_changed(e.unit, e.state, e.at);
      return;
    case TraceKind::GilAcquire:
      gil_acquired(e.process, e.unit, e.detail != 0, e.at);
      return;
    case TraceKind::GilRelease:
      gil_released(e.process, e.detail != 0, e.at);
      return;
    case TraceKind::DropRequest:
      drop_requested(e.process);
      return;
    case TraceKind::CoreAssign:
      core_assigned(e.unit, e.at);
      return;
    case TraceKind::CoreRelease:
      core_released(e.unit, e.at);
      return;
    default:
      record_other(e);
  }
}

void StatsSink::reserve(std::size_t units, std::size_t processes) {
  report_.units.reserve(units);
  units_.reserve(units);
  report_.gils.reserve(processes);
  gils_.reserve(processes);
}

void StatsSink::state_changed(int unit, ThreadState s, Time at) {
  enter_state(units_[static_cast<std::size_t>(unit)], s, at);
}

void StatsSink::enter_state(UnitTrack& u, ThreadState s, Time at) {
  u.in_state[static_cast<std::size_t>(u.state)] += at - u.since;
  u.since = at;
  u.state = s;
}

void StatsSink::gil_acquired(int process, int unit, bool handoff, Time at) {
  GilStats& g = report_.gils[static_cast<std::size_t>(process)];
  ++g.acquisitions;
  g.handoffs += handoff ? 1 : 0;
  ++units_[static_cast<std::size_t>(unit)].gil_acquisitions;
  gils_[static_cast<std::size_t>(process)].held_since = at;
}

void StatsSink::gil_released(int process, bool forced, Time at) {
  GilStats& g = report_.gils[static_cast<std::size_t>(process)];
  g.forced_switches += forced ? 1 : 0;
  GilTrack& t = gils_[static_cast<std::size_t>(process)];
  g.held += at - t.held_since;
  t.held_since = -1;
}

void StatsSink::core_released(int unit, Time at) {
  UnitTrack& u = units_[static_cast<std::size_t>(unit)];
  report_.core_busy += at - u.core_since;
  u.core_since = -1;
}

// The events record() does not handle.
void StatsSink::record_other(const TraceEvent& e) {
  switch (e.kind) {
    case TraceKind::ProcessStart: {
      GilStats g;
      g.process = *e.text;
      report_.gils.push_back(std::move(g));
      gils_.emplace_back();
      break;
    }
    case TraceKind::UnitStart: {
      UnitStats u;
      u.name = *e.text;
      u.kind = e.detail ? "process" : "thread";
      u.process = report_.gils[static_cast<std::size_t>(e.process)].process;
      u.started = e.at;
      report_.units.push_back(std::move(u));
      units_.push_back(UnitTrack{ThreadState::WantsGil, e.at, -1, 0, {}});
      break;
    }
    case TraceKind::Mark:
      on_mark(e);
      break;
    case TraceKind::Answer:
      report_.answers.push_back(Answer{
          e.value, e.detail != 0, report_.units[static_cast<std::size_t>(e.unit)].name, e.at, e.duration});
      break;
    case TraceKind::LoopStart: {
      LoopStats l;
      l.thread = report_.units[static_cast<std::size_t>(e.unit)].name;
      report_.loops.push_back(std::move(l));
      lags_.emplace_back();
      break;
    }
    case TraceKind::LoopIteration:
      ++report_.loops[static_cast<std::size_t>(e.object)].iterations;
      break;
    case TraceKind::TaskCreate:
      on_task_create(e);
      break;
    case TraceKind::TaskState:
      on_task_state(e);
      break;
    case TraceKind::TaskEnd:
      on_task_end(e);
      break;
    case TraceKind::SlowStep:
      report_.loops[static_cast<std::size_t>(e.value)].slow_steps.push_back(
          SlowStep{report_.tasks[static_cast<std::size_t>(e.object)].name, e.at - e.duration, e.duration});
      break;
    case TraceKind::UnitEnd:
      enter_state(units_[static_cast<std::size_t>(e.unit)], ThreadState::Ended, e.at);
      report_.units[static_cast<std::size_t>(e.unit)].ended = e.at;
      break;
    case TraceKind::State:
    case TraceKind::GilAcquire:
    case TraceKind::GilRelease:
    case TraceKind::DropRequest:
    case TraceKind::CoreAssign:
    case TraceKind::CoreRelease:
      assert(false && "handled by record()");
      break;
  }
}

void StatsSink::on_end(Time at) {
  report_.elapsed = at;
  for (UnitStats& u : report_.units) u.run_end = at;
  for (TaskStats& t : report_.tasks) t.run_end = at;
  for (std::size_t i = 0; i < units_.size(); ++i) {
    UnitTrack& t = units_[i];
    if (t.state != ThreadState::Ended) enter_state(t, ThreadState::Ended, at);
    if (t.core_since >= 0) report_.core_busy += at - t.core_since;
    copy_totals(t, report_.units[i]);
  }
  for (std::size_t i = 0; i < gils_.size(); ++i) {
    if (gils_[i].held_since >= 0) report_.gils[i].held += at - gils_[i].held_since;
  }
  for (std::size_t i = 0; i < tasks_.size(); ++i) close_task_phase(i, at);
  for (std::size_t i = 0; i < lags_.size(); ++i) {
    LoopStats& l = report_.loops[i];
    l.lag_samples = lags_[i].count();
    l.lag_mean = lags_[i].mean();
    l.lag_p99 = lags_[i].percentile(0.99);
    l.lag_max = lags_[i].max();
  }
}

void StatsSink::on_task_create(const TraceEvent& e) {
  TaskStats t;
  t.name = *e.text;
  t.coroutine = *e.label;
  t.loop = report_.loops[static_cast<std::size_t>(e.value)].thread;
  t.state = "pending";
  t.created = e.at;
  report_.tasks.push_back(std::move(t));
  tasks_.push_back(TaskTrack{static_cast<int>(e.value), -1, e.at});
  ++report_.loops[static_cast<std::size_t>(e.value)].tasks_created;
}

// A task's time goes to the phase it leaves; resuming it from ready is one sample of the loop's lag.
void StatsSink::on_task_state(const TraceEvent& e) {
  const auto i = static_cast<std::size_t>(e.object);
  TaskTrack& t = tasks_[i];
  if (e.detail == kTaskRunning) {
    // A task whose timer fell due while the loop was busy was ready since then, not waiting.
    ++report_.tasks[i].steps;
    lags_[static_cast<std::size_t>(t.loop)].add(e.duration);
    close_task_phase(i, e.at - e.duration);
    t.phase = kTaskReady;
  }
  close_task_phase(i, e.at);
  t.phase = e.detail;
}

void StatsSink::on_task_end(const TraceEvent& e) {
  const auto i = static_cast<std::size_t>(e.object);
  close_task_phase(i, e.at);
  tasks_[i].phase = -2;
  TaskStats& t = report_.tasks[i];
  t.ended = e.at;
  t.state = e.detail == 2 ? "cancelled" : "finished";
  LoopStats& l = report_.loops[static_cast<std::size_t>(tasks_[i].loop)];
  ++(e.detail == 2 ? l.tasks_cancelled : l.tasks_finished);
}

void StatsSink::close_task_phase(std::size_t task, Time at) {
  TaskTrack& t = tasks_[task];
  TaskStats& s = report_.tasks[task];
  const Time d = at - t.since;
  t.since = at;
  if (t.phase == kTaskReady) s.ready += d;
  if (t.phase == kTaskRunning) s.running += d;
  if (t.phase == kTaskWaiting) s.waiting += d;
}

void StatsSink::copy_totals(const UnitTrack& t, UnitStats& u) {
  const auto in = [&t](ThreadState s) { return t.in_state[static_cast<std::size_t>(s)]; };
  u.cpu = in(ThreadState::Running);
  u.native = in(ThreadState::Native);
  u.core_wait = in(ThreadState::WantsCore);
  u.gil_wait = in(ThreadState::WantsGil);
  u.io = in(ThreadState::Io);
  u.sync = in(ThreadState::Sync);
  u.gil_acquisitions = t.gil_acquisitions;
}

void StatsSink::on_mark(const TraceEvent& e) {
  add_mark(report_.units[static_cast<std::size_t>(e.unit)].marks[*e.text], e.at);
  if (e.object >= 0) add_mark(report_.tasks[static_cast<std::size_t>(e.object)].marks[*e.text], e.at);
}

void StatsSink::add_mark(MarkStats& m, Time at) {
  if (m.count == 0) {
    m.first = at;
  } else {
    m.max_gap = std::max(m.max_gap, at - m.last);
  }
  m.last = at;
  ++m.count;
}

}  // namespace gilsim
