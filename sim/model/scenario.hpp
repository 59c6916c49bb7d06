// The scenario model: plain data describing a machine and the units that run on it.
//
// A Scenario is what the YAML loader produces and what every engine consumes. It holds no behaviour: the
// step interpreter (sim/runtime/interpreter.hpp) gives steps their meaning, and C++ tests may give a unit a
// body (a function over the Runtime) instead of steps.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "sim/core/time.hpp"

namespace gilsim {

class Runtime;

/// SourcePos names where something was written: file, 1-based line and column (0 when built in C++).
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

/// GilKind selects the GIL policy of every process.
enum class GilKind {
  New,  ///< CPython >= 3.2: switch interval, drop request, forced switching.
};

/// WakeupOrder is which GIL waiter the OS wakes when the holder drops it; CPython leaves it to the OS.
enum class WakeupOrder {
  Fifo,    ///< the longest-waiting thread (what a fair condition variable does)
  Random,  ///< a waiter chosen with the run's seeded generator
};

/// Machine holds the hardware and interpreter constants of a run. Defaults and their sources are in
/// docs/scenarios.md ("machine") and docs/calibration.md.
struct Machine {
  int cores = 2;
  GilKind gil = GilKind::New;
  Time switch_interval = 5 * kMillisecond;  ///< sys.getswitchinterval() default
  Time gil_check = 1 * kMicrosecond;        ///< how often running bytecode polls the eval breaker
  Time gil_handoff = 15 * kMicrosecond;     ///< wake-up latency of the waiter signalled on a drop
  Time time_slice = 3 * kMillisecond;       ///< OS slice when runnable threads outnumber cores
  Time context_switch = 2 * kMicrosecond;   ///< core time lost when a core changes thread
  Time process_start = 11 * kMillisecond;   ///< Process.start() to the child's first line (fork)
  Time queue_item = 45 * kMicrosecond;      ///< put-to-get latency of a multiprocessing.Queue item
  Time prime_iteration = 30;                ///< one trial-division loop iteration of is_prime, in ns
  Time output_write = 5 * kMicrosecond;     ///< a write to the terminal (releases the GIL)
  WakeupOrder wakeup = WakeupOrder::Fifo;
  std::uint64_t seed = 1;
  Time time_limit = 3600 * kSecond;  ///< the run stops here, reported as "time limit reached"
};

/// UnitKind is what a unit is: a thread of a process, or a process (whose steps are its main thread).
enum class UnitKind { Thread, Process };

/// IntExpr is an integer written literally or as a run-time variable ($n, bound by `get`/`consume`).
struct IntExpr {
  std::int64_t literal = 0;
  std::string variable;  ///< empty for a literal
};

/// StepKind lists what a step can do; docs/scenarios.md describes each.
enum class StepKind {
  Cpu,      ///< pure-Python work for `duration` (holds the GIL, uses a core)
  IsPrime,  ///< pure-Python trial division of `value`; cost = iterations x machine.prime_iteration
  Native,   ///< work in C code that releases the GIL but uses a core
  Io,       ///< blocking I/O for `duration` (releases the GIL, no core)
  Sleep,    ///< time.sleep(duration) (releases the GIL, no core)
  Set,      ///< event.set()
  Clear,    ///< event.clear()
  Wait,     ///< event.wait(timeout)
  Put,      ///< queue.put(v) for each of `values`
  Get,      ///< v = queue.get(), bound to `variable`
  Acquire,  ///< lock.acquire()
  Release,  ///< lock.release()
  Spawn,    ///< start a unit declared with `start: spawn` (all its replicas)
  Join,     ///< wait until a unit (all its replicas) ended
  Output,   ///< write a mark (a spinner frame, a result line) to the terminal
  Repeat,   ///< run `body` `times` times, or until event `until_set` is set after an iteration
  Consume,  ///< v = queue.get() until v == sentinel (`sentinels` times), running `body` for each other v
  ForEach,  ///< for v in `values`: run `body` with v bound to `variable`
};

/// Step is one instruction of a unit. Which fields matter depends on `kind` (see StepKind).
struct Step {
  StepKind kind = StepKind::Cpu;
  SourcePos pos;
  Time duration = 0;            ///< Cpu, Native, Io, Sleep; Wait's timeout (kNever: none)
  std::string target;           ///< the event, queue, lock, unit or mark the step is about
  int target_index = -1;        ///< `target` resolved by the loader (index into Scenario's lists)
  IntExpr value;                ///< IsPrime's n
  std::vector<IntExpr> values;  ///< Put's items; ForEach's list
  std::string variable;         ///< Get/Consume/ForEach: the variable bound to the item (default "item")
  std::int64_t times = -1;      ///< Repeat: iterations (-1 when driven by until_set)
  std::string until_set;        ///< Repeat: stop after an iteration that finds this event set
  int until_index = -1;
  std::int64_t sentinel = 0;   ///< Consume: the poison pill
  std::int64_t sentinels = 1;  ///< Consume: how many pills end the loop
  std::vector<Step> body;      ///< Repeat, Consume
};

/// UnitBody is a unit written in C++ against the Runtime, for tests and embedding.
using UnitBody = std::function<void(Runtime&)>;

/// UnitSpec declares a thread or process and what it does.
struct UnitSpec {
  std::string name;
  UnitKind kind = UnitKind::Thread;
  int count = 1;         ///< replicas, named name[0], name[1], ... when count > 1
  bool spawned = false;  ///< true: started by a `spawn` step; false: starts at time 0
  std::string description;
  std::vector<Step> steps;
  UnitBody body;  ///< when set, runs instead of `steps`
  SourcePos pos;
};

/// SyncKind is whether a synchronisation object is threading's (one process) or multiprocessing's.
enum class SyncKind { Thread, Process };

/// SyncSpec declares an event, queue or lock by name.
struct SyncSpec {
  std::string name;
  SyncKind kind = SyncKind::Thread;
  SourcePos pos;
};

/// Comparison is how an expectation compares a measured value with its bound(s).
enum class Comparison { Below, AtMost, Above, AtLeast, Equals, Between };

/// Expectation is one assertion a scenario makes about its own report (see docs/scenarios.md, "expect").
struct Expectation {
  std::string metric;    ///< a dotted path into the JSON report, e.g. units.spinner.marks.frame.max_gap
  std::string share_of;  ///< optional: compare metric / share_of instead of metric
  Comparison op = Comparison::Below;
  double bound = 0;  ///< seconds for durations, plain numbers otherwise, 1/0 for booleans
  double upper = 0;  ///< Between's upper bound
  std::string text;  ///< the expectation as written, for messages
  SourcePos pos;
};

/// ParamValue is a parameter's value: an integer, a duration, or a list of integers.
using ParamValue = std::variant<std::int64_t, Time, std::vector<std::int64_t>>;

/// Scenario is a whole loaded scenario.
struct Scenario {
  std::string name;         ///< the file's stem, or given in C++
  std::string description;  ///< one line
  std::string file;
  Machine machine;
  std::vector<UnitSpec> units;
  std::vector<SyncSpec> events;
  std::vector<SyncSpec> queues;
  std::vector<SyncSpec> locks;
  std::vector<Expectation> expectations;
  std::map<std::string, std::string> params;  ///< final parameter values as text, for the report
};

}  // namespace gilsim
