// GilTraceRecorder: a test sink that keeps what the GIL did, so tests can check hold times and waits.
#pragma once

#include <vector>

#include "sim/trace/trace.hpp"

namespace gilsim::testing {

class GilTraceRecorder final : public TraceSink {
 public:
  struct Hold {
    int unit;
    Time from;
    Time to;  ///< -1 while held
  };
  struct Wait {
    int unit;
    Time from;
    Time to;
  };

  void on_event(const TraceEvent& e) override {
    if (e.kind == TraceKind::GilAcquire) {
      holds.push_back(Hold{e.unit, e.at, -1});
      close_wait(e.unit, e.at);
    } else if (e.kind == TraceKind::GilRelease) {
      if (!holds.empty() && holds.back().to < 0) holds.back().to = e.at;
    } else if (e.kind == TraceKind::State && e.state == ThreadState::WantsGil) {
      open_waits.push_back(Wait{e.unit, e.at, -1});
    }
  }

  /// waits_of lists the completed GIL waits of one unit (from wanting the GIL to taking it).
  std::vector<Wait> waits_of(int unit) const {
    std::vector<Wait> out;
    for (const Wait& w : waits) {
      if (w.unit == unit) out.push_back(w);
    }
    return out;
  }

  std::vector<Hold> holds;
  std::vector<Wait> waits;

 private:
  void close_wait(int unit, Time at) {
    for (auto it = open_waits.begin(); it != open_waits.end(); ++it) {
      if (it->unit == unit) {
        waits.push_back(Wait{unit, it->from, at});
        open_waits.erase(it);
        return;
      }
    }
  }
  std::vector<Wait> open_waits;
};

}  // namespace gilsim::testing
