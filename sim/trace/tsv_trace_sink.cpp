#include "sim/trace/tsv_trace_sink.hpp"

#include <cerrno>
#include <cstring>
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
  static char header[] = "time_ns\tkind\tunit\tprocess\tstate\tobject\tvalue\tdetail\tduration_ns\ttext\n";
  std::fputs(header, file_);
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
}

TsvTraceSink::~TsvTraceSink() {
  std::fclose(file_);
}

void TsvTraceSink::on_event(const TraceEvent& e) {
  std::fprintf(file_, "%lld\t%s\t%d\t%d\t%s\t%d\t%lld\t%lld\t%lld\t%s\n", static_cast<long long>(e.at),
               trace_kind_name(e.kind), e.unit, e.process,
               e.kind == TraceKind::State ? state_name(e.state) : "-", e.object,
               static_cast<long long>(e.value), static_cast<long long>(e.detail),
               static_cast<long long>(e.duration), e.text ? e.text->c_str() : "-");
  ++lines_;
}

void TsvTraceSink::on_end(Time /*at*/) {
  std::fflush(file_);
}

}  // namespace gilsim
