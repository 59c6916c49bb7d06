// NewGil alone, driven by a hand-held clock: the protocol of CPython's take_gil/drop_gil.
#include "scheduler/gil/new_gil.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace gilsim {
namespace {

using namespace time_literals;

/// FakeHost records what the policy asks for; the test advances time and fires wake-ups by hand.
class FakeHost final : public GilHost {
 public:
  Time now() const override { return clock; }
  void wake_waiter_at(int thread, Time at) override { wakeups[thread] = at; }
  void granted(int thread) override { grants.push_back(thread); }
  void drop_requested(int holder, int) override { drop_requests.push_back(holder); }
  void switched(int thread) override { switches.push_back(thread); }
  void acquired(int thread, bool handoff) override { acquisitions.push_back({thread, handoff}); }
  void released(int, bool forced) override { forced_drops += forced ? 1 : 0; }
  std::uint64_t pick(std::uint64_t) override { return 0; }

  /// advance moves the clock to `t` and fires, in time order, every wake-up due by then.
  void advance(NewGil& gil, Time t) {
    for (;;) {
      int next = -1;
      for (const auto& [thread, at] : wakeups) {
        if (at <= t && (next < 0 || at < wakeups[next])) next = thread;
      }
      if (next < 0) break;
      clock = wakeups[next];
      wakeups.erase(next);
      gil.on_waiter_wakes(next);
    }
    clock = t;
  }

  Time clock = 0;
  std::map<int, Time> wakeups;
  std::vector<int> grants, drop_requests, switches;
  std::vector<std::pair<int, bool>> acquisitions;
  int forced_drops = 0;
};

TEST(NewGil, FreeGilIsTakenAtOnce) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo);
  EXPECT_TRUE(gil.take(1));
  EXPECT_EQ(gil.holder(), 1);
  EXPECT_EQ(gil.switch_number(), 1u);
}

TEST(NewGil, WaiterAsksForADropOnlyAfterAFullIntervalWithoutSwitch) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo);
  gil.take(1);
  EXPECT_FALSE(gil.take(2));
  host.advance(gil, 5_ms - 1);
  EXPECT_FALSE(gil.drop_request_pending());
  host.advance(gil, 5_ms);
  EXPECT_TRUE(gil.drop_request_pending());
  EXPECT_EQ(host.drop_requests, std::vector<int>{1});
}

TEST(NewGil, ASwitchDuringTheWaitPostponesTheDropRequest) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo);
  gil.take(1);
  gil.take(2);  // waits until 5 ms
  host.advance(gil, 1_ms);
  gil.take(3);              // waits until 6 ms
  host.advance(gil, 5_ms);  // 2 asks; 1 drops at its next check
  ASSERT_TRUE(gil.drop_request_pending());
  host.clock = 5_ms + 1_us;
  EXPECT_TRUE(gil.drop(1));  // forced: 1 must wait for the switch
  host.advance(gil, 5_ms + 11_us);
  EXPECT_EQ(gil.holder(), 2);  // FIFO: the longest waiter was signalled
  EXPECT_EQ(host.switches, std::vector<int>{1});
  host.advance(gil, 6_ms);  // 3 times out, but the GIL switched since it began waiting: no request
  EXPECT_FALSE(gil.drop_request_pending());
  EXPECT_EQ(host.drop_requests.size(), 1u);
}

TEST(NewGil, ForcedDropperCannotRetakeBeforeAnotherThreadHadIt) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo);
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

TEST(NewGil, RunningThreadBargesInBeforeTheSignalledWaiterWakes) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo);
  gil.take(1);
  gil.take(2);
  host.advance(gil, 1_ms);
  EXPECT_FALSE(gil.drop(1));  // a voluntary drop (I/O): no drop request was pending
  host.clock = 1_ms + 5_us;
  EXPECT_TRUE(gil.take(1));  // back from a 5 us I/O before 2 woke: the GIL was free
  host.advance(gil, 1_ms + 10_us);
  EXPECT_EQ(gil.holder(), 1);  // 2 woke, found it taken, waits another interval
  host.advance(gil, 6_ms + 10_us);
  EXPECT_TRUE(gil.drop_request_pending());
}

TEST(NewGil, ExitingHolderDoesNotWaitForASwitch) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo);
  gil.take(1);
  gil.take(2);
  host.advance(gil, 5_ms);
  EXPECT_FALSE(gil.drop(1, /*exiting=*/true));
  host.advance(gil, 5_ms + 10_us);
  EXPECT_EQ(gil.holder(), 2);
}

}  // namespace
}  // namespace gilsim

namespace gilsim {
namespace {

using namespace time_literals;

TEST(NewGil, RetakingByTheSameThreadIsNoSwitch) {
  FakeHost host;
  NewGil gil(host, 5_ms, 10_us, WakeupOrder::Fifo);
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

}  // namespace
}  // namespace gilsim
