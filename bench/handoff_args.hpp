// handoff_args: the command line of the hand-off programs, `PROGRAM N [HANDOFFS]`: N threads or fibers,
// HANDOFFS hand-offs to make (1,000,000 unless given), both positive integers.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace gilsim::bench {

struct HandoffArgs {
  std::int64_t n = 0;
  std::int64_t handoffs = 1'000'000;
};

/// handoff_args reads `N [HANDOFFS]`, or prints `usage: PROGRAM N [HANDOFFS]` and exits with 2.
inline HandoffArgs handoff_args(int argc, char** argv, const char* program) {
  const auto fail = [program] {
    std::fprintf(stderr, "usage: %s N [HANDOFFS]   (positive integers)\n", program);
    std::exit(2);
  };
  const auto positive = [&fail](const char* text) {
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text, &end, 10);
    if (end == text || *end != '\0' || v <= 0 || errno == ERANGE) fail();
    return static_cast<std::int64_t>(v);
  };
  if (argc < 2 || argc > 3) fail();
  HandoffArgs args;
  args.n = positive(argv[1]);
  if (argc == 3) args.handoffs = positive(argv[2]);
  return args;
}

}  // namespace gilsim::bench
