#include "sim/core/kernel.hpp"

#include <algorithm>

namespace gilsim {

void Kernel::arm(Timer& timer, Time at) {
  ++timer.generation_;
  timer.armed_ = true;
  timer.due_ = std::max(at, now_);
  heap_.push(Entry{timer.due_, seq_++, &timer, timer.generation_});
}

bool Kernel::fire_next(Time limit) {
  while (!heap_.empty()) {
    const Entry e = heap_.top();
    if (e.timer->generation_ != e.generation || !e.timer->armed_) {
      heap_.pop();  // stale: re-armed or cancelled since
      continue;
    }
    if (e.at > limit) return false;
    heap_.pop();
    now_ = e.at;
    e.timer->armed_ = false;
    ++fired_;
    e.timer->owner_->on_timer(e.timer->tag_);
    return true;
  }
  return false;
}

}  // namespace gilsim
