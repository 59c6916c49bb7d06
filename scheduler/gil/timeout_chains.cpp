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

}  // namespace

Time next_chain_firing(Time start, std::uint64_t rank, Time period, const FiringKey& after) {
  Time at = after.at - phase_of(after.at, period) + phase_of(start, period);
  if (!comes_after(at, rank, after)) at += period;
  // A chain's first timeout is one period after its start.
  if (at <= start) at = start + period;
  return at;
}

void TimeoutChains::add_new(int thread, Time start, std::uint64_t rank) {
  const auto i = static_cast<std::size_t>(thread);
  if (i >= where_.size()) where_.resize(i + 1);
  Where& w = where_[i];
  assert(!w.present);
  const Chain chain{phase(start), rank, thread, start};
  // Ranks are unique, so the insertion always succeeds (else w.it would name another thread's chain).
  if (spare_.empty()) {
    const auto [it, inserted] = new_.insert(chain);
    assert(inserted);
    w.it = it;
  } else {
    Set::node_type node = std::move(spare_.back());
    spare_.pop_back();
    node.value() = chain;
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

// The successor of `after` in the cyclic order of phases. The set's order is (phase, rank), and a firing at
// the phase of `after` sorts after it only if its rank is greater than after's packed order (a key of a
// later tier has an order above every rank), hence the upper_bound. A chain started at or after the
// firing time found is not due then (its first timeout is a period after its start); chains of the same
// phase with a greater rank started no earlier, so the search skips the rest of that phase.
std::optional<Timeout> TimeoutChains::earliest(const Set& chains, const FiringKey& after) const {
  if (chains.empty()) return std::nullopt;
  const Time ph = phase(after.at);
  Time base = after.at - ph;
  auto it = chains.upper_bound(Chain{ph, after.order, -1, 0});
  for (int wraps = 0; wraps < 3;) {
    if (it == chains.end()) {
      it = chains.begin();
      base += period_;
      ++wraps;
      continue;
    }
    const Time at = base + it->phase;
    if (at > it->start) return Timeout{it->thread, at, it->rank};
    it = chains.lower_bound(Chain{it->phase + 1, 0, -1, 0});
  }
  assert(false && "a chain is always due within two periods");
  return std::nullopt;
}

}  // namespace gilsim
