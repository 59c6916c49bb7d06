#include "sim/core/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <fstream>
#include <new>
#include <stdexcept>

namespace gilsim::huge_pages {

namespace {

/// whole_pages is bytes rounded up to whole huge pages.
std::size_t whole_pages(std::size_t bytes) {
  return (bytes + kPageBytes - 1) / kPageBytes * kPageBytes;
}

}  // namespace

// Before Linux 6.7 the kernel aligned an anonymous mapping to 4 KiB only: map one huge page more than
// asked, and give back the parts before and after the aligned block.
void* map(std::size_t bytes) {
  if (bytes == 0 || bytes > SIZE_MAX / 2) throw std::length_error("huge_pages::map: bad size");
  bytes = whole_pages(bytes);
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
  munmap(memory, whole_pages(bytes));
}

std::string kernel_mode() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  if (!std::getline(in, modes)) return "unavailable";
  const auto open = modes.find('[');
  const auto close = modes.find(']', open);
  if (open == std::string::npos || close == std::string::npos) return "unavailable";
  return modes.substr(open + 1, close - open - 1);
}

}  // namespace gilsim::huge_pages
