// handoff_rate: simulated GIL hand-offs per wall second, in the line format bench/peers/ uses.
//
//   build/gilsim_handoff_rate N [HANDOFFS]
//
// N CPU-bound threads share one GIL under gilsim's full new-GIL model (timed waits, drop requests,
// forced switching, the core scheduler, the report's statistics), with the default 5 ms switch
// interval. A hand-off happens every 5 ms of work, so the threads are given HANDOFFS x 5 ms of work in
// total (HANDOFFS / N intervals each, at least one); HANDOFFS defaults to 1,000,000.
//
// Output: a '#' header, then
//   peer=gilsim n=<N> handoffs=<count> wall_s=<seconds> handoffs_per_s=<rate> events=<engine events>
// The wall time covers Scene::run() only (building the threads and playing the run), not process start.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/handoff_args.hpp"
#include "sim/api/scene.hpp"

int main(int argc, char** argv) {
  const auto [n, target] = gilsim::bench::handoff_args(argc, argv, "gilsim_handoff_rate");

  gilsim::Scene scene("handoff_rate");
  const gilsim::Time interval = scene.machine().switch_interval;
  // Work per thread: its share of target intervals, at least one interval.
  std::int64_t intervals_each = target / n;
  if (intervals_each < 1) intervals_each = 1;
  const gilsim::Time work = intervals_each * interval;
  // The run must not stop at the default one-hour time limit: allow twice the total work, plus a minute.
  scene.machine().time_limit = 2 * n * work + 60 * gilsim::kSecond;
  for (std::int64_t i = 0; i < n; ++i) {
    scene.thread("t" + std::to_string(i), [work](gilsim::Runtime& rt) { rt.cpu(work); });
  }

  std::printf(
      "# gilsim: full new-GIL model (timed waits, drop requests, forced switching, core scheduler on %d "
      "cores, "
      "statistics); %lld CPU-bound threads x %.3f s of work, switch interval %.1f ms\n",
      scene.machine().cores, static_cast<long long>(n), static_cast<double>(work) / gilsim::kSecond,
      static_cast<double>(interval) / gilsim::kMillisecond);
  std::fflush(stdout);

  const auto start = std::chrono::steady_clock::now();
  const gilsim::Report report = scene.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::uint64_t handoffs = report.gils.empty() ? 0 : report.gils[0].handoffs;
  std::printf("peer=gilsim n=%lld handoffs=%llu wall_s=%.3f handoffs_per_s=%.0f events=%llu\n",
              static_cast<long long>(n), static_cast<unsigned long long>(handoffs), wall,
              wall > 0 ? static_cast<double>(handoffs) / wall : 0.0,
              static_cast<unsigned long long>(report.events));
  if (report.outcome != gilsim::Outcome::Completed) {
    std::fprintf(stderr, "gilsim_handoff_rate: the run did not complete (deadlock or time limit)\n");
    return 1;
  }
  return 0;
}
