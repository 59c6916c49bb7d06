// The TSV trace sink streams every event of a run to a file.
#include "sim/trace/tsv_trace_sink.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "sim/api/scene.hpp"
#include "sim/engine/virtual_engine.hpp"
#include "sim/load/scenario_loader.hpp"

namespace gilsim {
namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// run_to_file plays `scene` with a TSV sink writing to `path` and returns the lines the sink wrote.
std::uint64_t run_to_file(const Scene& scene, const std::string& path) {
  TsvTraceSink sink(path);
  scene.run(RunOptions{{&sink}});
  return sink.lines();
}

/// expect_whole_lines_in_order checks that lines [1, end) (after the header) have every column and
/// non-decreasing times.
void expect_whole_lines_in_order(const std::vector<std::string>& lines, std::size_t end) {
  long long last = 0;
  for (std::size_t i = 1; i < end; ++i) {
    ASSERT_EQ(std::count(lines[i].begin(), lines[i].end(), '\t'), 9) << "line " << i;
    const long long at = std::stoll(lines[i]);
    ASSERT_GE(at, last) << "line " << i;
    last = at;
  }
}

TEST(TsvTraceSink, WritesAHeaderAndOneLinePerEvent) {
  const std::string path = ::testing::TempDir() + "gilsim_trace_test.tsv";
  Scene s("tsv");
  s.thread("A", [](Runtime& rt) { rt.cpu(10 * kMillisecond); });
  s.thread("B", [](Runtime& rt) { rt.cpu(10 * kMillisecond); });
  const std::uint64_t written = run_to_file(s, path);
  const auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), written + 1);
  EXPECT_EQ(lines[0], "time_ns\tkind\tunit\tprocess\tstate\tobject\tvalue\tdetail\tduration_ns\ttext");
  EXPECT_EQ(lines[1], "0\tprocess-start\t-1\t0\t-\t-1\t0\t0\t0\tMainProcess");
  // The first hand-off: B asks at 5 ms, A drops at its next check.
  bool saw_drop_request = false;
  for (const auto& l : lines) saw_drop_request |= l.rfind("5000000\tdrop-request\t1\t0", 0) == 0;
  EXPECT_TRUE(saw_drop_request);
  std::remove(path.c_str());
}

// Lines go to the file in blocks of about a megabyte, written on the writer's thread: a run of many blocks
// comes out whole and in order, and a name longer than a line's fixed part fits as well.
TEST(TsvTraceSink, ManyBlocksAndLongNamesComeOutWholeAndInOrder) {
  const std::string path = ::testing::TempDir() + "gilsim_trace_blocks_test.tsv";
  const std::string long_name(5000, 'x');
  Scene s("tsv");
  s.thread(long_name, [](Runtime& rt) { rt.cpu(60 * kSecond); });
  s.thread("B", [](Runtime& rt) { rt.cpu(60 * kSecond); });
  const std::uint64_t written = run_to_file(s, path);
  const auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), written + 1);
  ASSERT_GT(written, 100'000U);  // several megabytes: many blocks
  expect_whole_lines_in_order(lines, lines.size());
  EXPECT_EQ(lines[2], "0\tunit-start\t0\t0\t-\t-1\t0\t0\t0\t" + long_name);
  std::remove(path.c_str());
}

// Times are written from parts kept between lines (a repeated time, the digits above the last eight):
// every time comes out as the number it is, whatever came before it.
TEST(TsvTraceSink, EveryTimeComesOutAsItsNumber) {
  const std::string path = ::testing::TempDir() + "gilsim_trace_times_test.tsv";
  const std::vector<Time> times = {0,
                                   7,
                                   7,
                                   99'999'999,
                                   100'000'000,
                                   100'000'000,
                                   100'000'001,
                                   199'999'999,
                                   200'000'000,
                                   123'456'789'012,
                                   123'456'789'012,
                                   123'500'000'000,
                                   3'599'998'250'000,
                                   9'223'372'036'854'775'807};
  {
    TsvTraceSink sink(path);
    for (Time at : times) {
      TraceEvent e{TraceKind::State};
      e.at = at;
      e.unit = 0;
      sink.on_event(e);
    }
    sink.on_end(times.back());
  }
  const auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), times.size() + 1);
  for (std::size_t i = 0; i < times.size(); ++i) {
    EXPECT_EQ(lines[i + 1].substr(0, lines[i + 1].find('\t')), std::to_string(times[i])) << "line " << i + 1;
  }
  std::remove(path.c_str());
}

