// TsvTraceSink: streams every trace event to a file, one tab-separated line each, as it happens.
//
// It keeps nothing but a write buffer, so a run of any length costs constant memory. The columns:
//   time_ns  kind  unit  process  state  object  value  detail  duration_ns  text
// with names for kinds and states (trace.hpp) and "-" for an empty text.
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <string>

#include "sim/trace/trace.hpp"

namespace gilsim {

class TsvTraceSink final : public TraceSink {
 public:
  /// TsvTraceSink opens `path` for writing (throws std::runtime_error naming it when it cannot).
  explicit TsvTraceSink(const std::string& path);
  TsvTraceSink(const TsvTraceSink&) = delete;
  TsvTraceSink& operator=(const TsvTraceSink&) = delete;
  /// ~TsvTraceSink flushes and closes the file.
  ~TsvTraceSink() override;

  void on_event(const TraceEvent& e) override;
  void on_end(Time at) override;
  /// lines counts the events written.
  std::uint64_t lines() const { return lines_; }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  void flush();

  std::FILE* file_;
  fmt::memory_buffer buffer_;
  std::uint64_t lines_ = 0;
};

/// trace_kind_name is the lower-case name of a trace kind, as the TSV file writes it.
const char* trace_kind_name(TraceKind k);

}  // namespace gilsim
