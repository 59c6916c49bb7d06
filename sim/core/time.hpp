// Virtual time: a signed count of nanoseconds.
//
// Every duration and instant in gilsim is an integer number of nanoseconds, so that runs are exact and
// repeatable: no floating-point drift, and the same scenario always produces the same event order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gilsim {

/// Time is an instant or a duration in nanoseconds of virtual time.
using Time = std::int64_t;

constexpr Time kNanosecond = 1;
constexpr Time kMicrosecond = 1'000;
constexpr Time kMillisecond = 1'000'000;
constexpr Time kSecond = 1'000'000'000;

/// kNever is a time later than any the engine reaches; it marks "no deadline".
constexpr Time kNever = INT64_MAX;

namespace time_literals {
constexpr Time operator""_ns(unsigned long long v) {
  return static_cast<Time>(v);
}
constexpr Time operator""_us(unsigned long long v) {
  return static_cast<Time>(v) * kMicrosecond;
}
constexpr Time operator""_ms(unsigned long long v) {
  return static_cast<Time>(v) * kMillisecond;
}
constexpr Time operator""_s(unsigned long long v) {
  return static_cast<Time>(v) * kSecond;
}
}  // namespace time_literals

/// parse_duration reads "5ms", "0.1s", "250us", "10ns" (a number, then a unit); nullopt when malformed.
std::optional<Time> parse_duration(std::string_view text);

/// format_duration writes a duration the way a person reads it: "5ms", "1.234s", "12.5us".
std::string format_duration(Time t);

/// to_seconds converts for reports and ratios.
inline double to_seconds(Time t) {
  return static_cast<double>(t) / kSecond;
}

}  // namespace gilsim
