// handoff_args: the command line of the hand-off programs, `PROGRAM N [HANDOFFS]`: N threads or fibers,
// HANDOFFS hand-offs to make (1,000,000 unless given), both positive integers.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "bench/positive_arg.hpp"

namespace gilsim::bench {

struct HandoffArgs {
  std::int64_t n = 0;
  std::int64_t handoffs = 1'000'000;
};

/// handoff_args reads `N [HANDOFFS]`, or prints `usage: PROGRAM N [HANDOFFS]` and exits with 2.
inline HandoffArgs handoff_args(int argc, char** argv, const char* program) {
  char usage[256];
  std::snprintf(usage, sizeof usage, "usage: %s N [HANDOFFS]   (positive integers)", program);
  if (argc < 2 || argc > 3) usage_exit(usage);
  HandoffArgs args;
  args.n = positive_arg(argv[1], INT64_MAX, usage);
  if (argc == 3) args.handoffs = positive_arg(argv[2], INT64_MAX, usage);
  return args;
}

}  // namespace gilsim::bench
