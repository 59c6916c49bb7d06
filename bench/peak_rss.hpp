// peak_rss_kib: the process's peak resident memory so far (VmHWM from /proc/self/status), in KiB.
#pragma once

#include <fstream>
#include <string>

namespace gilsim::bench {

inline long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

}  // namespace gilsim::bench
