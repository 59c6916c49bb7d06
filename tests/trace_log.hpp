// TraceLog: a test sink that keeps every event as a line of text, names included, so that two runs can be
// compared event for event.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "sim/trace/trace.hpp"

namespace gilsim::testing {

class TraceLog final : public TraceSink {
 public:
  void on_event(const TraceEvent& e) override {
    std::ostringstream line;
    line << e.at << ' ' << static_cast<int>(e.kind) << ' ' << e.unit << ' ' << e.process << ' '
         << static_cast<int>(e.state) << ' ' << e.object << ' ' << e.value << ' ' << e.detail << ' '
         << e.duration << ' ' << (e.text ? *e.text : "") << ' ' << (e.label ? *e.label : "");
    lines.push_back(line.str());
  }
  void on_end(Time at) override { lines.push_back("end " + std::to_string(at)); }

  std::vector<std::string> lines;
};

}  // namespace gilsim::testing
