// The gilsim command's exit codes, documented in the README's CLI reference.
#pragma once

namespace gilsim::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;    ///< `test`: some expectation failed
constexpr int kExitBadInput = 2;  ///< a scenario or a flag is malformed (the message says where)
constexpr int kExitDeadlock = 3;  ///< the run ended in a deadlock (the report says who waits on what)
constexpr int kExitRunError = 4;  ///< the scenario did something impossible at run time

}  // namespace gilsim::cli
