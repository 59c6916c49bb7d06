// StatsSink: the trace observer that accumulates a run's Report as events happen.
//
// It keeps one running state per unit and per GIL, never the history: a state change adds the time since
// the previous change to the matching column. It is on every run's hot path (a GIL hand-off makes eight
// events), so the engine tells it of the hand-off's events through typed calls, with no TraceEvent built
// (a run without other sinks builds none: a hand-off ran 30 % faster so, docs/performance.md), and a
// unit's running totals sit in one small record.
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
  /// record is on_event without the virtual call, for the engine that owns this sink (its events other
  /// than the hand-off's). It is kept out of the engine's emit() on purpose: inlined there, a hand-off
  /// measured a third slower on this machine (docs/performance.md).
  [[gnu::noinline]] void record(const TraceEvent& e);

  // The events of a GIL hand-off, typed: the engine that owns this sink calls these directly, so that a
  // run without other sinks builds no TraceEvent and dispatches on no kind. record() calls them too.
  /// state_changed: `unit` entered state `s` at `at`.
  void state_changed(int unit, ThreadState s, Time at);
  /// gil_acquired: `unit` took the GIL of `process` (`handoff`: from another thread).
  void gil_acquired(int process, int unit, bool handoff, Time at);
  /// gil_released: the holder of `process`'s GIL dropped it (`forced`: on request).
  void gil_released(int process, bool forced, Time at);
  /// drop_requested: a waiter asked the holder of `process`'s GIL to drop it.
  void drop_requested(int process) { ++report_.gils[static_cast<std::size_t>(process)].drop_requests; }
  /// core_assigned and core_released: `unit` got or left a core.
  void core_assigned(int unit, Time at) { units_[static_cast<std::size_t>(unit)].core_since = at; }
  void core_released(int unit, Time at);
  /// report is the run's report once on_end has been called (before, the per-unit time columns and
  /// GIL acquisitions are still in the sink's own records).
  Report& report() { return report_; }
  /// reserve makes room for `units` units and `processes` processes (a hint: more may come).
  void reserve(std::size_t units, std::size_t processes);

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
