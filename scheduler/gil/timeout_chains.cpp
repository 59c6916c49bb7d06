#include "scheduler/gil/timeout_chains.hpp"

#include <cassert>

namespace gilsim {

namespace {

Time phase_of(Time t, Time period) {
  return ((t % period) + period) % period;
}

/// comes_after is true if a timeout of rank `rank` at `at` sorts after `key` (its tier, PeriodicFirst, is
/// 0, so its packed order is its rank).
bool comes_after(Time at, std::uint64_t rank, const FiringKey& key) {
  return key < FiringKey::make(at, Tier::PeriodicFirst, rank);
}

/// first_firing_after is next_chain_firing with both phases known.
Time first_firing_after(Time start, Time start_phase, std::uint64_t rank, Time period, const FiringKey& after,
                        Time after_phase) {
  Time at = after.at - after_phase + start_phase;
  if (!comes_after(at, rank, after)) at += period;
  // A chain's first timeout is one period after its start.
  if (at <= start) at = start + period;
  return at;
}

}  // namespace

Time next_chain_firing(Time start, std::uint64_t rank, Time period, const FiringKey& after) {
  return first_firing_after(start, phase_of(start, period), rank, period, after, phase_of(after.at, period));
}

Time TimeoutChains::next_firing(int thread, const FiringKey& after) const {
  const Where& w = where_[static_cast<std::size_t>(thread)];
  assert(w.present);
  const Chain& c = *w.it;
  return first_firing_after(c.start, c.phase, c.rank, period_, after, phase(after.at));
}

void TimeoutChains::add_new(int thread, Time start, std::uint64_t rank) {
  const auto i = static_cast<std::size_t>(thread);
  if (i >= where_.size()) where_.resize(i + 1);
  Where& w = where_[i];
  assert(!w.present);
  // Ranks are unique, so the insertion always succeeds (else w.it would name another thread's chain).
  if (spare_.empty()) {
    const auto [it, inserted] = new_.insert(Chain{phase(start), rank, thread, start});
    assert(inserted);
    w.it = it;
  } else {
    Set::node_type node = std::move(spare_.back());
    spare_.pop_back();
    // Field by field: a whole Chain assigned was copied with vector loads that stalled on its stores.
    Chain& c = node.value();
    c.phase = phase(start);
    c.rank = rank;
    c.thread = thread;
    c.start = start;
    const auto result = new_.insert(std::move(node));
    assert(result.inserted);
    w.it = result.position;
  }
  w.epoch = epoch_;
  w.present = true;
}

void TimeoutChains::remove(int thread) {
  const auto i = static_cast<std::size_t>(thread);
  if (i >= where_.size() || !where_[i].present) return;
  Where& w = where_[i];
  w.present = false;
  spare_.push_back((w.epoch == epoch_ ? new_ : old_).extract(w.it));
}

// Merging relinks the nodes: the iterators in where_ stay valid and now point into old_. With new_ empty
// no chain has the current epoch, so leaving it unchanged is a shortcut (bumping it would be right too).
void TimeoutChains::age() {
  if (new_.empty()) return;
  old_.merge(new_);
  assert(new_.empty());
  ++epoch_;
}

}  // namespace gilsim
