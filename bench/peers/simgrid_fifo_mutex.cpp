// The FIFO-mutex GIL model in SimGrid s4u: gilsim's peer for bench/peers/run_peers.sh.
//
//   simgrid_fifo_mutex N [HANDOFFS] [--cfg=...]
//
// N actors on one host share one sg4::Mutex (waiters are served first come, first served). Each actor
// loops: lock, hold for 5 ms of simulated time (sleep_for), unlock. A hand-off is an acquisition by an
// actor other than the previous holder. Once HANDOFFS hand-offs have happened, each actor leaves the
// next time it gets the mutex. Raw contexts with 64 KiB stacks are the default (override with --cfg).
//
// Output: peer=simgrid n=<N> handoffs=<count> wall_s=<seconds> handoffs_per_s=<rate>
// The wall time covers creating the actors and Engine::run(), not platform setup or process start.
#include <simgrid/s4u.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

constexpr double kHold = 0.005;  // seconds of simulated time the mutex is held

struct Shared {
  sg4::MutexPtr gil;
  long long target = 0;
  long long handoffs = 0;
  long long acquisitions = 0;
  int last_holder = -1;
};

long long parse_positive(const char* text) {
  char* end = nullptr;
  const long long v = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || v <= 0) {
    std::fprintf(stderr, "usage: simgrid_fifo_mutex N [HANDOFFS] [--cfg=...]   (positive integers)\n");
    std::exit(2);
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  // Our defaults first, so that a --cfg given on the command line wins.
  std::vector<std::string> args{argv[0], "--cfg=contexts/factory:raw", "--cfg=contexts/stack-size:64",
                                "--log=root.thres:warning"};
  std::vector<const char*> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--", 0) == 0) {
      args.push_back(a);
    } else {
      positional.push_back(argv[i]);
    }
  }
  if (positional.empty() || positional.size() > 2) {
    std::fprintf(stderr, "usage: simgrid_fifo_mutex N [HANDOFFS] [--cfg=...]\n");
    return 2;
  }
  const long long n = parse_positive(positional[0]);
  const long long target = positional.size() == 2 ? parse_positive(positional[1]) : 1'000'000;

  std::vector<char*> cargv;
  for (auto& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  int cargc = static_cast<int>(args.size());
  sg4::Engine engine(&cargc, cargv.data());

  auto* zone = sg4::create_full_zone("world");
  sg4::Host* host = zone->create_host("cpu", 1e9);
  zone->seal();

  Shared shared;
  shared.target = target;

  const auto start = std::chrono::steady_clock::now();
  shared.gil = sg4::Mutex::create();
  for (long long i = 0; i < n; ++i) {
    const int id = static_cast<int>(i);
    sg4::Actor::create("t" + std::to_string(i), host, [&shared, id] {
      for (;;) {
        shared.gil->lock();
        if (shared.handoffs >= shared.target) {
          shared.gil->unlock();
          return;
        }
        ++shared.acquisitions;
        if (shared.last_holder != id) {
          if (shared.last_holder >= 0) ++shared.handoffs;
          shared.last_holder = id;
        }
        sg4::this_actor::sleep_for(kHold);
        shared.gil->unlock();
      }
    });
  }
  engine.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::printf("peer=simgrid n=%lld handoffs=%lld wall_s=%.3f handoffs_per_s=%.0f sim_s=%.1f\n", n,
              shared.handoffs, wall, wall > 0 ? static_cast<double>(shared.handoffs) / wall : 0.0,
              sg4::Engine::get_clock());
  return 0;
}
