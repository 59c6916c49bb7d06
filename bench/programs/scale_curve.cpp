// scale_curve: the cost of the simulated operations as the number of units grows. It prints wall time, the
// operations, nanoseconds per operation and the process's peak resident memory for N units of each kind:
//  - coroutines: N YAML coroutines each sleeping and waking `wakes` times on one event loop (cost per task
//    step). They run stackless, as every YAML coroutine does.
//  - fiber-coroutines: the same written as C++ bodies, which run on fibers (a stack each while suspended).
//  - threads: N CPU-bound threads, each one switch interval of work under one GIL (cost per acquisition).
//  - processes: N one-thread processes, each one switch interval of work under its own GIL, all sharing
//    the machine's cores (cost per acquisition: one per process).
//  - floor: no gilsim engine, the bare FIFO mutex of bench/floor_sim.hpp: N fibers each holding it twice,
//    as each of the threads above acquires its GIL about twice (1.6 to 2 times: cost per acquisition). It
//    shows how the machine's own cost of switching among N stacks grows with N, the part of the other curves'
//    growth that no simulator built on stacks avoids.
// (Engine events are no measure: work that nothing can interrupt runs ahead of the clock without one.)
//
// Each size is measured in a process of its own (a child forked for it), so that no size inherits the
// memory an earlier one touched, and two figures are given for it:
//  - first: its first run, in fresh memory, as a one-off `gilsim run` pays it: every page the run's
//    records, frames and stacks touch is new, and on a virtual machine a first touch costs microseconds.
//  - repeated (wall_s, ns_per_operation): the fastest of the runs that follow, as many as fit in about
//    0.3 s (at least 3, at most 49), as a sweep's runs or a test suite's pay it, the memory reused.
// Peak resident memory is the child's, so the size's own.
//
//   build/gilsim_scale_curve [max N = 100000] [wakes = 10]
//                            [coroutines|fiber-coroutines|threads|processes|floor] (all kinds by default)
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/fiber_sleepers.hpp"
#include "bench/floor_sim.hpp"
#include "bench/peak_rss.hpp"
#include "bench/positive_arg.hpp"
#include "sim/api/scene.hpp"
#include "sim/load/scenario_loader.hpp"

namespace {

using namespace gilsim;
using bench::peak_rss_kib;

/// operations counts what a run did: task steps on its loops, or else GIL acquisitions.
std::uint64_t operations(const Report& r) {
  std::uint64_t steps = 0;
  for (const TaskStats& t : r.tasks) steps += t.steps;
  if (steps > 0) return steps;
  std::uint64_t acquisitions = 0;
  for (const GilStats& g : r.gils) acquisitions += g.acquisitions;
  return acquisitions;
}

void report(const char* what, int n, std::uint64_t operations, double first, double repeated) {
  const auto per_op = [operations](double wall) { return wall * 1e9 / static_cast<double>(operations); };
  std::printf(
      "%-16s n=%-8d first_s=%-8.3f first_ns_per_operation=%-9.1f wall_s=%-8.3f ns_per_operation=%-8.1f "
      "operations=%-10llu peak_rss_MiB=%.0f\n",
      what, n, first, per_op(first), repeated, per_op(repeated), static_cast<unsigned long long>(operations),
      static_cast<double>(peak_rss_kib()) / 1024.0);
}

/// Timed is one run's wall time and the operations it made.
struct Timed {
  double wall;
  std::uint64_t operations;
};

/// seconds_since is the wall time from `t0` to now.
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// run_scenario runs `scenario` once into `r`, timing the run alone (not the checks, nor freeing the
/// report of the run before).
Timed run_scenario(const char* what, const Scenario& scenario, Report& r) {
  r = Report{};  // the last run's report must not add to this run's peak memory
  const auto t0 = std::chrono::steady_clock::now();
  r = run_virtual(scenario);
  const double wall = seconds_since(t0);
  for (const TaskStats& t : r.tasks) {
    if (t.state != "finished")
      throw std::runtime_error(fmt::format("{}: task {} is {}", what, t.name, t.state));
  }
  return Timed{wall, operations(r)};
}

/// kRepeats is about how long the repeated runs of one size take, in seconds: a run of a few hundred
/// microseconds is timed as much by the VM's moods as by the engine, so the fastest of many is taken.
constexpr double kRepeats = 0.3;
constexpr int kMinRepeats = 3;
constexpr int kMaxRepeats = 49;

/// measure_here reports the first run of `run_once` (which times itself: a Timed) and the fastest of the
/// repeats.
template <typename RunOnce>
void measure_here(const char* what, int n, RunOnce run_once) {
  const Timed first = run_once();
  Timed last = run_once();
  double fastest = last.wall;
  double spent = last.wall;
  for (int runs = 1; runs < kMaxRepeats && (runs < kMinRepeats || spent < kRepeats); ++runs) {
    last = run_once();
    fastest = std::min(fastest, last.wall);
    spent += last.wall;
  }
  report(what, n, first.operations, first.wall, fastest);
}

/// measure_scenario measures the runs of the scenario `make` builds (built once, before the first run).
template <typename MakeScenario>
void measure_scenario(const char* what, int n, MakeScenario make) {
  const Scenario scenario = make();
  Report r;
  measure_here(what, n, [&] { return run_scenario(what, scenario, r); });
}

/// in_child runs `measure_size` in a child process and waits for it; a child that fails ends the program.
template <typename MeasureSize>
void in_child(const char* what, int n, MeasureSize measure_size) {
  std::fflush(stdout);  // or the child would print the parent's buffered lines again
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    int code = 0;
    try {
      measure_size();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gilsim_scale_curve: %s\n", e.what());
      code = 1;
    }
    std::fflush(stdout);
    _exit(code);
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "gilsim_scale_curve: the run of %d %s failed\n", n, what);
    std::exit(1);
  }
}

