// Bad input tests: each broken scenario must fail with a ScenarioError at the right place, saying why.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/load/scenario_loader.hpp"

namespace gilsim {
namespace {

/// BadCase is one broken scenario, where its error must point, and a phrase its message must contain.
struct BadCase {
  const char* name;
  const char* yaml;
  const char* where;   ///< the exact "file:line:column" of the error
  const char* phrase;  ///< a key part of the message
  std::vector<ParamOverride> overrides = {};
};

// Most cases break one thing in an otherwise valid scenario, so the error can only come from that thing.
const BadCase kCases[] = {
    // The document as a whole.
    {"YamlSyntax", "units: [{name: a}\n", "bad.yaml:2:1", "YAML syntax error"},
    {"BadIndentation", "units:\n  - name: a\n   steps: []\n", "bad.yaml:3:4", "YAML syntax error"},
    {"EmptyDocument", "", "bad.yaml:1:1", "the scenario is empty"},
    {"TopLevelList", "- name: a\n", "bad.yaml:1:1", "the scenario expects a map with keys name,"},
    {"TopLevelScalar", "hello\n", "bad.yaml:1:1", "got 'hello'"},
    {"TwoDocuments", "units: [{name: a}]\n---\nunits: [{name: b}]\n", "bad.yaml:3:1", "second one"},
    {"UnknownTopKey", "unit:\n  - name: a\n", "bad.yaml:1:1",
     "unknown key 'unit' in the scenario; expected one of: name, description"},
    {"UnknownTopKeySuggestion", "units: [{name: a}]\nmachin: {}\n", "bad.yaml:2:1",
     "did you mean 'machine'?"},
    {"DuplicateKey", "units: [{name: a}]\nmachine: {cores: 2, cores: 3}\n", "bad.yaml:2:21",
     "key 'cores' appears twice in machine"},
    {"MissingUnits", "name: x\n", "bad.yaml:1:1", "the scenario needs the key 'units'"},
    {"EmptyUnits", "units: []\n", "bad.yaml:1:8", "'units' expects a non-empty list"},
    {"UnitsNotAList", "units: main\n", "bad.yaml:1:8",
     "'units' expects a non-empty list of units, got 'main'"},
    {"BadScenarioName", "name: two words\nunits: [{name: a}]\n", "bad.yaml:1:7",
     "'name' expects letters, digits"},
    {"MultiLineDescription", "description: |\n  one\n  two\nunits: [{name: a}]\n", "bad.yaml:1:14",
     "one line"},

    // machine:
    {"UnknownMachineKey", "machine:\n  cors: 2\nunits: [{name: a}]\n", "bad.yaml:2:3",
     "unknown key 'cors' in machine; expected one of: cores, gil, switch_interval"},
    {"MachineKeySuggestion", "machine:\n  cors: 2\nunits: [{name: a}]\n", "bad.yaml:2:3",
     "did you mean 'cores'?"},
    {"CoresNotInteger", "machine:\n  cores: two\nunits: [{name: a}]\n", "bad.yaml:2:10",
     "'cores' expects an integer >= 1, got 'two'"},
    {"CoresTooMany", "machine: {cores: 9999999999}\nunits: [{name: a}]\n", "bad.yaml:1:18",
     "and at most 2147483647"},
    {"CoresZero", "machine: {cores: 0}\nunits: [{name: a}]\n", "bad.yaml:1:18",
     "'cores' expects an integer >= 1, got '0'"},
    {"CoresFraction", "machine: {cores: 1.5}\nunits: [{name: a}]\n", "bad.yaml:1:18", "got '1.5'"},
    {"CoresEmpty", "machine:\n  cores:\nunits: [{name: a}]\n", "bad.yaml:2:3",
     "'cores' expects an integer >= 1, got nothing"},
    {"SeedNegative", "machine: {seed: -1}\nunits: [{name: a}]\n", "bad.yaml:1:17",
     "'seed' expects an integer >= 0"},
    {"UnknownGil", "machine: {gil: old}\nunits: [{name: a}]\n", "bad.yaml:1:16",
     "'gil' expects 'new', got 'old'"},
    {"UnknownWakeup", "machine: {wakeup: lifo}\nunits: [{name: a}]\n", "bad.yaml:1:19",
     "expects one of fifo, random"},
    {"ZeroSwitchInterval", "machine: {switch_interval: 0ms}\nunits: [{name: a}]\n", "bad.yaml:1:28",
     "a duration > 0"},
    {"NegativeMachineDuration", "machine: {gil_handoff: -5us}\nunits: [{name: a}]\n", "bad.yaml:1:24",
     "a duration >= 0 (like 10ms), got '-5us'"},
    {"MachineDurationWithoutUnit", "machine: {time_slice: 3}\nunits: [{name: a}]\n", "bad.yaml:1:23",
     "expects a duration with a unit"},
    {"MachineNotAMap", "machine: [2]\nunits: [{name: a}]\n", "bad.yaml:1:10",
     "machine expects a map with keys cores"},

    // params: and --set
    {"ParamBadDefault", "params: {n: abc}\nunits: [{name: a}]\n", "bad.yaml:1:13",
     "param 'n' expects an integer, a duration"},
    {"ParamBadName", "params: {2n: 1}\nunits: [{name: a}]\n", "bad.yaml:1:10", "a param name expects a name"},
    {"ParamDuplicate", "params: {n: 1, n: 2}\nunits: [{name: a}]\n", "bad.yaml:1:16",
     "param 'n' is declared twice"},
    {"ParamListOfText", "params: {ns: [1, x]}\nunits: [{name: a}]\n", "bad.yaml:1:18",
     "an item of param 'ns' expects an integer, got 'x'"},
    {"UnknownParam", "machine: {cores: $core}\nparams: {cores: 2}\nunits: [{name: a}]\n", "bad.yaml:1:18",
     "unknown parameter $core in 'cores'; declared params: cores; did you mean 'cores'?"},
    {"ParamWrongType", "params: {d: 5ms}\nmachine: {cores: $d}\nunits: [{name: a}]\n", "bad.yaml:2:18",
     "'cores' expects an integer >= 1, but $d is a duration (5ms)"},
    {"ParamOutOfRange", "params: {c: 0}\nmachine: {cores: $c}\nunits: [{name: a}]\n", "bad.yaml:2:18",
     "got $c = 0"},
    {"ListParamAsDuration", "params: {ns: [1]}\nunits: [{name: a, steps: [{cpu: $ns}]}]\n", "bad.yaml:2:33",
     "'cpu' expects a duration >= 0 (like 10ms), but $ns is a list of integers"},
    {"OverrideUnknownParam",
     "params:\n  workers: 4\nunits: [{name: a}]\n",
     "bad.yaml:2:3",
     "unknown param 'worker'; known params: workers; did you mean 'workers'?",
     {{"worker", "8"}}},
    {"OverrideWithoutParams",
     "units: [{name: a}]\n",
     "bad.yaml:1:1",
     "the scenario declares no params",
     {{"n", "1"}}},
    {"OverrideWrongType",
     "params:\n  workers: 4\nunits: [{name: a}]\n",
     "bad.yaml:2:3",
     "--set workers=two: 'workers' expects an integer, got 'two' (the default is 4)",
     {{"workers", "two"}}},
    {"OverrideDurationWithoutUnit",
     "params:\n  delay: 1ms\nunits: [{name: a}]\n",
     "bad.yaml:2:3",
     "expects a duration with a unit",
     {{"delay", "5"}}},
    {"OverrideNotAList",
     "params:\n  ns: [1, 2]\nunits: [{name: a}]\n",
     "bad.yaml:2:3",
     "'ns' expects a list of integers, got '3'",
     {{"ns", "3"}}},
    {"OverrideBadYaml",
     "params:\n  ns: [1, 2]\nunits: [{name: a}]\n",
     "bad.yaml:2:3",
     "not valid YAML",
     {{"ns", "[1, 2"}}},

    // events:, queues:, locks:
    {"DuplicateEvent", "events: [done, done]\nunits: [{name: a}]\n", "bad.yaml:1:16",
     "event 'done' is declared twice"},
    {"BadSyncKind", "queues: [{name: q, kind: shared}]\nunits: [{name: a}]\n", "bad.yaml:1:26",
     "expects one of thread, process"},
    {"SyncWithoutName", "locks: [{kind: thread}]\nunits: [{name: a}]\n", "bad.yaml:1:9",
     "the lock declaration needs the key 'name'"},
    {"EventsNotAList", "events: done\nunits: [{name: a}]\n", "bad.yaml:1:9",
     "'events' expects a list of event names"},

    // units:
    {"UnitWithoutName", "units:\n  - kind: thread\n", "bad.yaml:2:5", "a unit needs the key 'name'"},
    {"UnitBadName", "units:\n  - name: 2fast\n", "bad.yaml:2:11",
     "'name' expects a name ([A-Za-z_][A-Za-z0-9_]*), got '2fast'"},
    {"DuplicateUnit", "units:\n  - name: a\n  - name: a\n", "bad.yaml:3:5",
     "unit 'a' is declared twice (first at line 2)"},
    {"UnknownUnitKey", "units:\n  - name: a\n    step: []\n", "bad.yaml:3:5",
     "unknown key 'step' in a unit; expected one of: name, kind, count, start, description, steps; did you "
     "mean 'steps'?"},
    {"CountZero", "units:\n  - name: a\n    count: 0\n", "bad.yaml:3:12",
     "'count' expects an integer >= 1, got '0'"},
    {"BadUnitKind", "units:\n  - name: a\n    kind: fiber\n", "bad.yaml:3:11",
     "'kind' expects one of thread, process, got 'fiber'"},
    {"BadStart", "units:\n  - name: a\n    start: later\n", "bad.yaml:3:12",
     "'start' expects one of launch, spawn"},
    {"SpawnedNeverSpawned", "units:\n  - name: a\n  - name: b\n    start: spawn\n", "bad.yaml:4:12",
     "unit 'b' is declared `start: spawn` but no step spawns it"},
    {"StepsNotAList", "units:\n  - name: a\n    steps: {cpu: 1ms}\n", "bad.yaml:3:12",
     "'steps' expects a list of steps, got a map"},

    // Step shapes.
    {"StepWithNoKey", "units:\n  - name: a\n    steps:\n      - {}\n", "bad.yaml:4:9",
     "a step is a map with exactly one step key"},
    {"StepNotAMap", "units:\n  - name: a\n    steps:\n      - cpu\n", "bad.yaml:4:9",
     "like `cpu: 10ms`, got 'cpu'"},
    {"StepWithTwoKeys", "units:\n  - name: a\n    steps:\n      - cpu: 1ms\n        io: 2ms\n",
     "bad.yaml:5:9", "a step has exactly one step key, got 'cpu' and 'io'"},
    {"StepOptionOutside",
     "events: [e]\nunits:\n  - name: a\n    steps:\n      - wait: e\n        timeout: 1ms\n", "bad.yaml:6:9",
     "options go inside the value"},
    {"UnknownStep", "units:\n  - name: a\n    steps:\n      - cpux: 1ms\n", "bad.yaml:4:9",
     "unknown step 'cpux'; expected one of: cpu, is_prime"},
    {"UnknownStepSuggestion", "units:\n  - name: a\n    steps:\n      - slep: 1ms\n", "bad.yaml:4:9",
     "did you mean 'sleep'?"},

    // Step values.
    {"NegativeDuration", "units:\n  - name: a\n    steps:\n      - cpu: -5ms\n", "bad.yaml:4:14",
     "'cpu' expects a duration >= 0 (like 10ms), got '-5ms'"},
    {"DurationWithoutUnit", "units:\n  - name: a\n    steps:\n      - sleep: 5\n", "bad.yaml:4:16",
     "'sleep' expects a duration with a unit (ns, us, ms or s), got '5'"},
    {"DurationBadUnit", "units:\n  - name: a\n    steps:\n      - io: 5 minutes\n", "bad.yaml:4:13",
     "'io' expects a duration >= 0 (like 10ms), got '5 minutes'"},
    {"IntegerTooBig", "units:\n  - name: a\n    steps:\n      - is_prime: 99999999999999999999\n",
     "bad.yaml:4:19", "'is_prime' expects a 64-bit integer, got '99999999999999999999', which is too large"},
    {"IsPrimeText", "units:\n  - name: a\n    steps:\n      - is_prime: big\n", "bad.yaml:4:19",
     "'is_prime' expects an integer, got 'big'"},
    {"WaitUnknownOption",
     "events: [e]\nunits:\n  - name: a\n    steps:\n      - wait: {event: e, timout: 1ms}\n", "bad.yaml:5:26",
     "unknown key 'timout' in wait; expected one of: event, timeout; did you mean 'timeout'?"},
    {"WaitWithoutEvent", "units:\n  - name: a\n    steps:\n      - wait: {timeout: 1ms}\n", "bad.yaml:4:15",
     "wait needs the key 'event'"},
    {"PutValueAndValues",
     "queues: [q]\nunits:\n  - name: a\n    steps:\n      - put: {queue: q, value: 1, values: [2]}\n",
     "bad.yaml:5:14", "put needs exactly one of 'value' (one item) or 'values'"},
    {"PutNoValue", "queues: [q]\nunits:\n  - name: a\n    steps:\n      - put: {queue: q}\n", "bad.yaml:5:14",
     "put needs exactly one of"},
    {"PutTimesWithValues",
     "queues: [q]\nunits:\n  - name: a\n    steps:\n      - put: {queue: q, values: [1], times: 2}\n",
     "bad.yaml:5:45", "'times' repeats a single 'value'"},
    {"PutTimesHuge",
     "queues: [q]\nunits:\n  - name: a\n    steps:\n      - put: {queue: q, value: 0, times: 99999999999}\n",
     "bad.yaml:5:42", "'times' expects an integer from 0 to 1000000, got '99999999999'"},
    {"PutValuesScalar", "queues: [q]\nunits:\n  - name: a\n    steps:\n      - put: {queue: q, values: 3}\n",
     "bad.yaml:5:33", "for a single item use 'value'"},
    {"RepeatTimesAndUntil",
     "events: [e]\nunits:\n  - name: a\n    steps:\n      - repeat: {times: 2, until_set: e, steps: []}\n",
     "bad.yaml:5:17",
     "repeat needs exactly one of 'times' (a count), 'until_set' (an event) or 'forever: true'"},
    {"RepeatWithoutSteps", "units:\n  - name: a\n    steps:\n      - repeat: {times: 2}\n", "bad.yaml:4:17",
     "repeat needs the key 'steps'"},
    {"RepeatNegativeTimes", "units:\n  - name: a\n    steps:\n      - repeat: {times: -1, steps: []}\n",
     "bad.yaml:4:25", "'times' expects an integer >= 0, got '-1'"},
    {"ConsumeZeroSentinels",
     "queues: [q]\nunits:\n  - name: a\n    steps:\n      - consume: {queue: q, sentinels: 0, steps: []}\n",
     "bad.yaml:5:40", "'sentinels' expects an integer >= 1, got '0'"},
    {"ForEachWithoutValues", "units:\n  - name: a\n    steps:\n      - for_each: {as: n, steps: []}\n",
     "bad.yaml:4:19", "for_each needs the key 'values'"},
    {"ForEachValuesScalar", "units:\n  - name: a\n    steps:\n      - for_each: {values: 3, steps: []}\n",
     "bad.yaml:4:28", "'values' expects a list of integers or variables, or a list param, got '3'"},
    {"BadMarkName", "units:\n  - name: a\n    steps:\n      - output: two words\n", "bad.yaml:4:17",
     "'output' expects a name"},

    // Names steps refer to.
    {"UndefinedEvent", "events: [done, ready]\nunits:\n  - name: a\n    steps:\n      - set: dne\n",
     "bad.yaml:5:14", "undefined event 'dne'; declared events: done, ready"},
    {"UndefinedEventSuggestion",
     "events: [done]\nunits:\n  - name: a\n    steps:\n      - wait: {event: dnoe}\n", "bad.yaml:5:23",
     "did you mean 'done'?"},
    {"NoEventsDeclared", "units:\n  - name: a\n    steps:\n      - repeat: {until_set: stop, steps: []}\n",
     "bad.yaml:4:29", "undefined event 'stop'; no events are declared (add it under 'events:')"},
    {"UndefinedQueue", "queues: [jobs]\nunits:\n  - name: a\n    steps:\n      - get: results\n",
     "bad.yaml:5:14", "undefined queue 'results'; declared queues: jobs"},
    {"UndefinedLock", "units:\n  - name: a\n    steps:\n      - acquire: L\n", "bad.yaml:4:18",
     "undefined lock 'L'; no locks are declared"},
    {"UndefinedUnit", "units:\n  - name: a\n    steps:\n      - join: ghost\n", "bad.yaml:4:15",
     "undefined unit 'ghost'; declared units: a"},
    {"SpawnLaunchUnit", "units:\n  - name: a\n    steps: [{spawn: b}]\n  - name: b\n", "bad.yaml:3:21",
     "unit 'b' starts at launch, so no step can spawn it; declare it with `start: spawn`"},
    {"JoinSelf", "units:\n  - name: a\n    steps: [{join: a}]\n", "bad.yaml:3:20",
     "unit 'a' cannot join itself"},

    // Run-time variables.
    {"UnboundVariable", "units:\n  - name: a\n    steps:\n      - is_prime: $n\n", "bad.yaml:4:19",
     "variable $n is not bound here; bind it with `as: n` (get, consume, for_each, await...) or declare a "
     "param"},
    {"VariableOutsideConsume",
     "queues: [q]\nunits:\n  - name: a\n    steps:\n      - consume: {queue: q, as: n, steps: []}\n      - "
     "is_prime: $n\n",
     "bad.yaml:6:19", "variable $n is not bound here"},
    {"VariableOutsideForEach",
     "units:\n  - name: a\n    steps:\n      - for_each: {values: [1], as: n, steps: []}\n      - is_prime: "
     "$n\n",
     "bad.yaml:5:19", "variable $n is not bound here"},
    {"VariableBeforeGet",
     "queues: [q]\nunits:\n  - name: a\n    steps:\n      - put: {queue: q, value: $x}\n      - get: {queue: "
     "q, as: x}\n",
     "bad.yaml:5:32", "variable $x is not bound here"},
    {"VariableFromOtherUnit",
     "queues: [q]\nunits:\n  - name: a\n    steps: [{get: q}]\n  - name: b\n    steps: [{is_prime: $item}]\n",
     "bad.yaml:6:24", "variable $item is not bound here"},
    {"VariableShadowsParam",
     "params: {n: 1}\nqueues: [q]\nunits:\n  - name: a\n    steps: [{get: {queue: q, as: n}}]\n",
     "bad.yaml:5:34", "'as' names a variable, but 'n' is a param"},
    {"VariableWhereParamNeeded", "units:\n  - name: a\n    steps: [{cpu: $t}]\n", "bad.yaml:3:19",
     "unknown parameter $t in 'cpu'; no params are declared"},

    // asyncio: where async steps may be written.
    {"AwaitInUnit",
     "coroutines:\n  - name: c\n    steps: [{cpu: 1ms}]\nunits:\n  - name: a\n    steps:\n      - "
     "asyncio_run: c\n      - await: c\n",
     "bad.yaml:8:9", "'await' is only allowed inside a coroutine (coroutines: c)"},
    {"AsyncSleepWithoutCoroutines", "units:\n  - name: a\n    steps:\n      - async_sleep: 1ms\n",
     "bad.yaml:4:9",
     "'async_sleep' is only allowed inside a coroutine (no coroutines are declared; add them under "
     "'coroutines:')"},
    {"ReturnInUnit", "units:\n  - name: a\n    steps: [{return: 1}]\n", "bad.yaml:3:14",
     "'return' is only allowed inside a coroutine"},
    {"NapEveryInUnit", "units:\n  - name: a\n    steps:\n      - is_prime: {n: 7, nap_every: 10}\n",
     "bad.yaml:4:37", "'nap_every' is only allowed inside a coroutine"},
    {"NapEveryZero",
     "coroutines:\n  - name: c\n    steps:\n      - is_prime: {n: 7, nap_every: 0}\nunits:\n  - name: a\n    "
     "steps: [{asyncio_run: c}]\n",
     "bad.yaml:4:37", "'nap_every' expects an integer >= 1, got '0'"},
    {"AsyncioRunInCoroutine",
     "coroutines:\n  - name: c\n    steps:\n      - asyncio_run: c\nunits:\n  - name: a\n    steps: "
     "[{asyncio_run: c}]\n",
     "bad.yaml:4:9",
     "'asyncio_run' cannot be used inside a coroutine: asyncio.run() cannot be called from a running event "
     "loop"},
    {"AsyncioRunInJob",
     "coroutines:\n  - name: c\n    steps:\n      - to_thread: [{asyncio_run: c}]\nunits:\n  - name: a\n    "
     "steps: [{asyncio_run: c}]\n",
     "bad.yaml:4:22", "'asyncio_run' is only allowed in a unit's steps, not in an executor's job"},
    {"AwaitInJob",
     "coroutines:\n  - name: c\n    steps:\n      - to_thread: [{async_sleep: 1ms}]\nunits:\n  - name: a\n   "
     " steps: [{asyncio_run: c}]\n",
     "bad.yaml:4:22",
     "'async_sleep' is only allowed inside a coroutine; an executor's job runs ordinary steps"},
    {"ReturnInJob",
     "coroutines:\n  - name: c\n    steps:\n      - to_thread: [{return: 1}]\nunits:\n  - name: a\n    "
     "steps: [{asyncio_run: c}]\n",
     "bad.yaml:4:22", "'return' is only allowed inside a coroutine"},

    // asyncio: objects of a loop.
    {"AsyncioEventInUnit",
     "events: [{name: done, kind: asyncio}]\nunits:\n  - name: a\n    steps:\n      - wait: done\n",
     "bad.yaml:5:15", "event 'done' is an asyncio event: only coroutines can wait on it"},
    {"AsyncioQueueInJob",
     "queues: [{name: q, kind: asyncio}]\ncoroutines:\n  - name: c\n    steps:\n      - to_thread: [{get: "
     "q}]\nunits:\n  - name: a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:5:27", "queue 'q' is an asyncio queue: only coroutines can get from it"},
    {"AsyncioEventAsLoopCondition",
     "events: [{name: e, kind: asyncio}]\nunits:\n  - name: a\n    steps:\n      - repeat: {until_set: e, "
     "steps: []}\n",
     "bad.yaml:5:29", "only coroutines can test it"},
    {"AsyncioEventWaitTimeout",
     "events: [{name: e, kind: asyncio}]\ncoroutines:\n  - name: c\n    steps:\n      - wait: {event: e, "
     "timeout: 1s}\nunits:\n  - name: a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:5:35", "asyncio.Event.wait() takes no timeout"},
    {"BadSyncKindSuggestion", "events: [{name: e, kind: asyncoi}]\nunits: [{name: a}]\n", "bad.yaml:1:26",
     "did you mean 'asyncio'?"},

    // asyncio: coroutines and executors.
    {"CoroutinesNotAList", "coroutines: c\nunits: [{name: a}]\n", "bad.yaml:1:13",
     "'coroutines' expects a list of coroutines, got 'c'"},
    {"CoroutineUnknownKey",
     "coroutines:\n  - name: c\n    step: []\nunits:\n  - name: a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:3:5",
     "unknown key 'step' in a coroutine; expected one of: name, description, steps, on_cancel; did you mean "
     "'steps'?"},
    {"DuplicateCoroutine",
     "coroutines:\n  - name: c\n  - name: c\nunits:\n  - name: a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:3:5", "coroutine 'c' is declared twice (first at line 2)"},
    {"UndefinedCoroutine",
     "coroutines:\n  - name: slow\n    steps: []\nunits:\n  - name: a\n    steps: [{asyncio_run: slwo}]\n",
     "bad.yaml:6:27", "undefined coroutine 'slwo'; declared coroutines: slow; did you mean 'slow'?"},
    {"NoCoroutinesDeclared", "units:\n  - name: a\n    steps: [{asyncio_run: c}]\n", "bad.yaml:3:27",
     "undefined coroutine 'c'; no coroutines are declared (add it under 'coroutines:')"},
    {"CoroutineNeverRun",
     "coroutines:\n  - name: c\n    steps: []\n  - name: idle\n    steps: []\nunits:\n  - name: a\n    "
     "steps: [{asyncio_run: c}]\n",
     "bad.yaml:4:11",
     "coroutine 'idle' is never run: no asyncio_run, create_task, await, gather or wait_for names it"},
    {"CoroutineAwaitsItself",
     "coroutines:\n  - name: c\n    steps:\n      - await: c\nunits:\n  - name: a\n    steps: [{asyncio_run: "
     "c}]\n",
     "bad.yaml:4:9", "coroutine 'c' awaits itself (c -> c), so the calls would never end"},
    {"CoroutinesAwaitEachOther",
     "coroutines:\n  - name: a\n    steps: [{await: b}]\n  - name: b\n    steps: [{wait_for: {await: a, "
     "timeout: 1s}}, {await: a}]\nunits:\n  - name: u\n    steps: [{asyncio_run: a}]\n",
     "bad.yaml:5:51", "coroutine 'a' awaits itself (a -> b -> a)"},
    {"DuplicateExecutor", "executors: [p, p]\nunits: [{name: a}]\n", "bad.yaml:1:16",
     "executor 'p' is declared twice"},
    {"ExecutorZeroWorkers", "executors: [{name: p, workers: 0}]\nunits: [{name: a}]\n", "bad.yaml:1:32",
     "'workers' expects an integer >= 1, got '0'"},
    {"ExecutorAsyncioKind", "executors: [{name: p, kind: asyncio}]\nunits: [{name: a}]\n", "bad.yaml:1:29",
     "'kind' expects one of thread, process, got 'asyncio'"},
    {"UndefinedExecutor",
     "executors: [pool]\ncoroutines:\n  - name: c\n    steps:\n      - run_in_executor: {executor: pol, "
     "steps: []}\nunits:\n  - name: a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:5:37", "undefined executor 'pol'; declared executors: pool; did you mean 'pool'?"},
    {"SlowCallbackZero", "machine: {slow_callback: 0ms}\nunits: [{name: a}]\n", "bad.yaml:1:26",
     "'slow_callback' expects a duration > 0"},

    // asyncio: step values and task variables.
    {"AwaitCoroutineAndTask",
     "coroutines:\n  - name: c\n    steps:\n      - await: {coroutine: c, task: $t}\nunits:\n  - name: a\n   "
     " steps: [{asyncio_run: c}]\n",
     "bad.yaml:4:16", "await needs exactly one of 'coroutine' (a call, run inline) or 'task'"},
    {"GatherEmpty",
     "coroutines:\n  - name: c\n    steps:\n      - gather: []\nunits:\n  - name: a\n    steps: "
     "[{asyncio_run: c}]\n",
     "bad.yaml:4:17", "'gather' expects at least one awaitable"},
    {"WaitForWithoutTimeout",
     "coroutines:\n  - name: c\n    steps:\n      - wait_for: {await: c}\nunits:\n  - name: a\n    steps: "
     "[{asyncio_run: c}]\n",
     "bad.yaml:4:19", "wait_for needs the key 'timeout'"},
    {"UnboundTaskVariable",
     "coroutines:\n  - name: c\n    steps:\n      - await: $t\nunits:\n  - name: a\n    steps: "
     "[{asyncio_run: c}]\n",
     "bad.yaml:4:16",
     "task variable $t is not bound here; bind it with `create_task: {coroutine: ..., as: t}`"},
    {"TaskVariableOutOfScope",
     "coroutines:\n  - name: c\n    steps:\n      - repeat: {times: 1, steps: [{create_task: {coroutine: c, "
     "as: t}}]}\n      - cancel: $t\nunits:\n  - name: a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:5:17", "task variable $t is not bound here"},
    {"TaskVariableWithoutDollar",
     "coroutines:\n  - name: c\n    steps:\n      - create_task: c\n      - cancel: c\nunits:\n  - name: a\n "
     "   steps: [{asyncio_run: c}]\n",
     "bad.yaml:5:17",
     "'cancel' expects a task variable like $task (bound by create_task), got 'c'; write $c"},
    {"AwaitAnInteger",
     "queues: [{name: q, kind: asyncio}]\ncoroutines:\n  - name: c\n    steps:\n      - get: {queue: q, as: "
     "t}\n      - await: $t\nunits:\n  - name: a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:6:16", "'await' expects a task variable, but $t holds an integer"},
    {"TaskAsAnInteger",
     "coroutines:\n  - name: c\n    steps:\n      - create_task: c\n      - is_prime: $c\nunits:\n  - name: "
     "a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:5:19", "'is_prime' expects an integer, but $c holds a task (bound by create_task)"},
    {"TaskVariableInJob",
     "coroutines:\n  - name: c\n    steps:\n      - create_task: {coroutine: c, as: t}\n      - to_thread: "
     "[{is_prime: $t}]\nunits:\n  - name: a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:5:32", "variable $t is not bound here"},
    {"OnCancelSeesTopLevelOnly",
     "coroutines:\n  - name: c\n    steps:\n      - for_each: {values: [1], as: n, steps: []}\n    "
     "on_cancel:\n      - is_prime: $n\nunits:\n  - name: a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:6:19", "variable $n is not bound here"},
    {"RepeatForeverInUnit", "units:\n  - name: a\n    steps:\n      - repeat: {forever: true, steps: []}\n",
     "bad.yaml:4:27", "'forever' is only allowed inside a coroutine"},
    {"RepeatForeverFalse",
     "coroutines:\n  - name: c\n    steps:\n      - repeat: {forever: false, steps: []}\nunits:\n  - name: "
     "a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:4:27", "'forever' expects 'true', got 'false'"},
    {"ReturnInOnCancel",
     "coroutines:\n  - name: c\n    steps: [{async_sleep: 1s}]\n    on_cancel:\n      - repeat: {times: 1, "
     "steps: [{return: 1}]}\n"
     "units:\n  - name: a\n    steps: [{asyncio_run: c}]\n",
     "bad.yaml:5:37", "'return' in on_cancel would swallow the cancellation"},
    {"TaskVariableDefaultIsAParam",
     "params: {c: 1}\ncoroutines:\n  - name: c\n    steps:\n      - create_task: c\nunits:\n  - name: a\n    "
     "steps: [{asyncio_run: c}]\n",
     "bad.yaml:5:22", "the task variable defaults to the coroutine's name, but 'c' is a param"},

    // expect:
    {"ExpectationWithoutMetric", "units: [{name: a}]\nexpect:\n  - below: 1s\n", "bad.yaml:3:5",
     "an expectation needs the key 'metric'"},
    {"ExpectationWithoutComparator", "units: [{name: a}]\nexpect:\n  - metric: units.a.cpu\n", "bad.yaml:3:5",
     "an expectation needs exactly one of below, at_most, above, at_least, equals, between; got none"},
    {"ExpectationWithTwoComparators",
     "units: [{name: a}]\nexpect:\n  - {metric: units.a.cpu, below: 1s, above: 0s}\n", "bad.yaml:3:5",
     "exactly one of below, at_most, above, at_least, equals, between; got below and above"},
    {"ExpectationUnknownKey", "units: [{name: a}]\nexpect:\n  - {metric: units.a.cpu, bellow: 1s}\n",
     "bad.yaml:3:27",
     "unknown key 'bellow' in an expectation; expected one of: metric, share_of, below, at_most, above, "
     "at_least, equals, between; did you mean 'below'?"},
    {"ExpectationBadBound", "units: [{name: a}]\nexpect:\n  - {metric: units.a.cpu, below: soon}\n",
     "bad.yaml:3:34", "'below' expects a number, a duration (like 110ms) or true/false, got 'soon'"},
    {"ExpectationBadMetric", "units: [{name: a}]\nexpect:\n  - {metric: units..cpu, below: 1s}\n",
     "bad.yaml:3:14", "'metric' expects a dotted path into the report"},
    {"BetweenOneBound", "units: [{name: a}]\nexpect:\n  - {metric: units.a.cpu, between: [1s]}\n",
     "bad.yaml:3:36", "'between' expects a list of two bounds [low, high], got a list of 1"},
    {"BetweenReversed", "units: [{name: a}]\nexpect:\n  - {metric: units.a.cpu, between: [2s, 1s]}\n",
     "bad.yaml:3:36", "low <= high"},
    {"ExpectNotAList", "units: [{name: a}]\nexpect: {metric: x}\n", "bad.yaml:2:9",
     "'expect' expects a list of expectations"},
};

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, FailsAtThePlaceWithAClearMessage) {
  const BadCase& c = GetParam();
  try {
    load_scenario_text(c.yaml, "bad.yaml", c.overrides);
    FAIL() << "loaded without complaint";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.substr(0, what.find(": ")), c.where) << what;
    EXPECT_NE(what.find(c.phrase), std::string::npos) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, BadInput, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(BadInputFile, MissingFileIsReportedAtLineZero) {
  try {
    load_scenario_file("/nonexistent/dir/none.yaml");
    FAIL() << "opened a file that does not exist";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.pos().line, 0);
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/dir/none.yaml:0:0: cannot open", 0), 0u) << e.what();
  }
}

TEST(BadInputFile, ErrorKeepsItsPositionAndMessage) {
  try {
    load_scenario_text("machine: {cores: x}\nunits: [{name: a}]\n", "f.yaml");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.pos().file, "f.yaml");
    EXPECT_EQ(e.pos().line, 1);
    EXPECT_EQ(e.pos().column, 18);
    EXPECT_EQ(e.message(), "'cores' expects an integer >= 1, got 'x'");
  }
}

}  // namespace
}  // namespace gilsim
