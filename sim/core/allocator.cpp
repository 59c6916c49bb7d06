#include "sim/core/allocator.hpp"

#if defined(GILSIM_JEMALLOC)
#include <jemalloc/jemalloc.h>
#endif

namespace gilsim::allocator {

#if defined(GILSIM_JEMALLOC)

namespace {

/// read_option is jemalloc's string-valued setting `name`, or "?" when it has none of that name.
std::string read_option(const char* name) {
  const char* value = nullptr;
  std::size_t size = sizeof(value);
  if (mallctl(name, static_cast<void*>(&value), &size, nullptr, 0) != 0 || value == nullptr) return "?";
  return value;
}

}  // namespace

// Read back from the running allocator rather than from the build: had sim/core/malloc_conf.cpp not been
// linked in, this says so.
std::string describe() {
  return "jemalloc " + read_option("version") + " (huge pages: " + read_option("opt.thp") + ")";
}

#else

std::string describe() {
  return "system malloc";
}

#endif

}  // namespace gilsim::allocator
