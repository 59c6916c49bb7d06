// TsvTraceSink: streams every trace event to a file, one tab-separated line each, as it happens.
//
// It keeps nothing but two blocks of lines, one being filled while a BlockWriter writes the other, so a run
// of any length costs constant memory and the file system's time overlaps the run's. The columns:
//   time_ns  kind  unit  process  state  object  value  detail  duration_ns  text
// with names for kinds and states (trace.hpp) and "-" for an empty text.
#pragma once

#include <array>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>

#include "sim/trace/block_writer.hpp"
#include "sim/trace/trace.hpp"

namespace gilsim {

class TsvTraceSink final : public TraceSink {
 public:
  /// TsvTraceSink opens `path` for writing (throws std::runtime_error naming it when it cannot).
  /// on_end throws one when a write failed.
  explicit TsvTraceSink(const std::string& path);
  TsvTraceSink(const TsvTraceSink&) = delete;
  TsvTraceSink& operator=(const TsvTraceSink&) = delete;
  /// ~TsvTraceSink flushes and closes the file. A write error is reported by on_end() only: a sink
  /// destroyed without it (a run that failed) drops what it could not write silently.
  ~TsvTraceSink() override;

  void on_event(const TraceEvent& e) override;
  void on_end(Time at) override;
  /// lines counts the events written.
  std::uint64_t lines() const { return lines_; }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  /// kMaxFixedPart bounds what a line writes without its text, copies past its fields included: the
  /// time (a 32-byte copy), the kind and the state (16-byte copies of names under 16 characters), six
  /// numbers of at most 20 characters and the tabs, 173 bytes at most.
  static constexpr std::size_t kMaxFixedPart = 256;
  char* room_for(std::size_t text_size);
  char* put_time(char* out, Time at);
  char* format_time(char* out, Time at);
  void flush();

  struct CloseFile {
    void operator()(std::FILE* f) const;
  };
  std::unique_ptr<std::FILE, CloseFile> file_;
  Block block_;  ///< lines not yet handed to the writer
  std::uint64_t lines_ = 0;
  static constexpr std::ptrdiff_t kTimeCopy = 32;  ///< bytes copied for a repeated time (at most 21 used)
  Time time_ = -1;                                 ///< the time of the latest line
  const char* time_digits_ = nullptr;              ///< the first line at that time, in block_ (or none)
  std::ptrdiff_t time_size_ = 0;
  Time high_ = -1;                      ///< the last time's digits above its last eight, as a number
  std::array<char, 16> high_digits_{};  ///< and as text (at most 11 characters)
  std::ptrdiff_t high_size_ = 0;
  std::unique_ptr<BlockWriter> writer_;  ///< last: its thread stops before the rest goes
};

/// trace_kind_name is the lower-case name of a trace kind, as the TSV file writes it.
const char* trace_kind_name(TraceKind k);

}  // namespace gilsim
