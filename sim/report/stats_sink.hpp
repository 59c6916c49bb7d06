// StatsSink: the trace observer that accumulates a run's Report as events happen.
//
// It keeps one running state per unit and per GIL, never the history: a state change adds the time since
// the previous change to the matching column. It is on every run's hot path (a GIL hand-off makes eight
// events), so the hand-off's events are handled inline and a unit's running totals sit in one small record.
#pragma once

#include <array>
#include <vector>

#include "sim/report/latency_histogram.hpp"
#include "sim/report/report.hpp"
#include "sim/trace/trace.hpp"

namespace gilsim {

class StatsSink final : public TraceSink {
 public:
  void on_event(const TraceEvent& e) override { record(e); }
  void on_end(Time at) override;
  /// record is on_event without the virtual call, for the engine that owns this sink. The events of a GIL
  /// hand-off are handled here (a hand-off makes eight of them); the others go out of line. It is kept out
  /// of the engine's emit() on purpose: inlined there, a hand-off measured a third slower on this machine
  /// (docs/performance.md).
  [[gnu::noinline]] void record(const TraceEvent& e) {
    switch (e.kind) {
      case TraceKind::State:
        enter_state(units_[static_cast<std::size_t>(e.unit)], e.state, e.at);
        return;
      case TraceKind::GilAcquire:
        on_gil_acquire(e);
        return;
      case TraceKind::GilRelease:
        on_gil_release(e);
        return;
      case TraceKind::DropRequest:
        ++report_.gils[static_cast<std::size_t>(e.process)].drop_requests;
        return;
      case TraceKind::CoreAssign:
        units_[static_cast<std::size_t>(e.unit)].core_since = e.at;
        return;
      case TraceKind::CoreRelease: {
        UnitTrack& u = units_[static_cast<std::size_t>(e.unit)];
        report_.core_busy += e.at - u.core_since;
        u.core_since = -1;
        return;
      }
      default:
        record_other(e);
    }
  }
  /// report is what was measured so far (complete after on_end).
  Report& report() { return report_; }

 private:
  /// UnitTrack is a unit's running state and the time it spent in each state so far: all a state change
  /// touches, in one place (the report's UnitStats get the totals at the end).
  struct UnitTrack {
    ThreadState state = ThreadState::Ended;
    Time since = 0;
    Time core_since = -1;
    std::uint64_t gil_acquisitions = 0;
    std::array<Time, kThreadStates> in_state{};  ///< by ThreadState; Ended's slot is never read
  };
  struct GilTrack {
    Time held_since = -1;
  };
  struct TaskTrack {
    int loop = 0;
    std::int64_t phase = -1;  ///< TaskPhase, or -1 once ended
    Time since = 0;
  };
  static void enter_state(UnitTrack& u, ThreadState s, Time at) {
    u.in_state[static_cast<std::size_t>(u.state)] += at - u.since;
    u.since = at;
    u.state = s;
  }
  void on_gil_acquire(const TraceEvent& e) {
    GilStats& g = report_.gils[static_cast<std::size_t>(e.process)];
    ++g.acquisitions;
    g.handoffs += e.detail != 0;
    ++units_[static_cast<std::size_t>(e.unit)].gil_acquisitions;
    gils_[static_cast<std::size_t>(e.process)].held_since = e.at;
  }
  void on_gil_release(const TraceEvent& e) {
    GilStats& g = report_.gils[static_cast<std::size_t>(e.process)];
    g.forced_switches += e.detail != 0;
    GilTrack& t = gils_[static_cast<std::size_t>(e.process)];
    g.held += e.at - t.held_since;
    t.held_since = -1;
  }
  void record_other(const TraceEvent& e);
  void on_task_create(const TraceEvent& e);
  void on_task_state(const TraceEvent& e);
  void on_task_end(const TraceEvent& e);
  void close_task_phase(std::size_t task, Time at);
  void on_mark(const TraceEvent& e);
  static void add_mark(MarkStats& m, Time at);
  static void copy_totals(const UnitTrack& t, UnitStats& u);

  Report report_;
  std::vector<UnitTrack> units_;
  std::vector<GilTrack> gils_;
  std::vector<TaskTrack> tasks_;
  std::vector<LatencyHistogram> lags_;  ///< per loop
};

}  // namespace gilsim
