// positive_arg: a benchmark program's positive integer argument, or its usage message and exit code 2.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace gilsim::bench {

inline std::int64_t positive_arg(const char* text, const char* usage) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || v <= 0 || errno == ERANGE) {
    std::fprintf(stderr, "usage: %s   (positive integers)\n", usage);
    std::exit(2);
  }
  return v;
}

}  // namespace gilsim::bench
