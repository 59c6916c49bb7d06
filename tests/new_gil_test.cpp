// NewGil alone, driven by a hand-held clock: the protocol of CPython's take_gil/drop_gil.
#include "scheduler/gil/new_gil.hpp"

#include <gtest/gtest.h>

#include "sim/core/kernel.hpp"

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace gilsim {
namespace {

using namespace time_literals;

/// FakeHost runs the policy's timers on a real kernel; the test moves time forward by hand.
class FakeHost final : public GilHost {
 public:
  Time now() const override { return kernel.now(); }
  FiringKey cursor() const override { return kernel.cursor(); }
  std::uint64_t new_rank() override { return kernel.new_rank(); }
  void time_out_waiter_at(int thread, Time at, std::uint64_t rank) override {
    kernel.arm_periodic(timer(thread), at, Tier::PeriodicFirst, rank);
  }
  void wake_waiter_at(int thread, Time at) override {
    signals.push_back({thread, at});
    kernel.arm(timer(thread), at);
  }
  void cancel_waiter_wake(int thread) override { timer(thread).cancel(); }
  void granted(int thread) override {
    grants.push_back(thread);
    if (when_granted) when_granted(thread);
  }
  void drop_requested(int holder, int) override { drop_requests.push_back(holder); }
  void switched(int thread) override { switches.push_back(thread); }
  void acquired(int thread, bool handoff) override { acquisitions.push_back({thread, handoff}); }
  void released(int, bool forced) override { forced_drops += forced ? 1 : 0; }
  std::uint64_t pick(std::uint64_t) override { return 0; }

  /// advance fires, in order, every wake-up due by `t`, then moves the clock to `t` (what the test does
  /// next happens there).
  void advance(NewGil& gil, Time t) {
    target = &gil;
    while (kernel.fire_next(t)) {
    }
    if (t > kernel.now()) kernel.advance_to(t);
  }

  std::function<void(int)> when_granted;  ///< what a thread does the moment it gets the GIL
  std::vector<int> grants, drop_requests, switches;
  std::vector<std::pair<int, Time>> signals;
  std::vector<std::pair<int, bool>> acquisitions;
  int forced_drops = 0;

 private:
  struct Wake final : TimerOwner {
    Wake(FakeHost& h, int t) : host(h), thread(t), timer(this, 0) {}
    void on_timer(std::uint32_t) override { host.target->on_waiter_wakes(thread); }
    FakeHost& host;
    int thread;
    Timer timer;
  };
  Timer& timer(int thread) {
    auto& w = wakes[thread];
    if (!w) w = std::make_unique<Wake>(*this, thread);
    return w->timer;
  }

  Kernel kernel;  // before the timers: they leave its queue when destroyed
  NewGil* target = nullptr;
  std::map<int, std::unique_ptr<Wake>> wakes;
};

/// Every protocol test runs with both ways of playing the waiters' timeouts.
class NewGilTest : public ::testing::TestWithParam<PeriodicTimers> {};

INSTANTIATE_TEST_SUITE_P(Timeouts, NewGilTest, ::testing::Values(PeriodicTimers::Lazy, PeriodicTimers::Eager),
                         [](const auto& info) {
                           return info.param == PeriodicTimers::Lazy ? "Lazy" : "Eager";
                         });

TEST_P(NewGilTest, FreeGilIsTakenAtOnce) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo, GetParam());
  EXPECT_TRUE(gil.take(1));
  EXPECT_EQ(gil.holder(), 1);
  EXPECT_EQ(gil.switch_number(), 1u);
}

TEST_P(NewGilTest, WaiterAsksForADropOnlyAfterAFullIntervalWithoutSwitch) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo, GetParam());
  gil.take(1);
  EXPECT_FALSE(gil.take(2));
  host.advance(gil, 5_ms - 1);
  EXPECT_FALSE(gil.drop_request_pending());
  host.advance(gil, 5_ms);
  EXPECT_TRUE(gil.drop_request_pending());
  EXPECT_EQ(host.drop_requests, std::vector<int>{1});
}