/// measure measures, in a child process, the runs of the scenario `make` builds.
template <typename MakeScenario>
void measure(const char* what, int n, MakeScenario make) {
  in_child(what, n, [what, n, &make] { measure_scenario(what, n, make); });
}

/// scene_of makes the scenario of a Scene that `build` fills.
template <typename Build>
Scenario scene_of(const char* what, Build build) {
  Scene scene(what);
  scene.machine().time_limit = kNever - 1;
  build(scene);
  return scene.scenario();
}

/// sleepers is the YAML scene: main starts n sleepers and awaits the last one, which ends last (all sleep
/// alike and the ready queue is FIFO); the check below makes sure no sleeper was left to be cancelled.
Scenario sleepers(int n, int wakes) {
  return load_scenario_text(fmt::format(R"(machine: {{time_limit: 1000000s}}
coroutines:
  - name: main
    steps:
      - create_task: {{coroutine: sleeper, as: t}}
      - repeat: {{times: {}, steps: [{{create_task: {{coroutine: sleeper, as: t}}}}]}}
      - await: $t
  - name: sleeper
    steps:
      - repeat: {{times: {}, steps: [{{async_sleep: 1ms}}]}}
units:
  - name: loop
    steps: [{{asyncio_run: main}}]
)",
                                        n - 1, wakes),
                            "sleepers.yaml");
}

constexpr const char* kUsage =
    "usage: gilsim_scale_curve [MAX_N] [WAKES] [coroutines|fiber-coroutines|threads|processes|floor]\n"
    "       (MAX_N and WAKES: positive integers up to 10,000,000)";

}  // namespace

int main(int argc, char** argv) {
  const auto max_n = static_cast<int>(argc > 1 ? bench::positive_arg(argv[1], 10'000'000, kUsage) : 100'000);
  const auto wakes = static_cast<int>(argc > 2 ? bench::positive_arg(argv[2], 10'000'000, kUsage) : 10);
  const std::string only = argc > 3 ? argv[3] : "";
  const std::vector<std::string> kinds = {"coroutines", "fiber-coroutines", "threads", "processes", "floor"};
  if (argc > 4 || (!only.empty() && std::find(kinds.begin(), kinds.end(), only) == kinds.end())) {
    std::fprintf(stderr,
                 "gilsim_scale_curve: the kind is one of coroutines, fiber-coroutines, threads, processes, "
                 "floor\n");
    return 2;
  }
  const auto wanted = [&only](const char* kind) { return only.empty() || only == kind; };
  for (int n = 10; n <= max_n && wanted("coroutines"); n *= 10) {
    measure("coroutines", n, [n, wakes] { return sleepers(n, wakes); });
  }
  for (int n = 10; n <= max_n && wanted("fiber-coroutines"); n *= 10) {
    measure("fiber-coroutines", n, [n, wakes] {
      return scene_of("fiber-coroutines", [n, wakes](Scene& s) { bench::add_fiber_sleepers(s, n, wakes); });
    });
  }
  for (int n = 10; n <= max_n && wanted("threads"); n *= 10) {
    measure("threads", n, [n] {
      return scene_of("threads", [n](Scene& s) {
        for (int i = 0; i < n; ++i)
          s.thread("t" + std::to_string(i), [](Runtime& rt) { rt.cpu(5 * kMillisecond); });
      });
    });
  }
  for (int n = 10; n <= max_n && wanted("processes"); n *= 10) {
    measure("processes", n, [n] {
      return scene_of("processes", [n](Scene& s) {
        s.process(
            "p", [](Runtime& rt) { rt.cpu(5 * kMillisecond); }, Start::Launch, n);
      });
    });
  }
  for (int n = 10; n <= max_n && wanted("floor"); n *= 10) {
    in_child("floor", n, [n] {
      measure_here("floor", n, [n] {
        const auto t0 = std::chrono::steady_clock::now();  // making the fibers counts, as making threads does
        bench::FloorSim sim(n, bench::FloorSim::kEndless, 2);
        sim.run();
        return Timed{seconds_since(t0), static_cast<std::uint64_t>(sim.acquisitions())};
      });
    });
  }
  return 0;
}
