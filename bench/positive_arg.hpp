// positive_arg: a benchmark program's number argument, read strictly (a bad one says how to call it).
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace gilsim::bench {

/// usage_exit prints how a program is called and exits with 2.
[[noreturn]] inline void usage_exit(const char* usage) {
  std::fprintf(stderr, "%s\n", usage);
  std::exit(2);
}

/// positive_arg reads `text` as a whole number in [1, max], or prints `usage` and exits with 2.
inline std::int64_t positive_arg(const char* text, std::int64_t max, const char* usage) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || v <= 0 || v > max || errno == ERANGE) usage_exit(usage);
  return static_cast<std::int64_t>(v);
}

}  // namespace gilsim::bench
