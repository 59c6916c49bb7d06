// floor_handoff: the bare mechanics of a GIL hand-off, the floor gilsim's full model is measured against.
//
//   build/gilsim_floor_handoff N [HANDOFFS]
//
// N fibers share a FIFO mutex, each holding it 5 ms of virtual time at a turn (the model is
// bench/floor_sim.hpp): one timer armed and fired and two fibers resumed per hand-off, nothing else. Issue 5
// sets gilsim's goal at a third of this rate, so the figure is measured here, on the machine at hand,
// rather than quoted from elsewhere.
//
// Output, in bench/peers/'s line format:
//   peer=floor n=<N> handoffs=<count> wall_s=<seconds> handoffs_per_s=<rate>
// The wall time covers creating the fibers and the run, not process start.
#include <chrono>
#include <cstdint>
#include <cstdio>

#include "bench/floor_sim.hpp"
#include "bench/handoff_args.hpp"

int main(int argc, char** argv) {
  const auto [n, target] = gilsim::bench::handoff_args(argc, argv, "gilsim_floor_handoff");
  if (n < 2) {
    std::fprintf(stderr, "gilsim_floor_handoff: a hand-off needs two fibers at least (N >= 2)\n");
    return 2;
  }
  std::printf("# floor: FIFO mutex, %lld fibers each holding it 5 ms, std::priority_queue timers\n",
              static_cast<long long>(n));
  std::fflush(stdout);

  const auto start = std::chrono::steady_clock::now();
  gilsim::bench::FloorSim sim(static_cast<int>(n), target);
  const std::int64_t handoffs = sim.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("peer=floor n=%lld handoffs=%lld wall_s=%.3f handoffs_per_s=%.0f\n", static_cast<long long>(n),
              static_cast<long long>(handoffs), wall, wall > 0 ? static_cast<double>(handoffs) / wall : 0.0);
  return 0;
}
