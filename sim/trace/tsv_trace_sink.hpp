// TsvTraceSink: streams every trace event to a file, one tab-separated line each (TsvLines), as it happens.
//
// The run only packs each event into a block (EventPacker); full blocks go to a BlockWriter, whose thread
// formats the lines and writes them, so both overlap the run on another core. Nothing is kept but two
// blocks of events, the writer's copy of one and a block of lines: a run of any length costs constant
// memory.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>

#include "sim/trace/block_writer.hpp"
#include "sim/trace/packed_event.hpp"
#include "sim/trace/trace.hpp"
#include "sim/trace/tsv_lines.hpp"

namespace gilsim {

class TsvTraceSink final : public TraceSink {
 public:
  /// TsvTraceSink opens `path` for writing (throws std::runtime_error naming it when it cannot).
  /// on_end throws one when a write failed.
  explicit TsvTraceSink(const std::string& path);
  TsvTraceSink(const TsvTraceSink&) = delete;
  TsvTraceSink& operator=(const TsvTraceSink&) = delete;
  /// ~TsvTraceSink writes what is left and closes the file. A write error is reported by on_end() only: a
  /// sink destroyed without it (a run that failed) drops what it could not write silently.
  ~TsvTraceSink() override;

  void on_event(const TraceEvent& e) override;
  void on_hot(const HotEvent& h, Time at) override;
  void on_end(Time at) override;
  /// lines counts the events taken (each one a line of the file once on_end has returned).
  std::uint64_t lines() const { return lines_; }

 private:
  static constexpr std::size_t kEventBlock = 1 << 20;  ///< bytes of packed events handed over at once
  char* room_for(std::size_t bytes);
  void flush();

  struct CloseFile {
    void operator()(std::FILE* f) const;
  };
  std::unique_ptr<std::FILE, CloseFile> file_;
  Block block_;  ///< events not yet handed to the writer
  EventPacker packer_;
  std::uint64_t lines_ = 0;
  std::unique_ptr<TsvLines> format_;     ///< used on the writer's thread only
  std::unique_ptr<BlockWriter> writer_;  ///< last: its thread stops before the rest goes
};

}  // namespace gilsim
