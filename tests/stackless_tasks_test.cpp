// Stackless tasks: a YAML coroutine's task runs as heap frames, without a fiber stack of its own. It must be
// the same run as on a fiber, event for event, and hold no stack.
//
// Random async programs are written as YAML (so the loader checks them as it checks anyone's) and run twice:
// with TaskStacks::WhenNeeded (YAML tasks stackless) and TaskStacks::Always (every task on a fiber, the way
// tasks ran before they could be stackless). Any slip in the suspension protocol — a cancellation raised at
// the wrong point, a wake-up lost or doubled, an item or lock not passed on — shows as a first differing
// trace event.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "sim/api/scene.hpp"
#include "sim/engine/engine.hpp"  // stackless_coroutines
#include "sim/load/scenario_loader.hpp"
#include "tests/trace_log.hpp"

namespace gilsim {
namespace {

using namespace time_literals;

/// AsyncProgramMaker writes a random scenario of one seed: a main coroutine that starts four others as tasks
/// and then awaits, cancels, gathers or times them out; bodies that sleep, compute, use asyncio objects,
/// hand jobs to executors and call later coroutines inline; sometimes a busy thread beside the loop.
class AsyncProgramMaker {
 public:
  explicit AsyncProgramMaker(std::uint64_t seed) : rng_(seed) {}

  std::string yaml() {
    std::string y = "name: fuzz\nmachine: {cores: " + std::to_string(1 + below(2)) +
                    ", switch_interval: " + pick({"1ms", "5ms"}) + ", time_limit: 300ms}\n" +
                    "events: [{name: ae, kind: asyncio}, te]\n"
                    "queues: [{name: aq, kind: asyncio}]\n"
                    "locks: [{name: al, kind: asyncio}]\n"
                    "executors: [{name: pool, kind: " +
                    pick({"thread", "process"}) + ", workers: 2}]\ncoroutines:\n";
    y += "  - name: main\n    steps:\n";
    for (int c = 1; c < kCoroutines; ++c) {
      y += "      - create_task: {coroutine: c" + std::to_string(c) + ", as: t" + std::to_string(c) + "}\n";
    }
    for (int i = 0, n = 2 + below(5); i < n; ++i) y += main_step();
    for (int c = 1; c < kCoroutines; ++c) {
      y += "  - name: c" + std::to_string(c) + "\n    steps:\n";
      body(y, "      ", c, 0);
      if (below(3) == 0) {
        y += pick({"    on_cancel: [{output: cancelled}, {set: ae}]\n",
                   "    on_cancel: [{async_sleep: 1ms}, {output: cancelled}]\n"});
      }
    }
    y += "units:\n  - name: loop\n    steps: [{asyncio_run: main}]\n";
    if (below(2) == 0) {
      y += "  - name: busy\n    steps: [{cpu: " + duration() + "}, {set: te}, {io: " + duration() +
           "}, {cpu: " + duration() + "}]\n";
    }
    return y;
  }

 private:
  static constexpr int kCoroutines = 5;

  int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
  std::string pick(std::initializer_list<const char*> options) {
    return *(options.begin() + below(static_cast<int>(options.size())));
  }
  std::string duration() { return pick({"0s", "1ms", "2ms", "5ms", "250us", "7300us"}); }
  std::string task() { return "$t" + std::to_string(1 + below(kCoroutines - 1)); }

  std::string main_step() {
    switch (below(6)) {
      case 0:
        return "      - await: " + task() + "\n";
      case 1:
        return "      - cancel: " + task() + "\n";
      case 2:
        return "      - gather: [" + task() + ", " + task() + "]\n";
      case 3:
        return "      - wait_for: {await: " + task() + ", timeout: " + duration() +
               ", on_timeout: [{output: late}]}\n";
      case 4:
        return "      - async_sleep: " + duration() + "\n";
      default:
        return "      - put: {queue: aq, value: 1, times: " + std::to_string(below(3)) + "}\n";
    }
  }

