// ScenarioError: the one exception the loader throws for bad input.
//
// Every complaint about a scenario names the place it was written, so that a person can jump straight to
// it from the terminal: what() reads "file:line:column: message", like a compiler's diagnostics.
#pragma once

#include <stdexcept>
#include <string>

#include "sim/model/scenario.hpp"

namespace gilsim {

/// ScenarioError is bad input: what() is "file:line:column: message" (message says what was expected).
class ScenarioError : public std::runtime_error {
 public:
  /// ScenarioError builds the error for `message` at `pos`.
  ScenarioError(SourcePos pos, const std::string& message);

  /// pos is where the bad input was written (line and column 0 when unknown, e.g. a missing file).
  const SourcePos& pos() const { return pos_; }
  /// message is the explanation without the position prefix.
  const std::string& message() const { return message_; }

 private:
  SourcePos pos_;
  std::string message_;
};

}  // namespace gilsim
