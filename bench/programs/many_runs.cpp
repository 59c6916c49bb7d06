// many_runs: the cost of a sweep. 1,000 independent runs of primes_threads — workers 1, 2, 4, 8, 16 x switch
// interval 0.1 .. 100 ms x cores 1, 2, 4, 8 x 5 seeds — on every core of this machine, in one process, each
// parameter variant loaded once and reused (the path a `gilsim sweep` command will take).
//
//   build/gilsim_many_runs [scenario] [threads]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "sim/engine/virtual_engine.hpp"
#include "sim/load/scenario_loader.hpp"

namespace {

using namespace gilsim;

struct Run {
  const Scenario* variant;
  Time interval;
  int cores;
  std::uint64_t seed;
};

/// grid lists the 1,000 runs over the loaded variants (one per worker count).
std::vector<Run> grid(const std::vector<Scenario>& variants) {
  const Time us = kMicrosecond;
  const std::vector<Time> intervals = {100 * us,  200 * us,   500 * us,   1000 * us,  2000 * us,
                                       5000 * us, 10000 * us, 20000 * us, 50000 * us, 100000 * us};
  std::vector<Run> runs;
  for (const Scenario& v : variants) {
    for (Time interval : intervals) {
      for (int cores : {1, 2, 4, 8}) {
        for (std::uint64_t seed = 1; seed <= 5; ++seed) runs.push_back(Run{&v, interval, cores, seed});
      }
    }
  }
  return runs;
}

/// run_one plays one point of the grid on a private copy of the machine.
Time run_one(const Run& r) {
  Scenario s = *r.variant;
  s.machine.switch_interval = r.interval;
  s.machine.cores = r.cores;
  s.machine.seed = r.seed;
  s.machine.wakeup = WakeupOrder::Random;  // so that seeds matter
  return run_virtual(s).elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string file = argc > 1 && argv[1][0] != '\0'
                               ? std::string(argv[1])
                               : std::string(GILSIM_SOURCE_DIR) + "/scenarios/primes_threads.yaml";
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::stoul(argv[2]))
                                    : std::max(1u, std::thread::hardware_concurrency());
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<Scenario> variants;
  for (int workers : {1, 2, 4, 8, 16}) {
    variants.push_back(load_scenario_file(file, {ParamOverride{"workers", std::to_string(workers)}}));
  }
  const std::vector<Run> runs = grid(variants);
  std::vector<Time> elapsed(runs.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i) {
    pool.emplace_back([&] {
      for (std::size_t k = next++; k < runs.size(); k = next++) elapsed[k] = run_one(runs[k]);
    });
  }
  for (auto& t : pool) t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto [lo, hi] = std::minmax_element(elapsed.begin(), elapsed.end());
  std::printf("runs=%zu threads=%u wall_s=%.3f runs_per_s=%.0f simulated_s=[%.2f, %.2f]\n", runs.size(),
              threads, wall, static_cast<double>(runs.size()) / wall, to_seconds(*lo), to_seconds(*hi));
  return 0;
}
