// Report: what a run measured, per unit, per GIL and for the machine.
//
// The report is computed from the trace (sim/trace/trace.hpp) by the statistics sink while the run goes;
// renderers turn it into a table (text_report.hpp) or JSON (json_report.hpp). Every duration is virtual time
// in nanoseconds here; renderers choose units.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/core/time.hpp"

namespace gilsim {

/// MarkStats summarises one kind of output mark of a unit: how many, and the gaps between them.
struct MarkStats {
  std::uint64_t count = 0;
  Time first = 0;
  Time last = 0;
  Time max_gap = 0;  ///< longest time between two consecutive marks
  Time mean_gap() const { return count > 1 ? (last - first) / static_cast<Time>(count - 1) : 0; }
};

/// UnitStats is where one thread's time went. running + native + gil_wait + core_wait + io + sync ==
/// elapsed, up to process start-up (counted in native) and context switches (counted in core_wait).
struct UnitStats {
  std::string name;
  std::string kind;     ///< "thread" or "process" (a process's main thread)
  std::string process;  ///< the process it belongs to
  Time started = 0;
  Time ended = -1;     ///< -1 while (or if) it never ended
  Time run_end = 0;    ///< when the run ended: a unit that never ended is counted alive until then
  Time cpu = 0;        ///< running Python code (holding the GIL, on a core)
  Time native = 0;     ///< running code that released the GIL, on a core
  Time gil_wait = 0;   ///< wanting the GIL
  Time core_wait = 0;  ///< runnable, but every core busy (or switching)
  Time io = 0;         ///< blocked in I/O or sleep
  Time sync = 0;       ///< blocked on an event, queue, lock or join
  std::uint64_t gil_acquisitions = 0;
  std::map<std::string, MarkStats> marks;
  Time elapsed() const { return (ended < 0 ? run_end : ended) - started; }
};

/// GilStats counts what one process's GIL did.
struct GilStats {
  std::string process;
  std::uint64_t acquisitions = 0;
  std::uint64_t handoffs = 0;         ///< acquisitions by a thread other than the previous holder
  std::uint64_t drop_requests = 0;    ///< times a waiter timed out and asked the holder to drop
  std::uint64_t forced_switches = 0;  ///< drops made because of a drop request
  Time held = 0;                      ///< total time the GIL was held
};

/// TaskStats is where one asyncio task's time went. running + ready + waiting == elapsed.
struct TaskStats {
  std::string name;
  std::string coroutine;
  std::string loop;   ///< the thread whose event loop ran it
  std::string state;  ///< "finished", "cancelled", or "pending" (the run ended first)
  Time created = 0;
  Time ended = -1;          ///< -1 while (or if) it never ended
  Time run_end = 0;         ///< when the run ended: a task that never ended is counted until then
  Time running = 0;         ///< its steps running on the loop (including any blocking call they made)
  Time ready = 0;           ///< ready to run, waiting for the loop to get to it (the loop lag)
  Time waiting = 0;         ///< suspended in an await
  std::uint64_t steps = 0;  ///< times the loop resumed it
  std::map<std::string, MarkStats> marks;
  Time elapsed() const { return (ended < 0 ? run_end : ended) - created; }
};

/// SlowStep is one task step that kept its loop busy longer than machine.slow_callback (asyncio's debug
/// mode warns "Executing <Task ...> took 1.061 seconds").
struct SlowStep {
  std::string task;
  Time at = 0;  ///< when the step began
  Time duration = 0;
};

/// LoopStats summarises one event loop.
struct LoopStats {
  std::string thread;  ///< the thread running it
  std::uint64_t iterations = 0;
  std::uint64_t tasks_created = 0;
  std::uint64_t tasks_finished = 0;
  std::uint64_t tasks_cancelled = 0;
  std::uint64_t lag_samples = 0;  ///< task steps measured
  Time lag_mean = 0;              ///< from a task becoming ready to the loop resuming it
  Time lag_p99 = 0;
  Time lag_max = 0;
  std::vector<SlowStep> slow_steps;
};

/// Answer is one primality check a unit made, with when it ended and how long it took.
struct Answer {
  std::int64_t n = 0;
  bool prime = false;
  std::string unit;
  Time at = 0;
  Time took = 0;
};

/// Deadlock describes a run that stopped because every unit left was blocked with nothing pending.
struct Deadlock {
  struct Waiter {
    std::string unit;
    std::string waits_on;  ///< e.g. "queue results (get)", "lock L held by worker[1]"
  };
  std::vector<Waiter> waiters;
};

/// Outcome says how the run ended.
enum class Outcome { Completed, Deadlock, TimeLimit };

/// Report is the full result of one run.
struct Report {
  std::string scenario;
  std::string engine = "virtual";
  std::map<std::string, std::string> params;
  int cores = 0;
  Time switch_interval = 0;
  std::uint64_t seed = 0;
  Outcome outcome = Outcome::Completed;
  Time elapsed = 0;               ///< time of the last event
  Time core_busy = 0;             ///< sum over cores of time spent running a thread (or switching)
  std::uint64_t events = 0;       ///< engine events processed (for performance figures)
  std::uint64_t peak_stacks = 0;  ///< most fiber stacks in use at once (virtual engine; memory figures)
  std::vector<UnitStats> units;
  std::vector<GilStats> gils;
  std::vector<Answer> answers;
  std::vector<LoopStats> loops;
  std::vector<TaskStats> tasks;
  Deadlock deadlock;

  /// utilisation is core_busy / (cores x elapsed), in [0, 1].
  double utilisation() const {
    return elapsed > 0 && cores > 0 ? static_cast<double>(core_busy) / (static_cast<double>(elapsed) * cores)
                                    : 0;
  }
  /// unit finds a unit's statistics by name, or nullptr.
  const UnitStats* unit(const std::string& name) const {
    for (const auto& u : units) {
      if (u.name == name) return &u;
    }
    return nullptr;
  }
};

}  // namespace gilsim
