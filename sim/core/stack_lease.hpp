// StackLease: one run's use of a StackPool that outlives it.
//
// A run's fibers take their stacks through the run's lease. The lease counts them (the report's
// peak_stacks is this run's, not the pool's since it was made) and, when the run ends, lets the pool keep
// the stacks this run needed at its peak, at least kAlwaysKept, and unmap the rest. A sweep's runs, much
// alike, then reuse each other's stacks, already mapped; a big run followed by small ones does not hold
// its memory for the rest of the process. What the pool keeps stays resident: each kept stack's pages that
// a fiber once wrote (usually the top one or two), up to the whole 64 MiB of kAlwaysKept stacks at worst.
//
// A lease and its fibers stay on the thread whose pool it uses: a pool is not locked (run_virtual makes,
// runs and ends its engine on the calling thread).
#pragma once

#include <boost/context/stack_context.hpp>
#include <cstddef>

#include "sim/core/stack_pool.hpp"

namespace gilsim {

class StackLease {
 public:
  /// kAlwaysKept stacks stay in the pool after any run (64 MiB of address space at 64 KiB a stack, of which
  /// only the pages fibers wrote are resident): runs that need none do not take the next run's away.
  static constexpr std::size_t kAlwaysKept = 1024;

  explicit StackLease(StackPool& pool) : pool_(pool) {}
  StackLease(const StackLease&) = delete;
  StackLease& operator=(const StackLease&) = delete;
  /// ~StackLease trims the pool to this run's peak (see StackPool::trim); every stack must be back.
  ~StackLease();

  /// allocate gives a stack from the pool.
  boost::context::stack_context allocate();
  /// deallocate gives a stack back to the pool.
  void deallocate(boost::context::stack_context& sc);
  /// peak_in_use is the most stacks this lease had out at once.
  std::size_t peak_in_use() const { return peak_in_use_; }

 private:
  StackPool& pool_;
  std::size_t in_use_ = 0;
  std::size_t peak_in_use_ = 0;
};

/// PooledStack is the allocator a Boost.Context fiber holds: a handle on its run's lease.
class PooledStack {
 public:
  explicit PooledStack(StackLease& lease) : lease_(&lease) {}
  boost::context::stack_context allocate() { return lease_->allocate(); }
  void deallocate(boost::context::stack_context& sc) { lease_->deallocate(sc); }

 private:
  StackLease* lease_;
};

}  // namespace gilsim