  /// body writes the steps of coroutine `c`; it may call coroutines after it inline (never itself).
  void body(std::string& y, const std::string& indent, int c, int depth) {
    for (int i = 0, n = 1 + below(5); i < n; ++i) {
      const int pick_step = below(depth < 2 ? 20 : 16);
      const std::string later = "c" + std::to_string(c + 1 + below(std::max(1, kCoroutines - 1 - c)));
      const bool has_later = c + 1 < kCoroutines;
      y += indent + "- ";
      switch (pick_step) {
        case 0:
        case 1:
          y += "async_sleep: " + duration() + "\n";
          break;
        case 2:
          y += "cpu: " + duration() + "\n";
          break;
        case 3:
          y += "io: " + duration() + "\n";
          break;
        case 4:
          y += "put: {queue: aq, value: " + std::to_string(below(5)) + "}\n";
          break;
        case 5:
          y += "get: {queue: aq, as: v}\n";
          break;
        case 6:
          y += "acquire: al\n" + indent + "- async_sleep: " + duration() + "\n" + indent + "- release: al\n";
          break;
        case 7:
          y += pick({"set: ae", "clear: ae", "wait: ae"}) + std::string("\n");
          break;
        case 8:
          y += "wait: {event: te, timeout: " + duration() + "}\n";
          break;
        case 9:
          y += pick({"to_thread: [{cpu: 2ms}, {io: 1ms}]",
                     "run_in_executor: {executor: pool, steps: [{is_prime: 1000003}], as: p}"}) +
               std::string("\n");
          break;
        case 10:
          y += pick({"is_prime: 1000003", "is_prime: {n: 1000003, nap_every: 100}",
                     "is_prime: {n: 1000003, nap_every: 333}"}) +
               std::string("\n");
          break;
        case 11:
          y += has_later ? "await: {coroutine: " + later + ", as: r}\n" : "output: last\n";
          break;
        case 12:
          y += has_later ? "wait_for: {await: " + later + ", timeout: " + duration() +
                               ", on_timeout: [{output: timed_out}]}\n"
                         : "async_sleep: 0s\n";
          break;
        case 13:
          y += has_later ? "gather: [" + later + "]\n" : "output: alone\n";
          break;
        case 14:
          y += "output: mark\n";
          break;
        case 15:
          y += depth > 0 && below(3) == 0 ? "return: 5\n" : "output: mark\n";
          break;
        case 16:
          y += "for_each:\n" + indent + "    values: [1, 2]\n" + indent + "    as: k\n" + indent +
               "    steps:\n";
          body(y, indent + "      ", c, depth + 1);
          break;
        case 17:
          // (a body of its own: one that puts into the queue it consumes would loop at one instant)
          y += "consume: {queue: aq, as: w, sentinel: 0, steps: [{async_sleep: " + duration() +
               "}, {output: item}]}\n";
          break;
        default:
          y += "repeat:\n" + indent + "    times: " + std::to_string(1 + below(2)) + "\n" + indent +
               "    steps:\n";
          body(y, indent + "      ", c, depth + 1);
          break;
      }
    }
    if (depth == 0 && below(2) == 0) y += indent + "- return: " + std::to_string(below(100)) + "\n";
  }

