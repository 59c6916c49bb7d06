// StackPool: fiber stacks, reused.
//
// A fresh stack costs page faults (~10 us per first-touched page on this VM) and a guarded one an mmap and
// an mprotect besides (~20 us). A run that starts thousands of units, or thousands of runs in a sweep, must
// not pay that per fiber: the pool keeps stacks that fibers gave back and hands out the most recently used
// (still warm) first. New stacks come from anonymous mappings, 64 at a time, and nothing is written into
// them by the pool (unlike boost::pool or malloc, which write headers into every block), so a stack costs
// only the pages its fiber touches: the top one or two. The top one, which every fiber writes, is asked
// of the kernel when a stack is first handed out: cheaper than a fault at the fiber's first write.
//
// A pool outlives the runs that use it (each through a StackLease, stack_lease.hpp): the stacks a run gave
// back are already mapped for the next one, which pays no faults for them. After a run it keeps what that
// run needed at its peak and returns the rest to the kernel (trim).
//
// Stacks have no guard page: a C++ unit body must keep its frames well under kFiberStackSize.
#pragma once

#include <boost/context/stack_context.hpp>
#include <cstddef>
#include <vector>

namespace gilsim {

class StackPool {
 public:
  /// StackPool hands out stacks of `size` bytes.
  explicit StackPool(std::size_t size) : size_(size) {}
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;
  /// ~StackPool frees every stack; every fiber using one must be gone by then (if one is still out, the
  /// memory is left mapped rather than pulled from under it).
  ~StackPool();

  /// allocate gives a stack, reused when one is free.
  boost::context::stack_context allocate();
  /// deallocate takes a stack back for reuse.
  void deallocate(boost::context::stack_context& sc);
  /// allocated counts the stacks made so far (in use or free).
  std::size_t allocated() const { return slabs_.size() * kSlabStacks; }
  /// in_use counts the stacks handed out and not given back.
  std::size_t in_use() const { return in_use_; }
  /// peak_in_use is the most stacks handed out at once.
  std::size_t peak_in_use() const { return peak_in_use_; }
  /// trim returns to the kernel the slabs beyond the first ones that hold `keep` stacks, when no stack is
  /// in use (otherwise it does nothing: a slab can go only with all its stacks).
  void trim(std::size_t keep);

 private:
  static constexpr std::size_t kSlabStacks = 64;
  void add_slab();
  void populate_top(char* base) const;

  std::size_t size_;
  std::size_t in_use_ = 0;
  std::size_t peak_in_use_ = 0;
  std::vector<void*> free_;
  std::size_t never_used_ = 0;  ///< the stacks at the bottom of free_ that no fiber has had yet
  std::vector<void*> slabs_;
};

}  // namespace gilsim
