// The TSV trace sink streams every event of a run to a file.
#include "sim/trace/tsv_trace_sink.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "sim/api/scene.hpp"

namespace gilsim {
namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(TsvTraceSink, WritesAHeaderAndOneLinePerEvent) {
  const std::string path = ::testing::TempDir() + "gilsim_trace_test.tsv";
  Scene s("tsv");
  s.thread("A", [](Runtime& rt) { rt.cpu(10 * kMillisecond); });
  s.thread("B", [](Runtime& rt) { rt.cpu(10 * kMillisecond); });
  std::uint64_t written = 0;
  {
    TsvTraceSink sink(path);
    s.run(RunOptions{{&sink}});
    written = sink.lines();
  }
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