  std::mt19937_64 rng_;
};

/// Outcome of one run: its trace and how it ended, or the error it failed with.
std::vector<std::string> trace_of(const Scenario& scenario, TaskStacks stacks) {
  testing::TraceLog log;
  RunOptions options;
  options.sinks = {&log};
  options.task_stacks = stacks;
  try {
    const Report report = run_virtual(scenario, options);
    log.lines.push_back("outcome " + std::to_string(static_cast<int>(report.outcome)));
  } catch (const RunError& e) {
    log.lines.push_back(std::string("error ") + e.what());
  }
  return log.lines;
}

std::vector<std::string> expect_same_run(const Scenario& scenario, const std::string& what) {
  const std::vector<std::string> fibers = trace_of(scenario, TaskStacks::Always);
  const std::vector<std::string> stackless = trace_of(scenario, TaskStacks::WhenNeeded);
  std::size_t i = 0;
  while (i < fibers.size() && i < stackless.size() && fibers[i] == stackless[i]) ++i;
  EXPECT_TRUE(i == fibers.size() && i == stackless.size())
      << what << ": first difference at event " << i
      << "\n  fibers:    " << (i < fibers.size() ? fibers[i] : "(end)")
      << "\n  stackless: " << (i < stackless.size() ? stackless[i] : "(end)");
  return stackless;
}

TEST(StacklessTasks, SameRunAsOnFibersOnRandomAsyncPrograms) {
  std::size_t events = 0;
  std::map<std::string, int> endings;  // "outcome 0" (completed), "outcome 1" (deadlock), "error"
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const std::string yaml = AsyncProgramMaker(seed).yaml();
    const std::string file = "fuzz" + std::to_string(seed) + ".yaml";
    Scenario scenario;
    try {
      scenario = load_scenario_text(yaml, file);
    } catch (const std::exception& e) {
      FAIL() << "seed " << seed << " wrote a scenario the loader refuses: " << e.what() << "\n" << yaml;
    }
    const std::vector<std::string> run = expect_same_run(scenario, file + "\n" + yaml);
    events += run.size();
    ++endings[run.back().substr(0, run.back().rfind("error", 0) == 0 ? 5 : std::string::npos)];
  }
  // The programs do exercise the engine, and end in each way: completed, deadlocked, failed (a main task
  // that awaited a cancelled task is cancelled in turn).
  EXPECT_GT(events, 30'000u);
  EXPECT_GT(endings["outcome 0"], 100);
  EXPECT_GT(endings["outcome 1"], 20);
  EXPECT_GT(endings["error"], 10);
}

TEST(StacklessTasks, SameRunAsOnFibersForEveryShippedAsyncScenario) {
  for (const char* file : {"spinner_async", "spinner_async_blocking", "spinner_prime_async",
                           "spinner_prime_async_executor", "spinner_prime_async_nap"}) {
    const Scenario s = load_scenario_file(std::string(GILSIM_SOURCE_DIR) + "/scenarios/" + file + ".yaml");
    expect_same_run(s, file);
  }
}

const char* const kSleepers = R"(coroutines:
  - name: main
    steps:
      - create_task: {coroutine: sleeper, as: t}
      - repeat: {times: 999, steps: [{create_task: {coroutine: sleeper, as: t}}]}
      - await: $t
  - name: sleeper
    steps:
      - repeat: {times: 3, steps: [{async_sleep: 1ms}]}
units:
  - name: loop
    steps: [{asyncio_run: main}]
)";

// A thousand YAML tasks asleep at once hold no stack: only the loop's thread has one.
TEST(StacklessTasks, SuspendedYamlTasksHoldNoStack) {
  const Scenario s = load_scenario_text(kSleepers, "sleepers.yaml");
  const Report stackless = run_virtual(s);
  EXPECT_EQ(stackless.outcome, Outcome::Completed);
  EXPECT_EQ(stackless.peak_stacks, 1u);
  RunOptions fibers;
  fibers.task_stacks = TaskStacks::Always;
  EXPECT_EQ(run_virtual(s, fibers).peak_stacks, 1002u);  // the loop's thread, main and every sleeper
}

// A YAML coroutine that calls a C++ one inline runs on a fiber (the C++ body waits in plain calls), and
// so does its task; the other YAML tasks stay stackless.
TEST(StacklessTasks, ACoroutineThatCallsCppInlineGetsAFiber) {
  Scenario s = load_scenario_text(R"(coroutines:
  - name: main
    steps:
      - create_task: {coroutine: plain, as: p}
      - create_task: {coroutine: caller, as: c}
      - gather: [$p, $c]
  - name: plain
    steps: [{async_sleep: 5ms}]
  - name: caller
    steps:
      - await: {coroutine: cpp, as: r}
      - return: $r
  - name: cpp
    steps: []
units:
  - name: loop
    steps: [{asyncio_run: main}]
)",
                                  "mixed.yaml");
  s.coroutines[3].body = [](Runtime& rt) {
    rt.async_sleep(10_ms);
    return std::int64_t{7};
  };
  EXPECT_EQ(stackless_coroutines(s, TaskStacks::WhenNeeded), (std::vector<bool>{true, true, false, false}));
  const Report r = run_virtual(s);
  EXPECT_EQ(r.outcome, Outcome::Completed);
  EXPECT_EQ(r.peak_stacks, 2u);  // the loop's thread and caller's task, whose C++ call sleeps inside
  expect_same_run(s, "mixed");
}

