// The virtual-time engine: runs a scenario on a simulated machine, deterministically.
//
// Every thread runs on a fiber (from its first GIL on), asyncio tasks on fibers or as stackless frames; time
// is the discrete-event kernel's clock; the GIL of each process is a NewGil and the cores are shared by a
// CpuScheduler. The same scenario, parameters and seed always give the same report.
//
//   gilsim::Scenario s = gilsim::load_scenario_file("scenarios/primes_threads.yaml");
//   gilsim::Report r = gilsim::run_virtual(s);
#pragma once

#include <vector>

#include "sim/core/timer.hpp"
#include "sim/model/scenario.hpp"
#include "sim/report/report.hpp"
#include "sim/runtime/run_error.hpp"
#include "sim/trace/trace.hpp"

namespace gilsim {

/// TaskStacks: see RunOptions::task_stacks.
enum class TaskStacks { WhenNeeded, Always };

/// RunOptions holds what a caller attaches to a run.
struct RunOptions {
  std::vector<TraceSink*> sinks;  ///< extra observers (timelines, exporters); the report's own is built in
  /// periodic says how GIL timeouts and time slices are played: Lazy (only the firings that can change
  /// something) or Eager (all of them; slower, the same run).
  PeriodicTimers periodic = PeriodicTimers::Lazy;
  /// task_stacks says which asyncio tasks get a fiber stack of their own: WhenNeeded (those that run C++
  /// bodies, directly or by an inline await; other YAML coroutines run stackless) or Always (slower, the
  /// same run).
  TaskStacks task_stacks = TaskStacks::WhenNeeded;
};

/// run_virtual runs `scenario` on the virtual engine and returns its report. A deadlock or the time limit
/// ends the run normally (see Report::outcome); bad behaviour at run time throws RunError.
Report run_virtual(const Scenario& scenario, const RunOptions& options = {});

}  // namespace gilsim
