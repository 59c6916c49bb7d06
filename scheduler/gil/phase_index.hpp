// PhaseIndex: periodic timeout chains ordered by phase, for "which chain fires first after this key".
//
// A chain times out at start + P, start + 2P, ... with a fixed rank; all chains share the period P, so
// their firings come in the cyclic order of (phase, rank), phase = start mod P. The index answers the
// first firing after a key with a successor search in that order.
//
// It was a red-black tree (std::set); with 10,000 waiters every search and insertion walked some twenty
// levels of nodes, each a cache miss and a branch the processor could not predict, and the tree was half
// of a hand-off's time. Here the phases are cut into buckets of equal width, a power of two nanoseconds,
// their number doubled as the index grows so that a bucket holds a few chains: a chain sits in the small
// sorted vector of its bucket, and a bitmap of the buckets in use finds the next one with a few word
// scans. A handful of chains share one bucket, a plain sorted vector.
// Chains that share a phase (threads created at the same instant) pile up in one bucket in rank order;
// the first of them is the one the GIL usually signals, so a bucket drops its front by moving a head
// index rather than the rest of its vector.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/core/timer.hpp"

namespace gilsim {

/// Chain is one waiter's periodic timed wait.
struct Chain {
  Time phase = 0;  ///< start mod period
  std::uint64_t rank = 0;
  int thread = -1;
  Time start = 0;
};

/// Timeout is one firing of a chain, or none (thread -1); the firing's rank is its chain's. It is small and
/// not a std::optional on purpose: it is on a hand-off's path, and GCC 12 copied a 32-byte optional of it
/// through the stack with vector loads that waited on the smaller stores before them (store-forwarding
/// stalls, a sixth of a hand-off's time); 16 bytes come back in two registers.
struct Timeout {
  Time at = 0;
  int thread = -1;
  /// a Timeout is true when it names a firing.
  explicit operator bool() const { return thread >= 0; }
};

class PhaseIndex {
 public:
  /// PhaseIndex holds chains of period `period`. It starts with at most `initial_buckets` buckets (as
  /// many as buckets of a power-of-two width need to cover the period; capped at a million) and doubles
  /// them as it grows. One, the default, keeps up to eight chains in a single sorted vector; tests ask for
  /// thousands to make most buckets empty.
  explicit PhaseIndex(Time period, std::size_t initial_buckets = 1);

  /// insert adds a chain; ranks are unique. (The fields come one by one: a Chain just written and
  /// passed whole was copied with vector loads that stalled on its stores.)
  void insert(Time phase, std::uint64_t rank, int thread, Time start);
  /// erase removes the chain of this phase and rank, which must be present.
  void erase(Time phase, std::uint64_t rank);
  /// earliest is the first firing after `after` (whose phase is `after_phase`) of a chain that is due
  /// then: a chain's first timeout is one period after its start.
  Timeout earliest(const FiringKey& after, Time after_phase) const;
  /// shrink_if_empty gives an empty index back the buckets it started with.
  void shrink_if_empty();
  /// take_all hands every chain to `f` and empties the index.
  template <typename F>
  void take_all(F&& f);

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

 private:
  /// Bucket is a sorted vector of chains; those before `head` have left (the front is dropped in O(1)).
  struct Bucket {
    std::vector<Chain> chains;
    std::uint32_t head = 0;
    bool empty() const { return head == chains.size(); }
  };
  /// before is the index's order: by phase, then rank.
  static bool before(const Chain& a, const Chain& b) {
    return a.phase != b.phase ? a.phase < b.phase : a.rank < b.rank;
  }
  /// first_after is the first chain of bucket k that sorts after `key`. Threads that drop the GIL at
  /// instants a fixed step apart leave chains on a grid of phases, a dozen or more sharing each phase, and
  /// a query's key usually sorts after a whole bucket (a one-shot key comes after every timeout of its
  /// instant) or before it: the first is told by one comparison, the second by two, before any search.
  static std::vector<Chain>::const_iterator first_after(const Bucket& k, const Chain& key) {
    const auto first = k.chains.begin() + k.head;
    const auto last = k.chains.end();
    if (first == last || !before(key, last[-1])) return last;
    if (before(key, *first)) return first;
    return std::upper_bound(first + 1, last - 1, key, before);
  }
  std::size_t bucket_of(Time phase) const {
    assert(phase >= 0 && phase < period_);
    return static_cast<std::size_t>(phase >> shift_);
  }
  [[gnu::noinline]] void resize(int shift);
  /// release empties bucket b, keeping its vector's capacity, and marks it unused.
  void release(std::size_t b);
  void mark(std::size_t b, bool used);
  /// next_used is the first bucket in use at or after b, or buckets_.size().
  std::size_t next_used(std::size_t b) const;

  Time period_;
  int shift_ = 0;        ///< a bucket spans 2^shift_ nanoseconds of phase
  int first_shift_ = 0;  ///< and did when the index was made
  std::vector<Bucket> buckets_;
  std::vector<std::uint64_t> used_;     ///< a bit per bucket holding chains
  std::vector<std::uint64_t> summary_;  ///< a bit per word of used_ that is not zero
  std::size_t size_ = 0;
};

template <typename F>
void PhaseIndex::take_all(F&& f) {
  if (size_ == 0) return;
  for (std::size_t b = next_used(0); b < buckets_.size(); b = next_used(b + 1)) {
    const Bucket& bucket = buckets_[b];
    for (std::size_t i = bucket.head; i < bucket.chains.size(); ++i) f(bucket.chains[i]);
    release(b);
  }
  size_ = 0;
}

// The successor of `after` in the cyclic order of (phase, rank): from after's own bucket, the buckets in
// use in turn, then round again from the first with one period added. A chain found whose firing then
// would not come after its start is not due yet (its first timeout is a period after its start); the
// chains of the same phase after it have greater ranks and started no earlier, so the search skips them.
// Inline: the GIL asks it four times a hand-off, and with a few chains the call cost as much as the search.
[[gnu::always_inline]] inline Timeout PhaseIndex::earliest(const FiringKey& after, Time after_phase) const {
  if (size_ == 0) return Timeout{};
  Time base = after.at - after_phase;
  std::size_t b = bucket_of(after_phase);
  const Bucket* k = &buckets_[b];
  auto it = first_after(*k, Chain{after_phase, after.order, -1, 0});
  for (int wraps = 0; wraps < 3;) {
    if (it == k->chains.end()) {
      b = next_used(b + 1);
      if (b == buckets_.size()) {
        b = buckets_.size() == 1 ? 0 : next_used(0);  // one bucket, and size_ > 0: it is in use
        assert(b < buckets_.size() && "the bitmap shows every bucket in use");
        base += period_;
        ++wraps;
      }
      k = &buckets_[b];
      it = k->chains.begin() + k->head;
      continue;
    }
    const Time at = base + it->phase;
    if (at > it->start) return Timeout{at, it->thread};
    it = std::upper_bound(it, k->chains.end(), it->phase, [](Time p, const Chain& c) { return p < c.phase; });
  }
  assert(false && "a chain is always due within two periods");
  return Timeout{};
}

}  // namespace gilsim