// The whole trace of a small scene, byte for byte: what each event says (its unit, its core or what it
// waits on, its flags), not only the columns the report reads. The file was written before the engine
// stopped building the hand-off's events for the report's own sink; it must not change unless the model
// does.
TEST(TsvTraceSink, ASmallScenesTraceIsAsPinned) {
  const std::string dir = std::string(GILSIM_SOURCE_DIR) + "/tests/data/";
  const std::string path = ::testing::TempDir() + "gilsim_trace_golden_test.tsv";
  {
    TsvTraceSink sink(path);
    RunOptions options;
    options.sinks = {&sink};
    run_virtual(load_scenario_file(dir + "trace_golden.yaml"), options);
  }
  EXPECT_EQ(read_lines(path), read_lines(dir + "trace_golden.tsv"));
  std::remove(path.c_str());
}

// The lines are formatted on the writer's thread, after the run: a sink destroyed without on_end (a run
// that failed) still writes its events whole, their names included, although the run that owned those
// names is gone.
TEST(TsvTraceSink, EventsOutliveTheNamesTheyCarried) {
  const std::string path = ::testing::TempDir() + "gilsim_trace_names_test.tsv";
  {
    TsvTraceSink sink(path);
    std::string name = "a unit whose run is over";
    TraceEvent e{TraceKind::UnitStart};
    e.unit = 4;
    e.process = 0;
    e.text = &name;
    sink.on_event(e);
    name.assign(name.size(), '#');  // the run's name changes (or goes) before the line is written
  }
  const auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[1], "0\tunit-start\t4\t0\t-\t-1\t0\t0\t0\ta unit whose run is over");
  std::remove(path.c_str());
}

/// EventsOnly is a sink that takes whole events only.
class EventsOnly final : public TraceSink {
 public:
  void on_event(const TraceEvent& e) override { events.push_back(e); }
  std::vector<TraceEvent> events;
};

// A sink that knows nothing of a hand-off's own calls gets those events whole, every field in place.
TEST(TraceSink, AHandOffsEventsReachASinkOfWholeEvents) {
  EventsOnly sink;
  TraceSink& any = sink;
  any.on_hot({.kind = TraceKind::CoreAssign, .unit = 3, .process = 1, .object = 2}, 7'000);
  any.on_hot({.kind = TraceKind::State, .unit = 3, .process = 1, .detail = 0, .state = ThreadState::Io},
             8'000);
  ASSERT_EQ(sink.events.size(), 2U);
  const TraceEvent& core = sink.events[0];
  EXPECT_EQ(core.kind, TraceKind::CoreAssign);
  EXPECT_EQ(core.at, 7'000);
  EXPECT_EQ(core.unit, 3);
  EXPECT_EQ(core.process, 1);
  EXPECT_EQ(core.object, 2);
  EXPECT_EQ(core.value, 0);
  EXPECT_EQ(core.duration, 0);
  EXPECT_EQ(core.text, nullptr);
  EXPECT_EQ(sink.events[1].state, ThreadState::Io);
  EXPECT_EQ(sink.events[1].object, -1);
}

// A file that cannot take even the header (a full device) is refused when the sink opens it.
TEST(TsvTraceSink, AFullDeviceIsRefusedAtOnce) {
  try {
    TsvTraceSink sink("/dev/full");
    FAIL() << "the header cannot be written";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write the trace to /dev/full"), std::string::npos)
        << e.what();
  }
}

// A write that fails half-way (here the file size limit, as a full disk would) fails the run with an error
// naming the file, and nothing is written after the failure: the file is a whole prefix of the trace.
TEST(TsvTraceSink, AWriteFailingHalfWayIsAClearError) {
  const std::string path = ::testing::TempDir() + "gilsim_trace_limit_test.tsv";
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &before), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG
  rlimit limited = before;
  limited.rlim_cur = 3 << 20;  // room for two blocks and a half
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  std::string error;
  {
    Scene s("tsv");
    s.thread("A", [](Runtime& rt) { rt.cpu(60 * kSecond); });
    s.thread("B", [](Runtime& rt) { rt.cpu(60 * kSecond); });
    try {
      run_to_file(s, path);
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
  }
  setrlimit(RLIMIT_FSIZE, &before);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_NE(error.find("writing the trace to " + path + " failed"), std::string::npos) << error;
  const auto lines = read_lines(path);
  ASSERT_GT(lines.size(), 1U);
  expect_whole_lines_in_order(lines, lines.size() - 1);  // the last line may be cut by the limit
  std::remove(path.c_str());
}

TEST(TsvTraceSink, AnUnwritablePathIsAClearError) {
  try {
    TsvTraceSink sink("/nonexistent-dir/trace.tsv");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write the trace to /nonexistent-dir/trace.tsv"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace gilsim
