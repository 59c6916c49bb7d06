// Huge pages: memory that a run fills densely, mapped so that the kernel may back it with 2 MiB pages.
//
// On a virtualised machine the first write to a fresh 4 KiB page costs a fault of some 10 us (13 us
// measured on the reference VM, docs/performance.md), and a million coroutines write 1.2 GB of them: most of
// such a run went to the kernel. A region advised with MADV_HUGEPAGE is faulted in 2 MiB at a time
// instead, 40 times cheaper per byte on that VM, once the region is aligned to 2 MiB. Only memory that is
// used densely and kept belongs here (a huge page is resident as a whole): the coroutine frame pool's slabs.
// Where transparent huge pages are off, the advice is ignored and the memory is ordinary.
#pragma once

#include <cstddef>

namespace gilsim::huge_pages {

/// kPageBytes is the huge page size the mappings are aligned to (x86-64's PMD size).
inline constexpr std::size_t kPageBytes = std::size_t{2} << 20;

/// map returns `bytes` (a multiple of kPageBytes) of zeroed memory aligned to kPageBytes, advised for huge
/// pages; it throws std::bad_alloc when the system has no memory to map.
void* map(std::size_t bytes);
/// unmap gives back a mapping from map().
void unmap(void* memory, std::size_t bytes) noexcept;

}  // namespace gilsim::huge_pages
