// StatsSink: the trace observer that accumulates a run's Report as events happen.
//
// It keeps one running state per unit and per GIL, never the history: a state change adds the time since
// the previous change to the matching column. It is on every run's hot path (a GIL hand-off makes eight
// events), so record() handles the hand-off's events in a few lines and a unit's running totals sit in one
// small record.
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
  [[gnu::noinline]] void record(const TraceEvent& e);
  /// report is the run's report once on_end has been called (before, the per-unit time columns and
  /// GIL acquisitions are still in the sink's own records).
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
  static void enter_state(UnitTrack& u, ThreadState s, Time at);
  void on_gil_acquire(const TraceEvent& e);
  void on_gil_release(const TraceEvent& e);
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
