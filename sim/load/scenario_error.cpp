#include "sim/load/scenario_error.hpp"

#include <utility>

namespace gilsim {
namespace {

/// prefixed writes the "file:line:column: " prefix that editors and terminals recognise.
std::string prefixed(const SourcePos& pos, const std::string& message) {
  return pos.file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message;
}

}  // namespace

ScenarioError::ScenarioError(SourcePos pos, const std::string& message)
    : std::runtime_error(prefixed(pos, message)), pos_(std::move(pos)), message_(message) {}

}  // namespace gilsim
