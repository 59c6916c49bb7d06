// Lazy periodic timers against the eager reference: on random programs, both give the same run, event for
// event.
//
// Lazy mode arms only the GIL timeouts and slice ends that can change something (sim/core/timer.hpp). Any
// slip in deciding which ones matter, or in where a skipped firing would have sorted among others due at
// the same instant, shows up here as a first differing trace event. The programs favour round durations
// (multiples of the switch interval, the slice, the hand-off) so that firings tie often.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "sim/api/scene.hpp"
#include "tests/trace_log.hpp"

namespace gilsim {
namespace {

using namespace time_literals;

/// Op is one step of a generated thread.
struct Op {
  enum Kind { Cpu, Native, Io, Sleep, Output, Set, Clear, Wait, Put, Get, Lock, Spawn, Join, Async } kind;
  Time duration = 0;
  int object = 0;
};

/// ProgramMaker draws random machines and thread bodies from one seed.
class ProgramMaker {
 public:
  explicit ProgramMaker(std::uint64_t seed) : rng_(seed) {}

  int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }

  /// duration is mostly a small multiple of a round step (ties), sometimes any number of nanoseconds.
  Time duration(Time step) {
    if (below(4) == 0) return 1 + static_cast<Time>(rng_() % static_cast<std::uint64_t>(4 * step));
    return step / 2 * below(9);
  }

  void machine(Machine& m) {
    m.cores = 1 + below(3);
    m.switch_interval = std::vector<Time>{1_ms, 2_ms, 3_ms, 5_ms}[static_cast<std::size_t>(below(4))];
    m.gil_check = std::vector<Time>{1_us, 250_us, 1_ms}[static_cast<std::size_t>(below(3))];
    m.gil_handoff = std::vector<Time>{0, 15_us, 1_ms}[static_cast<std::size_t>(below(3))];
    m.time_slice = std::vector<Time>{1_ms, 2_ms, 3_ms}[static_cast<std::size_t>(below(3))];
    m.context_switch = std::vector<Time>{0, 2_us, 1_ms}[static_cast<std::size_t>(below(3))];
    m.wakeup = below(2) == 0 ? WakeupOrder::Fifo : WakeupOrder::Random;
    m.seed = rng_();
    m.time_limit = 2_s;
  }

  std::vector<Op> body(Time step, int spawnable) {
    std::vector<Op> ops;
    const int n = 3 + below(10);
    for (int i = 0; i < n; ++i) {
      const int pick = below(20);
      if (pick < 6) {
        ops.push_back({Op::Cpu, duration(step)});
      } else if (pick < 8) {
        ops.push_back({Op::Native, duration(step)});
      } else if (pick < 10) {
        ops.push_back({Op::Io, duration(step)});
      } else if (pick < 11) {
        ops.push_back({Op::Sleep, duration(step)});
      } else if (pick < 12) {
        ops.push_back({Op::Output, 0});
      } else if (pick < 13) {
        ops.push_back({Op::Set, 0, below(2)});
      } else if (pick < 14) {
        ops.push_back({Op::Clear, 0, below(2)});
      } else if (pick < 15) {
        ops.push_back({Op::Wait, duration(step), below(2)});
      } else if (pick < 16) {
        ops.push_back({Op::Put, 0, below(2)});
      } else if (pick < 17) {
        ops.push_back({Op::Get, 0, below(2)});
      } else if (pick < 18) {
        ops.push_back({Op::Lock, duration(step), below(2)});
      } else if (pick < 19 && spawnable >= 0) {
        ops.push_back({Op::Spawn, 0, spawnable});
        ops.push_back({Op::Cpu, duration(step)});
        ops.push_back({Op::Join, 0, spawnable});
        spawnable = -1;
      } else {
        ops.push_back({Op::Async, duration(step)});
      }
    }
    return ops;
  }

