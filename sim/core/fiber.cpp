#include "sim/core/fiber.hpp"

#include <memory>
#include <utility>

namespace gilsim {

StackPool& thread_stack_pool() {
  thread_local StackPool pool(kFiberStackSize);
  return pool;
}

Fiber::Fiber(StackLease& stacks, std::function<void()> body)
    : self_(std::allocator_arg, PooledStack(stacks),
            [this, body = std::move(body)](boost::context::fiber&& caller) {
              caller_ = std::move(caller);
              body();  // the engine's wrapper catches the body's errors: nothing may escape a fiber
              finished_ = true;
              return std::move(caller_);
            }) {}

void Fiber::resume() {
  self_ = std::move(self_).resume();
}

void Fiber::yield() {
  caller_ = std::move(caller_).resume();
}

}  // namespace gilsim
