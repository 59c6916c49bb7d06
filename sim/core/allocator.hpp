// Allocator: which malloc a gilsim program runs on, and how it is tuned.
//
// gilsim's programs link jemalloc with transparent huge pages on (CMake's GILSIM_ALLOCATOR, the default):
// on the virtual machines it is measured on, a first write to a fresh 4 KiB page costs some 13 us, and
// page by page the memory of a big scene cost more than simulating it (docs/performance.md, "Memory and
// page faults"). Sanitizer builds use the system's malloc, which AddressSanitizer replaces.
//
// allocator.cpp is compiled into each program (CMake's gilsim_allocator), not into the library: jemalloc
// reads its settings from the program's `malloc_conf` when it starts, and the library stays usable by
// programs that keep their own malloc.
#pragma once

#include <string>

namespace gilsim::allocator {

/// describe names the allocator in use, the huge-page setting it runs with (read back from it) and the
/// kernel's transparent huge page mode, which decides whether that setting has any effect:
/// "jemalloc 5.3.0-... (huge pages: always; kernel: madvise)", or "system malloc (kernel: madvise)".
std::string describe();

}  // namespace gilsim::allocator