 private:
  std::mt19937_64 rng_;
};

void play(Runtime& rt, const std::vector<Op>& ops) {
  for (const Op& op : ops) {
    switch (op.kind) {
      case Op::Cpu:
        rt.cpu(op.duration);
        break;
      case Op::Native:
        rt.native(op.duration);
        break;
      case Op::Io:
        rt.io(op.duration);
        break;
      case Op::Sleep:
        rt.sleep(op.duration);
        break;
      case Op::Output:
        rt.output(".");
        break;
      case Op::Set:
        rt.set(op.object);
        break;
      case Op::Clear:
        rt.clear(op.object);
        break;
      case Op::Wait:
        rt.wait(op.object, op.duration);
        break;
      case Op::Put:
        rt.put(op.object, 1);
        break;
      case Op::Get:
        rt.get(op.object);
        break;
      case Op::Lock:
        rt.acquire(op.object);
        rt.cpu(op.duration);
        rt.release(op.object);
        break;
      case Op::Spawn:
        rt.spawn(op.object);
        break;
      case Op::Join:
        rt.join(op.object);
        break;
      case Op::Async:
        rt.asyncio_run(0);
        break;
    }
  }
}

/// make_scene builds the program of one seed: threads of the main process, sometimes a second process,
/// a spawned thread, and a coroutine with tasks for the threads that run an event loop.
Scene make_scene(std::uint64_t seed) {
  ProgramMaker maker(seed);
  Scene s("fuzz" + std::to_string(seed));
  maker.machine(s.machine());
  const Time step = s.machine().switch_interval;
  s.event("e0").event("e1").queue("q0").queue("q1").lock("l0").lock("l1");
  const Time task_work = maker.duration(step);
  const Time task_nap = maker.duration(step);
  s.coroutine("main", [](Runtime& rt) {
    const std::int64_t a = rt.create_task(1, "a");
    const std::int64_t b = rt.create_task(1, "b");
    rt.async_sleep(1_ms);
    return rt.await_task(a) + rt.await_task(b);
  });
  s.coroutine("worker", [task_work, task_nap](Runtime& rt) {
    for (int i = 0; i < 3; ++i) {
      rt.cpu(task_work);
      rt.async_sleep(task_nap);
    }
    return std::int64_t{1};
  });
  const int spawned = 0;  // the first unit is spawned by whoever draws a Spawn
  const std::vector<Op> child = maker.body(step, -1);
  s.thread(
      "child", [child](Runtime& rt) { play(rt, child); }, Start::Spawn);
  const int threads = 1 + maker.below(maker.below(4) == 0 ? 12 : 6);
  for (int i = 0; i < threads; ++i) {
    const std::vector<Op> ops = maker.body(step, i == 0 ? spawned : -1);
    s.thread("t" + std::to_string(i), [ops](Runtime& rt) { play(rt, ops); });
  }
  if (maker.below(3) == 0) {
    const std::vector<Op> ops = maker.body(step, -1);
    s.process("p", [ops](Runtime& rt) { play(rt, ops); });
  }
  return s;
}

std::vector<std::string> trace_of(const Scene& scene, PeriodicTimers periodic) {
  testing::TraceLog log;
  RunOptions options;
  options.sinks = {&log};
  options.periodic = periodic;
  const Report report = scene.run(options);
  log.lines.push_back("outcome " + std::to_string(static_cast<int>(report.outcome)));
  return log.lines;
}

TEST(PeriodicTimers, LazyAndEagerGiveTheSameRunOnRandomPrograms) {
  std::size_t events = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    const Scene scene = make_scene(seed);
    const std::vector<std::string> eager = trace_of(scene, PeriodicTimers::Eager);
    const std::vector<std::string> lazy = trace_of(scene, PeriodicTimers::Lazy);
    events += eager.size();
    std::size_t i = 0;
    while (i < eager.size() && i < lazy.size() && eager[i] == lazy[i]) ++i;
    ASSERT_TRUE(i == eager.size() && i == lazy.size())
        << "seed " << seed << ": first difference at event " << i
        << "\n  eager: " << (i < eager.size() ? eager[i] : "(end)")
        << "\n  lazy:  " << (i < lazy.size() ? lazy[i] : "(end)");
  }
  EXPECT_GT(events, 100'000u);  // the programs do exercise the engine
}

TEST(PeriodicTimers, LazyAndEagerAgreeOnManyCpuBoundThreads) {
  for (int n : {2, 3, 17}) {
    Scene s("crowd");
    s.machine().cores = 2;
    for (int i = 0; i < n; ++i) s.thread("t" + std::to_string(i), [](Runtime& rt) { rt.cpu(200_ms); });
    EXPECT_EQ(trace_of(s, PeriodicTimers::Eager), trace_of(s, PeriodicTimers::Lazy)) << n << " threads";
  }
}

// A thread alone on its core has no timer pending (no waiter, no slice armed while nobody queues): its
// work must still stop at the time limit, not run ahead past it, and an endless loop must end.
TEST(PeriodicTimers, TheTimeLimitHoldsForALoneThreadInBothModes) {
  Scene s("lone");
  s.machine().cores = 1;
  s.machine().time_limit = 1_s;
  s.thread("spin", [](Runtime& rt) {
    for (;;) rt.cpu(1_ms);
  });
  for (PeriodicTimers periodic : {PeriodicTimers::Eager, PeriodicTimers::Lazy}) {
    const std::vector<std::string> lines = trace_of(s, periodic);
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines[lines.size() - 2], "end " + std::to_string(1_s));
    EXPECT_EQ(lines.back(), "outcome " + std::to_string(static_cast<int>(Outcome::TimeLimit)));
  }
  EXPECT_EQ(trace_of(s, PeriodicTimers::Eager), trace_of(s, PeriodicTimers::Lazy));
}

}  // namespace
}  // namespace gilsim
