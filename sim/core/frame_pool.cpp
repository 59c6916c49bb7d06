#include "sim/core/frame_pool.hpp"

#include <array>
#include <cstddef>
#include <new>
#include <utility>

#include "sim/core/huge_pages.hpp"

namespace gilsim::frame_pool {
namespace {

constexpr std::size_t kGrain = 16;     ///< frame sizes are rounded up to this (malloc's alignment)
constexpr std::size_t kClasses = 128;  ///< up to 2 KiB; larger frames go to operator new directly
constexpr std::size_t kSlabBytes = huge_pages::kPageBytes;  ///< frames are carved from slabs of this size
static_assert(kGrain % alignof(std::max_align_t) == 0, "frames must be aligned as operator new's are");

struct FreeFrame {
  FreeFrame* next;
};

/// new_slab maps a block to carve frames from. Slabs live as long as the process, so that a frame freed
/// on another thread than the one that made it is still good memory, and the next run of a sweep reuses
/// the pool. A slab is one huge page: a million suspended tasks fill 800 MB of frames, and page by page
/// the faults cost more than the run (sim/core/huge_pages.hpp).
std::byte* new_slab() {
  return static_cast<std::byte*>(huge_pages::map(kSlabBytes));
}

/// Frames is one thread's pool: freed frames by size class, and the unused end of its current slab.
struct Frames {
  std::array<FreeFrame*, kClasses> free{};
  std::byte* next = nullptr;
  std::byte* end = nullptr;

  void* carve(std::size_t bytes) {
    if (next == nullptr || static_cast<std::size_t>(end - next) < bytes) {
      next = new_slab();  // the rest of the old slab is left unused (under one frame)
      end = next + kSlabBytes;
    }
    return std::exchange(next, next + bytes);
  }
};

thread_local Frames frames;

std::size_t size_class(std::size_t size) {
  return (size - 1) / kGrain;
}

}  // namespace

// Under AddressSanitizer every frame comes from operator new, so that a frame used after it was freed is
// caught rather than hidden in the pool.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPooled = false;
#else
constexpr bool kPooled = true;
#endif

void* allocate(std::size_t size) {
  const std::size_t c = size_class(size);
  if (!kPooled || c >= kClasses) return ::operator new(size);
  FreeFrame*& head = frames.free[c];
  if (head == nullptr) return frames.carve((c + 1) * kGrain);
  return std::exchange(head, head->next);
}

void release(void* frame, std::size_t size) noexcept {
  const std::size_t c = size_class(size);
  if (!kPooled || c >= kClasses) {
    ::operator delete(frame);
    return;
  }
  auto* f = static_cast<FreeFrame*>(frame);
  f->next = frames.free[c];
  frames.free[c] = f;
}

}  // namespace gilsim::frame_pool
