// Packed events: what the TSV sink keeps of an event until its writer's thread formats the line.
#include "sim/trace/packed_event.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace gilsim {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

TEST(PackedEvent, EveryFieldComesBackAsItWasAtItsExtremes) {
  const std::string name = "worker-7";
  const std::string empty;
  const std::string long_name(5000, 'x');
  std::vector<TraceEvent> events;
  TraceEvent a{TraceKind::SlowStep};
  a.at = kMax;
  a.unit = std::numeric_limits<int>::max();
  a.process = -1;
  a.object = std::numeric_limits<int>::min();
  a.value = kMin;
  a.detail = kMax;
  a.duration = -5;
  a.text = &long_name;
  a.state = ThreadState::Ended;
  events.push_back(a);
  TraceEvent b{TraceKind::ProcessStart};  // back in time, to 0: the difference is negative
  b.text = &empty;
  events.push_back(b);
  TraceEvent c{TraceKind::State};
  c.at = 5'000'000;
  c.unit = 3;
  c.process = 0;
  c.state = ThreadState::WantsGil;
  c.text = &name;
  events.push_back(c);

  std::vector<char> block(3 * EventPacker::kMaxFixed + long_name.size() + name.size());
  EventPacker packer;
  char* end = block.data();
  for (const TraceEvent& e : events) end = packer.pack(e, end);
  EventUnpacker unpacker(block.data(), end);
  for (const TraceEvent& e : events) {
    PackedEvent p;
    ASSERT_TRUE(unpacker.next(p));
    EXPECT_EQ(p.at, e.at);
    EXPECT_EQ(p.kind, e.kind);
    EXPECT_EQ(p.state, e.state);
    EXPECT_EQ(p.unit, e.unit);
    EXPECT_EQ(p.process, e.process);
    EXPECT_EQ(p.object, e.object);
    EXPECT_EQ(p.value, e.value);
    EXPECT_EQ(p.detail, e.detail);
    EXPECT_EQ(p.duration, e.duration);
    EXPECT_TRUE(p.has_text);
    EXPECT_EQ(p.text, *e.text);
  }
  PackedEvent p;
  EXPECT_FALSE(unpacker.next(p));
}

// An absent text and an empty one are different things: the TSV line writes "-" for the first.
TEST(PackedEvent, AnAbsentTextIsNotAnEmptyOne) {
  const std::string empty;
  TraceEvent none{TraceKind::UnitEnd};
  TraceEvent blank{TraceKind::Mark};
  blank.text = &empty;
  std::vector<char> block(2 * EventPacker::kMaxFixed);
  EventPacker packer;
  char* end = packer.pack(blank, packer.pack(none, block.data()));
  EventUnpacker unpacker(block.data(), end);
  PackedEvent p;
  ASSERT_TRUE(unpacker.next(p));
  EXPECT_FALSE(p.has_text);
  ASSERT_TRUE(unpacker.next(p));
  EXPECT_TRUE(p.has_text);
  EXPECT_EQ(p.text, "");
}

// The usual event of a hand-off (a state change of unit 1 at the instant of the event before: a hand-off
// is eight events at four instants) takes nine bytes, a ninth of a TSV line: the point of packing, since
// every byte crosses from the run's core to the writer's.
TEST(PackedEvent, AHandOffsEventTakesNineBytes) {
  TraceEvent before{TraceKind::GilRelease};
  before.at = 3'600'000'000'000;
  before.unit = 0;
  before.process = 0;
  TraceEvent e{TraceKind::State};
  e.at = before.at;
  e.unit = 1;
  e.process = 0;
  e.state = ThreadState::WantsGil;
  std::vector<char> block(2 * EventPacker::kMaxFixed);
  EventPacker packer;
  char* middle = packer.pack(before, block.data());
  EXPECT_EQ(packer.pack(e, middle) - middle, 9);
}

// A new block starts its times from zero again: the writer reads each block on its own.
TEST(PackedEvent, ARestartedPackerWritesTheTimeWhole) {
  TraceEvent e{TraceKind::Mark};
  e.at = 1'000'000;
  std::vector<char> first(EventPacker::kMaxFixed);
  std::vector<char> second(EventPacker::kMaxFixed);
  EventPacker packer;
  packer.pack(e, first.data());
  packer.restart();
  char* end = packer.pack(e, second.data());
  EventUnpacker unpacker(second.data(), end);
  PackedEvent p;
  ASSERT_TRUE(unpacker.next(p));
  EXPECT_EQ(p.at, 1'000'000);
}

}  // namespace
}  // namespace gilsim
