// RunError: a failure while a scenario runs.
#pragma once

#include <stdexcept>

namespace gilsim {

/// RunError is bad behaviour at run time (releasing a lock nobody holds, starting a unit twice, a loop that
/// never lets time pass): what() names the unit and, for YAML steps, file:line:column.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace gilsim
