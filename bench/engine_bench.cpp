// Engine micro-benchmarks: fiber switches, the timer queue, GIL hand-offs, and a whole shipped scenario.
// Run: build/gilsim_bench (figures and how to read them: docs/performance.md).
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "bench/fiber_sleepers.hpp"
#include "bench/peak_rss.hpp"
#include "sim/api/scene.hpp"
#include "sim/core/fiber.hpp"
#include "sim/core/kernel.hpp"
#include "sim/engine/virtual_engine.hpp"
#include "sim/load/scenario_loader.hpp"

namespace gilsim {
namespace {

using bench::peak_rss_kib;

// One resume into a fiber and one yield back: the floor under every simulated blocking call.
void BM_FiberSwitch(benchmark::State& state) {
  StackLease stacks(thread_stack_pool());
  bool stop = false;
  Fiber* self = nullptr;
  Fiber fiber(stacks, [&] {
    while (!stop) self->yield();
  });
  self = &fiber;
  for (auto _ : state) fiber.resume();
  stop = true;
  fiber.resume();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FiberSwitch);

// Arming and firing timers with `range(0)` pending: the kernel's hold model.
void BM_KernelHold(benchmark::State& state) {
  struct Owner final : TimerOwner {
    void on_timer(std::uint32_t) override {}
  } owner;
  Kernel kernel;
  std::vector<std::unique_ptr<Timer>> timers;
  for (int i = 0; i < state.range(0); ++i) {
    timers.push_back(std::make_unique<Timer>(&owner, 0));
    kernel.arm(*timers.back(), i);
  }
  std::size_t i = 0;
  for (auto _ : state) {
    kernel.fire_next(kNever);
    kernel.arm_in(*timers[i], static_cast<Time>(timers.size()));
    i = (i + 1) % timers.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KernelHold)->Arg(10)->Arg(100'000);

// N CPU-bound threads under the full new-GIL model: simulated hand-offs per wall second.
void BM_GilHandoffs(benchmark::State& state) {
  const auto threads = static_cast<int>(state.range(0));
  Scene scene("handoffs");
  for (int i = 0; i < threads; ++i) {
    scene.thread("t" + std::to_string(i), [](Runtime& rt) { rt.cpu(1 * kSecond); });
  }
  std::uint64_t handoffs = 0;
  std::uint64_t events = 0;
  for (auto _ : state) {
    const Report r = scene.run();
    handoffs += r.gils[0].handoffs;
    events += r.events;
  }
  state.counters["handoffs/s"] =
      benchmark::Counter(static_cast<double>(handoffs), benchmark::Counter::kIsRate);
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GilHandoffs)->Arg(2)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

// A whole shipped scenario, loaded once and run again and again (the path a sweep takes).
void BM_PrimesThreads(benchmark::State& state) {
  const Scenario s = load_scenario_file(std::string(GILSIM_SOURCE_DIR) + "/scenarios/primes_threads.yaml",
                                        {ParamOverride{"workers", std::to_string(state.range(0))}});
  std::uint64_t events = 0;
  for (auto _ : state) events += run_virtual(s).events;
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PrimesThreads)->Arg(2)->Arg(16)->Unit(benchmark::kMillisecond);

// N coroutines on one event loop, each sleeping and waking `wakes` times: the cost of a task switch, and
// the memory a coroutine holds (its fiber stack, pooled, only while it lives).
void BM_SleepingCoroutines(benchmark::State& state) {
  const auto tasks = static_cast<int>(state.range(0));
  const int wakes = 20;
  Scene scene("coroutines");
  bench::add_fiber_sleepers(scene, tasks, wakes);
  for (auto _ : state) benchmark::DoNotOptimize(scene.run());
  state.counters["task_switches/s"] = benchmark::Counter(static_cast<double>(tasks) * (wakes + 1),
                                                         benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_MiB"] = static_cast<double>(peak_rss_kib()) / 1024.0;
}
BENCHMARK(BM_SleepingCoroutines)->Arg(10'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gilsim
