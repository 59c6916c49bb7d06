#include "sim/core/allocator.hpp"

#include "sim/core/huge_pages.hpp"

#if defined(GILSIM_JEMALLOC)
#include <jemalloc/jemalloc.h>

// thp:always has jemalloc advise every mapping it makes for 2 MiB transparent huge pages (Debian 12's
// kernels give them only to memory so advised): a million suspended coroutines then fault their records
// in 2 MiB at a time rather than 4 KiB. The environment variable MALLOC_CONF still overrides it, for
// experiments.
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface
extern const char* malloc_conf;
const char* malloc_conf = "thp:always";
}
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

// Read back from the running allocator rather than from the build: a program whose settings went
// missing says so. jemalloc reports "not supported" where the kernel has no transparent huge pages.
std::string describe() {
  return "jemalloc " + read_option("version") + " (huge pages: " + read_option("opt.thp") +
         "; kernel: " + huge_pages::kernel_mode() + ")";
}

#else

std::string describe() {
  return "system malloc (kernel: " + huge_pages::kernel_mode() + ")";
}

#endif

}  // namespace gilsim::allocator
