#include "sim/core/kernel.hpp"

#include <algorithm>
#include <cassert>

namespace gilsim {

void Timer::cancel() {
  if (armed()) kernel_->cancel(*this);
}

Kernel::~Kernel() {
  for (Timer* t : heap_) t->index_ = Timer::kNotQueued;
}

void Kernel::arm(Timer& timer, Time at) {
  enqueue(timer, FiringKey::make(std::max(at, now_), Tier::OneShot, seq_++));
}

void Kernel::arm_periodic(Timer& timer, Time at, Tier tier, std::uint64_t rank) {
  const FiringKey key = FiringKey::make(at, tier, rank);
  assert(cursor_ < key);
  enqueue(timer, key);
}

void Kernel::enqueue(Timer& timer, FiringKey key) {
  timer.kernel_ = this;
  if (timer.armed()) {
    // Re-armed: it moves towards the root if its new key is earlier, else towards the leaves.
    const bool earlier = key < timer.key_;
    timer.key_ = key;
    if (earlier) {
      sift_up(timer.index_);
    } else {
      sift_down(timer.index_);
    }
    return;
  }
  timer.key_ = key;
  heap_.push_back(&timer);
  place(heap_.size() - 1, &timer);
  sift_up(heap_.size() - 1);
}

void Kernel::advance_to(Time at) {
  assert(at < next_due());
  if (at <= now_) return;
  now_ = at;
  cursor_ = FiringKey::make(at, Tier::OneShot, seq_++);
}

void Kernel::cancel(Timer& timer) {
  if (timer.armed()) remove_at(timer.index_);
}

bool Kernel::fire_next(Time limit) {
  if (heap_.empty() || heap_.front()->key_.at > limit) return false;
  Timer* t = heap_.front();
  remove_at(0);
  now_ = t->key_.at;
  cursor_ = t->key_;
  ++fired_;
  t->owner_->on_timer(t->tag_);
  return true;
}

void Kernel::sift_up(std::size_t i) {
  Timer* t = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!earlier(t, heap_[parent])) break;
    place(i, heap_[parent]);
    i = parent;
  }
  place(i, t);
}

void Kernel::sift_down(std::size_t i) {
  Timer* t = heap_[i];
  const std::size_t n = heap_.size();
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && earlier(heap_[child + 1], heap_[child])) ++child;
    if (!earlier(heap_[child], t)) break;
    place(i, heap_[child]);
    i = child;
  }
  place(i, t);
}

void Kernel::remove_at(std::size_t i) {
  Timer* gone = heap_[i];
  Timer* last = heap_.back();
  heap_.pop_back();
  gone->index_ = Timer::kNotQueued;
  if (i == heap_.size()) return;
  place(i, last);
  if (i > 0) sift_up(i);  // the root has nowhere up to go (fire_next removes it on every firing)
  sift_down(last->index_);
}

}  // namespace gilsim
