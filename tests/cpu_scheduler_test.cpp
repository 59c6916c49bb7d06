// CpuScheduler alone: cores, the FIFO run queue, time slices and context-switch costs.
#include "scheduler/cpu/cpu_scheduler.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace gilsim {
namespace {

using namespace time_literals;

class FakeCpuHost final : public CpuHost {
 public:
  Time now() const override { return clock; }
  FiringKey cursor() const override { return FiringKey::make(clock, Tier::OneShot, 0); }
  std::uint64_t new_rank() override { return ranks++; }
  void arm_slice(int core, Time at, std::uint64_t) override { slices[core] = at; }
  void cancel_slice(int core) override { slices.erase(core); }
  void started(int thread, int core, Time from) override { starts.push_back({thread, core, from}); }
  void preempted(int thread, int) override { preemptions.push_back(thread); }

  struct Start {
    int thread, core;
    Time from;
  };
  Time clock = 0;
  std::uint64_t ranks = 0;
  std::map<int, Time> slices;
  std::vector<Start> starts;
  std::vector<int> preemptions;
};

TEST(CpuScheduler, ThreadsGetFreeCoresThenQueue) {
  FakeCpuHost host;
  CpuScheduler cpu(host, 2, 3_ms, 2_us);
  cpu.request(0);
  cpu.request(1);
  cpu.request(2);
  EXPECT_EQ(cpu.core_of(0), 0);
  EXPECT_EQ(cpu.core_of(1), 1);
  EXPECT_EQ(cpu.core_of(2), -1);
  EXPECT_EQ(cpu.queued(), 1u);
  EXPECT_EQ(host.starts[0].from, 2_us);  // a core changing thread pays the switch
}

TEST(CpuScheduler, SliceExpiryRotatesOnlyWhenSomeoneWaits) {
  FakeCpuHost host;
  CpuScheduler cpu(host, 1, 3_ms, 0, PeriodicTimers::Eager);
  cpu.request(0);
  host.clock = host.slices[0];
  cpu.on_slice(0);
  EXPECT_TRUE(host.preemptions.empty());  // alone: keeps the core
  EXPECT_EQ(host.slices[0], 6_ms);        // Eager: every slice end is armed
  cpu.request(1);
  host.clock = host.slices[0];
  cpu.on_slice(0);
  EXPECT_EQ(host.preemptions, std::vector<int>{0});
  EXPECT_EQ(cpu.core_of(1), 0);
  EXPECT_EQ(cpu.queued(), 1u);
}

TEST(CpuScheduler, LazySlicesAreArmedOnlyWhileSomeoneQueues) {
  FakeCpuHost host;
  CpuScheduler cpu(host, 1, 3_ms, 0);
  cpu.request(0);
  EXPECT_TRUE(host.slices.empty());  // alone: no slice end can change anything
  host.clock = 7_ms;
  cpu.request(1);
  EXPECT_EQ(host.slices[0], 9_ms);  // the slices still fall every 3 ms from when 0 got the core
  host.clock = 9_ms;
  cpu.on_slice(0);
  EXPECT_EQ(host.preemptions, std::vector<int>{0});
  EXPECT_EQ(host.slices[0], 12_ms);  // 0 queues in turn: 1's slice matters
}

TEST(CpuScheduler, LazySliceEndingNowIsStillToCome) {
  FakeCpuHost host;
  CpuScheduler cpu(host, 1, 3_ms, 0);
  cpu.request(0);
  host.clock = 6_ms;  // a one-shot firing at 6 ms sorts before a slice end at 6 ms
  cpu.request(1);
  EXPECT_EQ(host.slices[0], 6_ms);
}

TEST(CpuScheduler, LeavingFreesTheCoreForTheNextInLine) {
  FakeCpuHost host;
  CpuScheduler cpu(host, 1, 3_ms, 2_us);
  cpu.request(0);
  cpu.request(1);
  host.clock = 1_ms;
  cpu.leave(0);
  EXPECT_EQ(cpu.core_of(1), 0);
  EXPECT_EQ(host.starts.back().from, 1_ms + 2_us);
  cpu.leave(1);
  EXPECT_TRUE(host.slices.empty());  // an idle core needs no slice timer
}

TEST(CpuScheduler, AThreadBackOnItsLastCorePaysNoSwitch) {
  FakeCpuHost host;
  CpuScheduler cpu(host, 2, 3_ms, 2_us);
  cpu.request(0);
  cpu.leave(0);
  host.clock = 1_ms;
  cpu.request(0);
  EXPECT_EQ(host.starts.back().from, 1_ms);
}

}  // namespace
}  // namespace gilsim
