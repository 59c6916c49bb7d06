#include "sim/trace/trace.hpp"

#include <exception>

namespace gilsim {

void Trace::end(Time at) {
  std::exception_ptr first_failure;
  for (TraceSink* s : sinks_) {
    try {
      s->on_end(at);
    } catch (...) {
      if (!first_failure) first_failure = std::current_exception();
    }
  }
  if (first_failure) std::rethrow_exception(first_failure);
}

const char* state_name(ThreadState s) {
  switch (s) {
    case ThreadState::Running:
      return "running";
    case ThreadState::Native:
      return "native";
    case ThreadState::WantsCore:
      return "wants-core";
    case ThreadState::WantsGil:
      return "wants-gil";
    case ThreadState::Io:
      return "io";
    case ThreadState::Sync:
      return "sync";
    case ThreadState::Ended:
      return "ended";
  }
  return "?";
}

}  // namespace gilsim
