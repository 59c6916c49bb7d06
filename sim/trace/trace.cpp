#include "sim/trace/trace.hpp"

namespace gilsim {

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
