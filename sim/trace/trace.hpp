// Trace: the single output of a run.
//
// Engines emit TraceEvents as things happen and hand each one to every attached sink (observers). The
// report's statistics are one sink; timeline exporters are others. Nothing keeps the history unless a sink
// chooses to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.hpp"

namespace gilsim {

/// ThreadState is what a simulated thread is doing; each maps to one column of the report.
enum class ThreadState : std::uint8_t {
  Running,    ///< on a core, running Python code with the GIL
  Native,     ///< on a core, running code that released the GIL (or starting a process)
  WantsCore,  ///< runnable but no core is free (or the core is switching to it)
  WantsGil,   ///< waiting for its process's GIL
  Io,         ///< blocked in I/O, sleep or a terminal write
  Sync,       ///< blocked on an event, queue, lock or join
  Ended,
};
/// kThreadStates counts the states (Ended must stay the last one).
inline constexpr std::size_t kThreadStates = static_cast<std::size_t>(ThreadState::Ended) + 1;

/// state_name is the lower-case name of a state, as the trace exporters write it.
const char* state_name(ThreadState s);

/// TraceKind says which fields of a TraceEvent matter.
enum class TraceKind : std::uint8_t {
  ProcessStart,  ///< process `process` (text: its name) came to life
  UnitStart,   ///< thread `unit` of `process` started (text: its name; detail: 1 for a process's main thread)
  State,       ///< `unit` entered `state` (object: what it waits on, -1 if nothing)
  GilAcquire,  ///< `unit` took the GIL of `process` (detail: 1 when it is a hand-off)
  GilRelease,  ///< `unit` dropped the GIL of `process` (detail: 1 when forced by a drop request)
  DropRequest,    ///< `unit` (a waiter) asked the holder of `process`'s GIL to drop it
  CoreAssign,     ///< `unit` got core `object`
  CoreRelease,    ///< `unit` left core `object`
  Mark,           ///< `unit` wrote output mark `text` (from task `object`, or -1 outside coroutines)
  Answer,         ///< `unit` answered is_prime(`value`) = `detail`, the check having taken `duration`
  UnitEnd,        ///< `unit` ended
  LoopStart,      ///< thread `unit` started event loop `object`
  LoopIteration,  ///< loop `object` began an iteration with work to do
  TaskCreate,     ///< task `object` (text: its name, label: its coroutine) was created on loop `value`
  TaskState,      ///< task `object` became ready (`detail` 0), running (1: `duration` since it was ready) or
                  ///< waiting (2)
  TaskEnd,        ///< task `object` ended: `detail` 1 finished, 2 cancelled
  SlowStep,       ///< a step of task `object` kept loop `value` busy for `duration` (emitted at its end)
};
/// kTraceKinds counts the kinds (SlowStep must stay the last one).
inline constexpr std::size_t kTraceKinds = static_cast<std::size_t>(TraceKind::SlowStep) + 1;

/// TaskPhase is the `detail` of a TaskState event.
enum TaskPhase : std::int64_t { kTaskReady = 0, kTaskRunning = 1, kTaskWaiting = 2 };

/// TraceEvent is one thing that happened. Units and processes are numbered in order of creation.
struct TraceEvent {
  TraceKind kind;
  Time at = 0;
  int unit = -1;
  int process = -1;
  ThreadState state = ThreadState::Running;
  int object = -1;
  std::int64_t value = 0;
  std::int64_t detail = 0;
  Time duration = 0;
  const std::string* text = nullptr;   ///< names; valid for the whole run
  const std::string* label = nullptr;  ///< a second name (a task's coroutine)
};

/// HotEvent is an event of the kinds a GIL hand-off makes, several per hand-off: State, GilAcquire,
/// GilRelease, DropRequest, CoreAssign, CoreRelease. It has no value, duration or text.
struct HotEvent {
  TraceKind kind;
  int unit;
  int process;
  int object = -1;
  std::int64_t detail = 0;
  ThreadState state = ThreadState::Running;
};

/// to_event is `h`, at `at`, as a whole TraceEvent.
inline TraceEvent to_event(const HotEvent& h, Time at) {
  TraceEvent e{h.kind};
  e.at = at;
  e.unit = h.unit;
  e.process = h.process;
  e.object = h.object;
  e.detail = h.detail;
  e.state = h.state;
  return e;
}

/// TraceSink observes a run's events as they happen.
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  /// on_event receives each event in time order.
  virtual void on_event(const TraceEvent& e) = 0;
  /// on_hot receives the events of a hand-off, in the same order as the others; by default as
  /// TraceEvents. A sink for which building the whole event costs much of its time takes them as they are.
  virtual void on_hot(const HotEvent& h, Time at) { on_event(to_event(h, at)); }
  /// on_end is called once when the run is over, at its final time.
  virtual void on_end(Time /*at*/) {}
};

/// Trace fans events out to the attached sinks.
class Trace {
 public:
  /// attach adds a sink; it must outlive the run.
  void attach(TraceSink* sink) { sinks_.push_back(sink); }
  /// empty is true when no sink is attached.
  bool empty() const { return sinks_.empty(); }
  /// emit hands `e` to every sink.
  void emit(const TraceEvent& e) {
    for (TraceSink* s : sinks_) s->on_event(e);
  }
  /// emit_hot hands `h`, at `at`, to every sink.
  void emit_hot(const HotEvent& h, Time at) {
    for (TraceSink* s : sinks_) s->on_hot(h, at);
  }
  /// end tells every sink the run is over, even when one fails; the first failure is rethrown after.
  void end(Time at);

 private:
  std::vector<TraceSink*> sinks_;
};

}  // namespace gilsim
