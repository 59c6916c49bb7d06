// Fiber: a unit's own stack and control flow, on Boost.Context.
//
// A fiber runs until it must wait for simulated time or another unit, then yields back to whoever resumed
// it: a thread's fiber to the engine's run loop (Engine::resume, from its ready list), an asyncio task's
// fiber to its event loop, which runs on the loop thread's own fiber. Timer callbacks never resume fibers;
// they put threads on the ready list, so a callback never switches stacks under its caller.
// Stacks come from the pool of the thread that makes the run, through the run's lease (stack_lease.hpp):
// the runs a thread makes one after another share it.
#pragma once

#include <boost/context/fiber.hpp>
#include <functional>

#include "sim/core/stack_lease.hpp"
#include "sim/core/stack_pool.hpp"

namespace gilsim {

/// kFiberStackSize is the stack of each fiber: enough for the step interpreter's nesting (its frames are on
/// the heap; an awaited Co runs inline, so the stack grows with nesting, not with loop turns) and test
/// bodies.
constexpr std::size_t kFiberStackSize = 64 * 1024;

/// thread_stack_pool is the calling thread's pool of kFiberStackSize stacks, made on first use and freed
/// when the thread ends (its fibers must be gone by then).
StackPool& thread_stack_pool();

class Fiber {
 public:
  /// Fiber prepares `body` to run on a stack from `stacks`; nothing runs before the first resume().
  Fiber(StackLease& stacks, std::function<void()> body);
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;
  /// ~Fiber unwinds the stack of a fiber that has not finished (a deadlocked unit) and frees it.
  ~Fiber() = default;

  /// resume runs the fiber until it yields or finishes. Called by the kernel side only.
  void resume();
  /// yield returns control to whoever resumed this fiber. Called from inside the fiber only.
  void yield();
  /// finished is true once the body has returned.
  bool finished() const { return finished_; }

 private:
  boost::context::fiber self_;
  boost::context::fiber caller_;
  bool finished_ = false;
};

}  // namespace gilsim
