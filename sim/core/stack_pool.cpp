#include "sim/core/stack_pool.hpp"

#include <cstdlib>
#include <new>

namespace gilsim {

StackPool::~StackPool() {
  for (void* base : all_) std::free(base);
}

boost::context::stack_context StackPool::allocate() {
  void* base = nullptr;
  if (!free_.empty()) {
    base = free_.back();
    free_.pop_back();
  } else {
    base = std::aligned_alloc(64, size_);
    if (!base) throw std::bad_alloc();
    all_.push_back(base);
  }
  boost::context::stack_context sc;
  sc.size = size_;
  sc.sp = static_cast<char*>(base) + size_;  // stacks grow down from the top
  return sc;
}

void StackPool::deallocate(boost::context::stack_context& sc) {
  free_.push_back(static_cast<char*>(sc.sp) - sc.size);
}

}  // namespace gilsim
