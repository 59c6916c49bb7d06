// Allocator: which malloc a gilsim program runs on.
//
// gilsim's programs link jemalloc with transparent huge pages on (CMake's GILSIM_ALLOCATOR, the default,
// tuned in sim/core/malloc_conf.cpp): on the virtual machines it is measured on, a first write to a fresh
// 4 KiB page costs some 13 us, and page by page the memory of a big scene cost more than simulating it
// (docs/performance.md, "Memory and page faults"). Sanitizer builds use the system's malloc, which
// AddressSanitizer replaces.
#pragma once

#include <string>

namespace gilsim::allocator {

/// describe names the allocator in use and its huge-page setting, as the running program sees them:
/// "jemalloc 5.3.0-... (huge pages: always)", or "system malloc".
std::string describe();

}  // namespace gilsim::allocator
