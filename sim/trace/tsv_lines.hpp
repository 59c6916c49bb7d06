// TsvLines: formats packed trace events as the lines of a TSV trace and writes them to a file.
//
// It runs on TsvTraceSink's writer thread: the run only packs each event (a copy of its fields), and the
// formatting, the sink's larger cost, overlaps the run on another core. The columns:
//   time_ns  kind  unit  process  state  object  value  detail  duration_ns  text
// with names for kinds and states (trace.hpp) and "-" for an absent text.
#pragma once

#include <array>
#include <cstddef>
#include <cstdio>
#include <string_view>

#include "sim/trace/block_writer.hpp"
#include "sim/trace/packed_event.hpp"

namespace gilsim {

/// (Aligned to its own cache lines, and a pair of them: the writer's thread writes its fields at every line,
/// and a neighbour of the run's on the same line made the run a fifth slower.)
class alignas(128) TsvLines {
 public:
  /// TsvLines writes to `file` (not owned).
  explicit TsvLines(std::FILE* file);

  /// write_block formats every event packed in `records` and writes the lines; it returns 0, or the errno
  /// of the first write that failed (the lines after it are not written).
  int write_block(const Block& records);

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  /// kMaxFixedPart bounds what a line writes without its text, copies past its fields included: the
  /// time (a 32-byte copy), the kind and the state (16-byte copies of names under 16 characters), six
  /// numbers of at most 20 characters and the tabs, 173 bytes at most.
  static constexpr std::size_t kMaxFixedPart = 256;
  void add(const PackedEvent& e);
  char* room_for(std::size_t text_size);
  char* put_time(char* out, Time at);
  char* format_time(char* out, Time at);
  void write_out();

  std::FILE* file_;
  Block events_;                                   ///< the block being formatted, copied
  Block text_;                                     ///< lines not yet written
  int error_ = 0;                                  ///< errno of a write that failed
  static constexpr std::ptrdiff_t kTimeCopy = 32;  ///< bytes copied for a repeated time (at most 21 used)
  Time time_ = -1;                                 ///< the time of the latest line
  const char* time_digits_ = nullptr;              ///< the first line at that time, in text_ (or none)
  std::ptrdiff_t time_size_ = 0;
  Time high_ = -1;                      ///< the last time's digits above its last eight, as a number
  std::array<char, 16> high_digits_{};  ///< and as text (at most 11 characters)
  std::ptrdiff_t high_size_ = 0;
};

/// trace_kind_name is the lower-case name of a trace kind, as the TSV file writes it.
const char* trace_kind_name(TraceKind k);

}  // namespace gilsim
