#include "sim/core/stack_lease.hpp"

#include <algorithm>
#include <cassert>

namespace gilsim {

StackLease::~StackLease() {
  assert(in_use_ == 0 && "a fiber outlived its run's stacks");
  pool_.trim(std::max(peak_in_use_, kAlwaysKept));
}

boost::context::stack_context StackLease::allocate() {
  boost::context::stack_context sc = pool_.allocate();
  peak_in_use_ = std::max(peak_in_use_, ++in_use_);
  return sc;
}

void StackLease::deallocate(boost::context::stack_context& sc) {
  pool_.deallocate(sc);
  --in_use_;
}

}  // namespace gilsim
