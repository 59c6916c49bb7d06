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
  const Chain& c = w.chain;
  return first_firing_after(c.start, c.phase, c.rank, period_, after, phase(after.at));
}

void TimeoutChains::add_new(int thread, Time start, std::uint64_t rank) {
  const auto i = static_cast<std::size_t>(thread);
  if (i >= where_.size()) where_.resize(i + 1);
  Where& w = where_[i];
  assert(!w.present);
  // Field by field: a whole Chain assigned was copied with vector loads that stalled on its stores.
  const Time ph = phase(start);
  w.chain.phase = ph;
  w.chain.rank = rank;
  w.chain.thread = thread;
  w.chain.start = start;
  w.epoch = epoch_;
  w.present = true;
  new_.insert(ph, rank, thread, start);
}

void TimeoutChains::remove(int thread) {
  const auto i = static_cast<std::size_t>(thread);
  if (i >= where_.size() || !where_[i].present) return;
  Where& w = where_[i];
  w.present = false;
  (w.epoch == epoch_ ? new_ : old_).erase(w.chain.phase, w.chain.rank);
}

// The new chains move to the old index; bumping the epoch tells where_ so without touching it. With new_
// empty nothing moves, and leaving the epoch unchanged is a shortcut (bumping it would be right too).
void TimeoutChains::age() {
  if (new_.empty()) return;
  new_.take_all([this](const Chain& c) { old_.insert(c.phase, c.rank, c.thread, c.start); });
  new_.shrink_if_empty();
  ++epoch_;
}

}  // namespace gilsim
