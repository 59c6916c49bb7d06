#include "sim/core/stack_pool.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <new>

namespace gilsim {

StackPool::~StackPool() {
  for (void* slab : slabs_) munmap(slab, size_ * kSlabStacks);
}

boost::context::stack_context StackPool::allocate() {
  if (free_.empty()) add_slab();
  char* base = static_cast<char*>(free_.back());
  free_.pop_back();
  peak_in_use_ = std::max(peak_in_use_, ++in_use_);
  boost::context::stack_context sc;
  sc.size = size_;
  sc.sp = base + size_;  // stacks grow down from the top
  return sc;
}

void StackPool::deallocate(boost::context::stack_context& sc) {
  free_.push_back(static_cast<char*>(sc.sp) - sc.size);
  --in_use_;
}

// Stacks come from anonymous mappings of kSlabStacks at a time: the kernel hands out untouched pages, so a
// stack costs only the pages its fiber writes (malloc would write its own headers into each block and
// grow the heap a block at a time).
void StackPool::add_slab() {
  void* slab = mmap(nullptr, size_ * kSlabStacks, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (slab == MAP_FAILED) throw std::bad_alloc();
  slabs_.push_back(slab);
  // Handed out from the lowest address up (free_ is used as a stack).
  for (std::size_t i = kSlabStacks; i-- > 0;) free_.push_back(static_cast<char*>(slab) + i * size_);
}

}  // namespace gilsim
