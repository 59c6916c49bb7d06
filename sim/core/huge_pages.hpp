// Huge pages: memory that a run fills densely, mapped so that the kernel may back it with 2 MiB pages.
//
// On a virtualised machine the first write to a fresh 4 KiB page costs a fault of some 10 us (13 us
// measured on the reference VM, docs/performance.md), and a million coroutines write 1.2 GB of them: most of
// such a run went to the kernel. A region advised with MADV_HUGEPAGE is faulted in 2 MiB at a time
// instead, 10 to 40 times cheaper per byte on that VM, once the region is aligned to 2 MiB. Only memory
// that is used densely and kept belongs here (a huge page is resident as a whole): the coroutine frame
// pool's slabs. Where transparent huge pages are off, the advice changes nothing and the memory is
// ordinary.
#pragma once

#include <cstddef>
#include <string>

namespace gilsim::huge_pages {

/// kPageBytes is the huge page size the mappings are aligned to: x86-64's (and 4 KiB-page arm64's) PMD
/// size. Elsewhere the mappings are still good memory, only not huge.
inline constexpr std::size_t kPageBytes = std::size_t{2} << 20;

/// map returns at least `bytes` (rounded up to a multiple of kPageBytes) of zeroed memory aligned to
/// kPageBytes and advised for huge pages. It throws std::bad_alloc when the system has no memory to map,
/// std::length_error for 0 bytes or a size that cannot be mapped.
void* map(std::size_t bytes);
/// unmap gives back a mapping from map(), given the same `bytes`.
void unmap(void* memory, std::size_t bytes) noexcept;
/// kernel_mode is the system's transparent huge page mode ("always", "madvise" or "never", the bracketed
/// word of /sys/kernel/mm/transparent_hugepage/enabled), or "unavailable" where that file cannot be read.
std::string kernel_mode();

}  // namespace gilsim::huge_pages