TEST_P(NewGilTest, ASwitchDuringTheWaitPostponesTheDropRequest) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo, GetParam());
  gil.take(1);
  gil.take(2);  // waits until 5 ms
  host.advance(gil, 1_ms);
  gil.take(3);              // waits until 6 ms
  host.advance(gil, 5_ms);  // 2 asks; 1 drops at its next check
  ASSERT_TRUE(gil.drop_request_pending());
  host.advance(gil, 5_ms + 1_us);
  EXPECT_TRUE(gil.drop(1));  // forced: 1 must wait for the switch
  host.advance(gil, 5_ms + 11_us);
  EXPECT_EQ(gil.holder(), 2);  // FIFO: the longest waiter was signalled
  EXPECT_EQ(host.switches, std::vector<int>{1});
  host.advance(gil, 6_ms);  // 3 times out, but the GIL switched since it began waiting: no request
  EXPECT_FALSE(gil.drop_request_pending());
  EXPECT_EQ(host.drop_requests.size(), 1u);
}

TEST_P(NewGilTest, ForcedDropperCannotRetakeBeforeAnotherThreadHadIt) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo, GetParam());
  gil.take(1);
  gil.take(2);
  host.advance(gil, 5_ms);
  EXPECT_TRUE(gil.drop(1));
  EXPECT_TRUE(host.switches.empty());  // still waiting for 2 to take it
  host.advance(gil, 5_ms + 10_us);
  EXPECT_EQ(host.grants, std::vector<int>{2});
  EXPECT_EQ(host.switches, std::vector<int>{1});
  EXPECT_EQ(host.forced_drops, 1);
  EXPECT_TRUE(host.acquisitions.back().second);  // a hand-off
}

TEST_P(NewGilTest, RunningThreadBargesInBeforeTheSignalledWaiterWakes) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo, GetParam());
  gil.take(1);
  gil.take(2);
  host.advance(gil, 1_ms);
  EXPECT_FALSE(gil.drop(1));  // a voluntary drop (I/O): no drop request was pending
  host.advance(gil, 1_ms + 5_us);
  EXPECT_TRUE(gil.take(1));  // back from a 5 us I/O before 2 woke: the GIL was free
  host.advance(gil, 1_ms + 10_us);
  EXPECT_EQ(gil.holder(), 1);  // 2 woke, found it taken, waits another interval
  host.advance(gil, 6_ms + 10_us);
  EXPECT_TRUE(gil.drop_request_pending());
}

TEST_P(NewGilTest, ExitingHolderDoesNotWaitForASwitch) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo, GetParam());
  gil.take(1);
  gil.take(2);
  host.advance(gil, 5_ms);
  EXPECT_FALSE(gil.drop(1, /*exiting=*/true));
  host.advance(gil, 5_ms + 10_us);
  EXPECT_EQ(gil.holder(), 2);
}

TEST_P(NewGilTest, RetakingByTheSameThreadIsNoSwitch) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo, GetParam());
  gil.take(1);
  gil.take(2);  // waits until 5 ms with switch_number 1
  host.advance(gil, 3_ms);
  EXPECT_FALSE(gil.drop(1));  // a short I/O ...
  EXPECT_TRUE(gil.take(1));   // ... and 1 takes it back before 2 wakes
  EXPECT_EQ(gil.switch_number(), 1u);
  host.advance(gil, 3_ms + 10_us);  // 2 wakes, finds it taken, waits again until 8 ms + 10 us
  host.advance(gil, 8_ms + 10_us);
  EXPECT_TRUE(gil.drop_request_pending());  // no switch in its whole wait: it asks
}

// Threads 2, 3 and 4 began waiting together, so their timeouts fall at the same instant, in rank order.
// 3's timeout finds the GIL free and 3 drops it at once (say, for I/O): the drop signals 4, whose own
// timeout at that instant is still to come, so 4 wakes then and not a hand-off later.
TEST_P(NewGilTest, SignalledWaiterWhoseTimeoutIsStillDueThisInstantWakesNow) {
  FakeHost host;
  NewGil gil(host, 5_ms, 2_ms, WakeupOrder::Fifo, GetParam());
  gil.take(1);
  gil.take(2);
  gil.take(3);
  gil.take(4);
  host.advance(gil, 4_ms);
  gil.drop(1);  // signals 2, who wakes at its timeout (5 ms), before the 2 ms hand-off
  host.when_granted = [&](int thread) {
    if (thread == 3) gil.drop(3);
  };
  host.advance(gil, 5_ms);
  EXPECT_EQ(host.grants, (std::vector<int>{3, 2}));  // 3 at its timeout, then 2 at its signal
  ASSERT_EQ(host.signals.size(), 2u);
  EXPECT_EQ(host.signals[1], (std::pair<int, Time>{4, 5_ms}));
}

}  // namespace
}  // namespace gilsim
