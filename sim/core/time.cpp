#include "sim/core/time.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace gilsim {
namespace {

std::optional<Time> unit_scale(std::string_view unit) {
  if (unit == "ns") return kNanosecond;
  if (unit == "us" || unit == "µs") return kMicrosecond;
  if (unit == "ms") return kMillisecond;
  if (unit == "s") return kSecond;
  return std::nullopt;
}

}  // namespace

std::optional<Time> parse_duration(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' ||
                             text[i] == '_' || text[i] == '-' || text[i] == '+')) {
    ++i;
  }
  std::string number;
  for (char c : text.substr(0, i)) {
    if (c != '_') number += c;  // 1_000ms reads like Python's 1_000
  }
  std::string_view unit = text.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  auto scale = unit_scale(unit);
  if (number.empty() || !scale) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !std::isfinite(value)) return std::nullopt;
  double ns = std::round(value * static_cast<double>(*scale));
  if (std::fabs(ns) >= 9.2e18) return std::nullopt;
  return static_cast<Time>(ns);
}

std::string format_duration(Time t) {
  char buf[64];
  const double v = static_cast<double>(t);
  const Time a = t < 0 ? -t : t;
  const auto write = [&](double scaled, const char* unit) {
    // Four significant digits, unless rounding would show the next unit's "1000" (999.998ms): then six.
    std::snprintf(buf, sizeof buf, "%.4g%s", scaled, unit);
    if (std::fabs(scaled) >= 999.95 && std::fabs(scaled) < 1000)
      std::snprintf(buf, sizeof buf, "%.6g%s", scaled, unit);
  };
  if (a >= kSecond) {
    write(v / kSecond, "s");
  } else if (a >= kMillisecond) {
    write(v / kMillisecond, "ms");
  } else if (a >= kMicrosecond) {
    write(v / kMicrosecond, "us");
  } else {
    std::snprintf(buf, sizeof buf, "%lldns", static_cast<long long>(t));
  }
  return buf;
}

}  // namespace gilsim
