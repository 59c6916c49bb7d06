#include "sim/trace/tsv_trace_sink.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <stdexcept>

namespace gilsim {

const char* trace_kind_name(TraceKind k) {
  switch (k) {
    case TraceKind::ProcessStart:
      return "process-start";
    case TraceKind::UnitStart:
      return "unit-start";
    case TraceKind::State:
      return "state";
    case TraceKind::GilAcquire:
      return "gil-acquire";
    case TraceKind::GilRelease:
      return "gil-release";
    case TraceKind::DropRequest:
      return "drop-request";
    case TraceKind::CoreAssign:
      return "core-assign";
    case TraceKind::CoreRelease:
      return "core-release";
    case TraceKind::Mark:
      return "mark";
    case TraceKind::Answer:
      return "answer";
    case TraceKind::UnitEnd:
      return "unit-end";
    case TraceKind::LoopStart:
      return "loop-start";
    case TraceKind::LoopIteration:
      return "loop-iteration";
    case TraceKind::TaskCreate:
      return "task-create";
    case TraceKind::TaskState:
      return "task-state";
    case TraceKind::TaskEnd:
      return "task-end";
    case TraceKind::SlowStep:
      return "slow-step";
  }
  return "?";
}

TsvTraceSink::TsvTraceSink(const std::string& path) : file_(std::fopen(path.c_str(), "w")) {
  if (!file_) throw std::runtime_error("cannot write the trace to " + path + ": " + std::strerror(errno));
  std::fputs("time_ns\tkind\tunit\tprocess\tstate\tobject\tvalue\tdetail\tduration_ns\ttext\n", file_);
  buffer_.reserve(kFlushAt + 512);
}

TsvTraceSink::~TsvTraceSink() {
  flush();
  std::fclose(file_);
}

// Lines are formatted into a memory buffer and written in large blocks: printf-style formatting and a
// stdio call per event cost several times what the engine spends on the event itself.
void TsvTraceSink::on_event(const TraceEvent& e) {
  const auto number = [this](long long v) {
    const fmt::format_int digits(v);
    buffer_.append(digits.data(), digits.data() + digits.size());
    buffer_.push_back('\t');
  };
  const auto text = [this](const char* s, char end) {
    buffer_.append(s, s + std::strlen(s));
    buffer_.push_back(end);
  };
  number(e.at);
  text(trace_kind_name(e.kind), '\t');
  number(e.unit);
  number(e.process);
  text(e.kind == TraceKind::State ? state_name(e.state) : "-", '\t');
  number(e.object);
  number(e.value);
  number(e.detail);
  number(e.duration);
  text(e.text ? e.text->c_str() : "-", '\n');
  ++lines_;
  if (buffer_.size() >= kFlushAt) flush();
}

void TsvTraceSink::on_end(Time /*at*/) {
  flush();
}

void TsvTraceSink::flush() {
  std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
  buffer_.clear();
  std::fflush(file_);
}

}  // namespace gilsim
