// trace_stream: what streaming the trace to a file costs. Two CPU-bound threads run long enough to emit
// about ten million trace events, with no sink but the report's and with a TSV file sink, three times
// each in turn; the program prints each kind's fastest wall time and the process's peak resident memory.
//
//   build/gilsim_trace_stream [out.tsv] [seconds of work per thread]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "bench/peak_rss.hpp"
#include "bench/positive_arg.hpp"
#include "sim/api/scene.hpp"
#include "sim/trace/tsv_trace_sink.hpp"

namespace {

using namespace gilsim;
using bench::peak_rss_kib;

constexpr int kRounds = 3;

/// CountingSink counts events, to know how many a run emits.
class CountingSink final : public TraceSink {
 public:
  void on_event(const TraceEvent&) override { ++events; }
  std::uint64_t events = 0;
};

double timed_run(const Scene& scene, TraceSink* sink) {
  RunOptions options;
  if (sink) options.sinks.push_back(sink);
  const auto t0 = std::chrono::steady_clock::now();
  scene.run(options);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "/tmp/gilsim_trace.tsv";
  constexpr const char* kUsage =
      "usage: gilsim_trace_stream [out.tsv] [seconds of work per thread, at most 10^6]";
  if (argc > 3) bench::usage_exit(kUsage);
  const Time work = (argc > 2 ? bench::positive_arg(argv[2], 1'000'000, kUsage) : 2600) * kSecond;
  Scene scene("trace_stream");
  scene.machine().time_limit = 4 * work;
  scene.thread("A", [work](Runtime& rt) { rt.cpu(work); });
  scene.thread("B", [work](Runtime& rt) { rt.cpu(work); });

  CountingSink counter;
  timed_run(scene, &counter);
  // The two runs alternate, three times each, and the fastest of each counts: on a shared VM one run's
  // wall time moves by a third from minute to minute, which a single pair turns into its ratio.
  double bare = 0;
  double streamed = 0;
  std::uint64_t lines = 0;
  long rss_bare = 0;
  for (int round = 0; round < kRounds; ++round) {
    const double b = timed_run(scene, nullptr);
    bare = round == 0 ? b : std::min(bare, b);
    if (round == 0) rss_bare = peak_rss_kib();
    TsvTraceSink file(path);
    const double s = timed_run(scene, &file);
    streamed = round == 0 ? s : std::min(streamed, s);
    lines = file.lines();
  }
  std::printf(
      "trace_events=%llu no_sink_s=%.3f file_sink_s=%.3f ratio=%.2f lines=%llu peak_rss_MiB: before=%.1f "
      "after=%.1f\n",
      static_cast<unsigned long long>(counter.events), bare, streamed, streamed / bare,
      static_cast<unsigned long long>(lines), rss_bare / 1024.0, peak_rss_kib() / 1024.0);
  return 0;
}
