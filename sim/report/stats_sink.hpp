// StatsSink: the trace observer that accumulates a run's Report as events happen.
//
// It keeps one running state per unit and per GIL, never the history: a state change adds the time since
// the previous change to the matching column.
#pragma once

#include <vector>

#include "sim/report/latency_histogram.hpp"
#include "sim/report/report.hpp"
#include "sim/trace/trace.hpp"

namespace gilsim {

class StatsSink final : public TraceSink {
 public:
  void on_event(const TraceEvent& e) override;
  void on_end(Time at) override;
  /// report is what was measured so far (complete after on_end).
  Report& report() { return report_; }

 private:
  struct UnitTrack {
    ThreadState state = ThreadState::Ended;
    Time since = 0;
    Time core_since = -1;
  };
  struct GilTrack {
    Time held_since = -1;
  };
  struct TaskTrack {
    int loop = 0;
    std::int64_t phase = -1;  ///< TaskPhase, or -1 once ended
    Time since = 0;
  };
  void on_task_create(const TraceEvent& e);
  void on_task_state(const TraceEvent& e);
  void on_task_end(const TraceEvent& e);
  void close_task_phase(std::size_t task, Time at);
  void close_state(int unit, Time at);
  void on_state(const TraceEvent& e);
  void on_mark(const TraceEvent& e);
  static void add_mark(MarkStats& m, Time at);

  Report report_;
  std::vector<UnitTrack> units_;
  std::vector<GilTrack> gils_;
  std::vector<TaskTrack> tasks_;
  std::vector<LatencyHistogram> lags_;  ///< per loop
};

}  // namespace gilsim
