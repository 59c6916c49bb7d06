// scale_curve: the cost of the simulated operations as the number of units grows. For N coroutines (each
// sleeping and waking `wakes` times on one event loop: cost per task step) and for N CPU-bound threads
// (each one switch interval of work under one GIL: cost per GIL acquisition), it prints wall time, the
// operations, nanoseconds per operation and the process's peak resident memory. (Engine events are no
// measure: work that nothing can interrupt runs ahead of the clock without one.)
//
//   build/gilsim_scale_curve [max N = 100000] [wakes = 10] [coroutines|threads]   (default: both)
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "bench/peak_rss.hpp"
#include "sim/api/scene.hpp"

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

void report(const char* what, int n, const Report& r, double wall) {
  const std::uint64_t ops = operations(r);
  std::printf("%-10s n=%-8d wall_s=%-8.3f operations=%-10llu ns_per_operation=%-8.1f peak_rss_MiB=%.0f\n",
              what, n, wall, static_cast<unsigned long long>(ops), wall * 1e9 / static_cast<double>(ops),
              static_cast<double>(peak_rss_kib()) / 1024.0);
}

template <typename Build>
void measure(const char* what, int n, Build build) {
  Scene scene(what);
  scene.machine().time_limit = kNever - 1;
  build(scene);
  const auto t0 = std::chrono::steady_clock::now();
  const Report r = scene.run();
  report(what, n, r, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace

int main(int argc, char** argv) {
  const int max_n = argc > 1 ? std::stoi(argv[1]) : 100'000;
  const int wakes = argc > 2 ? std::stoi(argv[2]) : 10;
  const std::string only = argc > 3 ? argv[3] : "";
  for (int n = 10; n <= max_n && only != "threads"; n *= 10) {
    measure("coroutines", n, [n, wakes](Scene& s) {
      s.coroutine("sleeper", [wakes](Runtime& rt) {
        for (int i = 0; i < wakes; ++i) rt.async_sleep(1 * kMillisecond);
        return std::int64_t{0};
      });
      s.coroutine("main", [n](Runtime& rt) {
        std::vector<std::int64_t> tasks;
        tasks.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) tasks.push_back(rt.create_task("sleeper"));
        rt.gather(tasks);
        return std::int64_t{0};
      });
      s.thread("loop", [](Runtime& rt) { rt.asyncio_run("main"); });
    });
  }
  for (int n = 10; n <= max_n && only != "coroutines"; n *= 10) {
    measure("threads", n, [n](Scene& s) {
      for (int i = 0; i < n; ++i)
        s.thread("t" + std::to_string(i), [](Runtime& rt) { rt.cpu(5 * kMillisecond); });
    });
  }
  return 0;
}