// The run ends while a stackless task is in the middle of a blocking step (its frames are on the loop
// thread's stack) and while others are suspended: everything is unwound and freed, and the report says
// what each waits on.
TEST(StacklessTasks, TheTimeLimitUnwindsTasksMidStep) {
  Scenario s = load_scenario_text(R"(machine: {time_limit: 50ms}
coroutines:
  - name: main
    steps:
      - create_task: {coroutine: sleeper, as: t}
      - create_task: {coroutine: hog, as: h}
      - await: $h
  - name: sleeper
    steps: [{async_sleep: 1s}]
  - name: hog
    steps:
      - async_sleep: 1ms
      - cpu: 10s
units:
  - name: loop
    steps: [{asyncio_run: main}]
)",
                                  "limit.yaml");
  const Report r = run_virtual(s);
  EXPECT_EQ(r.outcome, Outcome::TimeLimit);
  EXPECT_EQ(r.elapsed, 50_ms);
  expect_same_run(s, "limit");
}

// A deadlock among stackless tasks is reported with what each task waits on.
TEST(StacklessTasks, ADeadlockNamesWhatEachTaskWaitsOn) {
  const Scenario s = load_scenario_text(R"(queues: [{name: inbox, kind: asyncio}]
locks: [{name: door, kind: asyncio}]
coroutines:
  - name: main
    steps:
      - create_task: {coroutine: reader, as: r}
      - acquire: door
      - create_task: {coroutine: knocker, as: k}
      - gather: [$r, $k]
  - name: reader
    steps: [{get: inbox}]
  - name: knocker
    steps: [{acquire: door}]
units:
  - name: loop
    steps: [{asyncio_run: main}]
)",
                                        "stuck.yaml");
  const Report r = run_virtual(s);
  ASSERT_EQ(r.outcome, Outcome::Deadlock);
  std::string waits;
  for (const auto& w : r.deadlock.waiters) waits += w.waits_on + "\n";
  EXPECT_NE(waits.find("task reader waits on asyncio queue inbox (get)"), std::string::npos) << waits;
  EXPECT_NE(waits.find("task knocker waits on asyncio lock door"), std::string::npos) << waits;
  EXPECT_NE(waits.find("task main waits on another task"), std::string::npos) << waits;
}

// An error inside a stackless task names its step, as on a thread.
TEST(StacklessTasks, AnErrorNamesTheStep) {
  const Scenario s = load_scenario_text(R"(locks: [{name: door, kind: asyncio}]
coroutines:
  - name: main
    steps:
      - async_sleep: 1ms
      - release: door
units:
  - name: loop
    steps: [{asyncio_run: main}]
)",
                                        "oops.yaml");
  try {
    run_virtual(s);
    FAIL() << "releasing a free lock must fail";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find("oops.yaml:6:9: unit loop:"), std::string::npos) << e.what();
  }
}

// A thread's long loop of steps that never wait uses the same stack on every turn: each awaited frame runs
// inline and returns, whatever the build's optimisation (a Debug build once needed a tail call per turn).
TEST(StacklessTasks, ALongLoopOnAThreadRunsInBoundedStack) {
  const Scenario s = load_scenario_text(R"(events: [e]
units:
  - name: spin
    steps:
      - repeat: {times: 200000, steps: [{set: e}, {wait: e}, {clear: e}]}
)",
                                        "spin.yaml");
  EXPECT_EQ(run_virtual(s).outcome, Outcome::Completed);
}

}  // namespace
}  // namespace gilsim
