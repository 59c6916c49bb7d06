#include "sim/core/huge_pages.hpp"

#include <sys/mman.h>

#include <cassert>
#include <cstdint>
#include <new>

namespace gilsim::huge_pages {

// The kernel aligns an anonymous mapping to 4 KiB only: map one huge page more than asked, and give back
// the parts before and after the aligned block.
void* map(std::size_t bytes) {
  assert(bytes % kPageBytes == 0);
  const std::size_t padded = bytes + kPageBytes;
  void* raw = mmap(nullptr, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kPageBytes - 1) & ~(std::uintptr_t{kPageBytes} - 1);
  const std::size_t head = aligned - start;
  if (head > 0) munmap(raw, head);
  const std::size_t tail = padded - head - bytes;
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + bytes), tail);
  void* block = reinterpret_cast<void*>(aligned);
  madvise(block, bytes, MADV_HUGEPAGE);  // advice only: without transparent huge pages it fails, harmlessly
  return block;
}

void unmap(void* memory, std::size_t bytes) noexcept {
  munmap(memory, bytes);
}

}  // namespace gilsim::huge_pages
