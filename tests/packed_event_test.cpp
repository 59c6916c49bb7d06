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

// Times of any sign and any distance apart come back (the engine's are never negative, but a sink takes
// whatever it is given, as the TSV sink did when it formatted in place).
TEST(PackedEvent, TimesOfAnySignComeBack) {
  const std::vector<Time> times = {kMax, kMin, 0, -1, kMax, -5'000'000, 7};
  std::vector<char> block(times.size() * EventPacker::kMaxFixed);
  EventPacker packer;
  char* end = block.data();
  for (Time at : times) {
    TraceEvent e{TraceKind::State};
    e.at = at;
    end = packer.pack(e, end);
  }
  EventUnpacker unpacker(block.data(), end);
  for (Time at : times) {
    PackedEvent p;
    ASSERT_TRUE(unpacker.next(p));
    EXPECT_EQ(p.at, at);
  }
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
// is eight events at four instants) takes eight bytes, a fifth of its TSV line: the point of packing,
// since every byte crosses from the run's core to the writer's.
TEST(PackedEvent, AHandOffsEventTakesOneWord) {
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
  EXPECT_EQ(packer.pack(e, middle) - middle, 8);
}

/// Edge is an event at the edge of the short form, and whether it is still inside.
struct Edge {
  const char* what;
  TraceEvent event;
  bool short_form;
};

TraceEvent with(Time at, int unit, int object, std::int64_t detail, std::int64_t value = 0) {
  TraceEvent e{TraceKind::GilAcquire};
  e.at = at;
  e.unit = unit;
  e.process = 0;
  e.object = object;
  e.detail = detail;
  e.value = value;
  return e;
}

// Each number just inside the short form and just outside it comes back as it was, in the form it fits.
TEST(PackedEvent, NumbersAtTheShortFormsEdgesComeBackWhole) {
  const std::vector<Edge> edges = {
      {"a time 2^25 - 1 ns after", with((1 << 25) - 1, 0, -1, 0), true},
      {"a time 2^25 ns after", with(1 << 25, 0, -1, 0), false},
      {"unit 254", with(0, 254, -1, 0), true},
      {"unit 255", with(0, 255, -1, 0), false},
      {"object 254", with(0, 0, 254, 0), true},
      {"object -2", with(0, 0, -2, 0), false},
      {"detail 15", with(0, 0, -1, 15), true},
      {"detail 16", with(0, 0, -1, 16), false},
      {"detail -1", with(0, 0, -1, -1), false},
      {"a value", with(0, 0, -1, 0, 1), false},
  };
  for (const Edge& edge : edges) {
    std::vector<char> block(EventPacker::kMaxFixed);
    EventPacker packer;
    char* end = packer.pack(edge.event, block.data());
    EXPECT_EQ(end - block.data() == 8, edge.short_form) << edge.what;
    EventUnpacker unpacker(block.data(), end);
    PackedEvent p;
    ASSERT_TRUE(unpacker.next(p)) << edge.what;
    EXPECT_EQ(p.at, edge.event.at) << edge.what;
    EXPECT_EQ(p.kind, edge.event.kind) << edge.what;
    EXPECT_EQ(p.unit, edge.event.unit) << edge.what;
    EXPECT_EQ(p.process, edge.event.process) << edge.what;
    EXPECT_EQ(p.object, edge.event.object) << edge.what;
    EXPECT_EQ(p.detail, edge.event.detail) << edge.what;
    EXPECT_EQ(p.value, edge.event.value) << edge.what;
    EXPECT_FALSE(p.has_text) << edge.what;
    EXPECT_FALSE(unpacker.next(p)) << edge.what;
  }
}

// A hand-off's event packed from its own fields takes the same bytes as the whole event, in either form.
TEST(PackedEvent, AHandOffsEventPacksAsTheWholeEventWould) {
  const std::vector<HotEvent> events = {
      {.kind = TraceKind::State, .unit = 1, .process = 0, .state = ThreadState::WantsGil},
      {.kind = TraceKind::GilAcquire, .unit = 0, .process = 0, .detail = 1},
      {.kind = TraceKind::CoreAssign, .unit = 300, .process = 0, .object = 1},  // too large: long form
      {.kind = TraceKind::GilRelease, .unit = 2, .process = 5, .detail = 99},   // too large: long form
  };
  const std::vector<Time> times = {5'000'000, 5'000'000, 5'016'000, 3'600'000'000'000};
  std::vector<char> whole(events.size() * EventPacker::kMaxFixed);
  std::vector<char> hot(whole.size());
  EventPacker by_event;
  EventPacker by_fields;
  char* end_whole = whole.data();
  char* end_hot = hot.data();
  for (std::size_t i = 0; i < events.size(); ++i) {
    end_whole = by_event.pack(to_event(events[i], times[i]), end_whole);
    end_hot = by_fields.pack_hot(events[i], times[i], end_hot);
    ASSERT_EQ(end_hot - hot.data(), end_whole - whole.data()) << "event " << i;
  }
  EXPECT_EQ(std::vector<char>(hot.data(), end_hot), std::vector<char>(whole.data(), end_whole));
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
