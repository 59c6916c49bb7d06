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
  Time loop_iteration = 5 * kMicrosecond;   ///< one asyncio loop iteration with work (select + bookkeeping)
  Time task_step = 1500;                    ///< resuming one ready coroutine, in ns (Python, holds the GIL)
  Time slow_callback = 100 * kMillisecond;  ///< loop.slow_callback_duration: a longer step is reported
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
  // asyncio (docs/scenarios.md, "coroutines"):
  AsyncioRun,     ///< asyncio.run(coroutine `target`()): run an event loop in this thread until it returns
  CreateTask,     ///< `variable` = asyncio.create_task(coroutine `target`()), named `task_name`
  Await,          ///< `result` = await `awaitable` (a coroutine call runs inline; a task is waited for)
  Cancel,         ///< the task in variable `variable`.cancel()
  AsyncSleep,     ///< await asyncio.sleep(duration); 0 yields to the other ready tasks
  Gather,         ///< await asyncio.gather(*awaitables)
  WaitFor,        ///< await asyncio.wait_for(awaitable, timeout=duration); on timeout run `body`
  RunInExecutor,  ///< `result` = await loop.run_in_executor(executor `target_index`, job `body`)
  Return,         ///< return `value` from the coroutine
};

/// Awaitable is what an await names: a coroutine call (an index into Scenario::coroutines) or a task held
/// in a variable.
struct Awaitable {
  int coroutine = -1;
  std::string task_variable;  ///< set when awaiting a task
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
  std::vector<Step> body;      ///< Repeat, Consume, ForEach, WaitFor (on timeout), RunInExecutor (the job)
  std::int64_t nap_every = 0;  ///< IsPrime in a coroutine: await asyncio.sleep(0) every that many iterations
  std::string task_name;       ///< CreateTask: the task's name (default: the coroutine's, made unique)
  std::string result;          ///< Await, Gather, RunInExecutor: variable bound to the result ("" = none)
  Awaitable awaitable;         ///< Await, WaitFor
  std::vector<Awaitable> awaitables;  ///< Gather
};

/// UnitBody is a unit written in C++ against the Runtime, for tests and embedding.
using UnitBody = std::function<void(Runtime&)>;

/// CoroutineBody is a coroutine written in C++: it may await through the Runtime and returns its result.
using CoroutineBody = std::function<std::int64_t(Runtime&)>;

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

/// SyncKind is whose synchronisation object it is: threading's (one process), multiprocessing's, or
/// asyncio's (one event loop; waiting on it suspends only the coroutine).
enum class SyncKind { Thread, Process, Asyncio };

/// SyncSpec declares an event, queue or lock by name.
struct SyncSpec {
  std::string name;
  SyncKind kind = SyncKind::Thread;
  SourcePos pos;
};

/// CoroutineSpec declares an `async def`: its steps, and what it does when cancelled (its
/// `except CancelledError:` block; the cancellation then goes on).
struct CoroutineSpec {
  std::string name;
  std::string description;
  std::vector<Step> steps;
  std::vector<Step> on_cancel;
  CoroutineBody body;  ///< when set (C++), runs instead of `steps`; returns the coroutine's result
  SourcePos pos;
};

/// ExecutorSpec declares a concurrent.futures pool that coroutines hand work to.
struct ExecutorSpec {
  std::string name;
  SyncKind kind = SyncKind::Thread;  ///< Thread: ThreadPoolExecutor; Process: ProcessPoolExecutor
  int workers = 1;
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
  std::vector<CoroutineSpec> coroutines;
  std::vector<ExecutorSpec> executors;
  std::vector<Expectation> expectations;
  std::map<std::string, std::string> params;  ///< final parameter values as text, for the report
};

}  // namespace gilsim
