// TimeoutChains: the timed waits of a GIL's waiters, kept so that only the timeout that matters is armed.
//
// A waiter that is not signalled times out every switch interval P from the moment it began waiting:
// its timeouts are a chain start + P, start + 2P, ... with one fixed rank (Tier::PeriodicFirst). With N
// waiters, N timeouts fall in every interval, and most change nothing: while the holder keeps the GIL and
// a drop request is pending, or when the waiter's interval saw a switch. Rather than firing them all, the
// GIL asks this structure for the earliest firing after a given key and arms only that one.
//
// All chains share the period P, so a chain is placed by its phase (start mod P) and rank; the earliest
// firing after a key is a successor search in that cyclic order, O(log N).
//
// Chains are kept in two sets, split at the GIL's latest switch: a chain started before it ("old") has a
// first timeout after the switch that changes nothing (its wait began before the switch), a chain started
// since ("new") does not. NewGil::next_effective_timeout explains the arithmetic.
#pragma once

#include <cassert>
#include <cstdint>
#include <set>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/core/timer.hpp"

namespace gilsim {

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

/// next_chain_firing is the first timeout of the chain (start, rank) whose key comes after `after`.
Time next_chain_firing(Time start, std::uint64_t rank, Time period, const FiringKey& after);

class TimeoutChains {
 public:
  explicit TimeoutChains(Time period) : period_(period) {}

  /// add_new records `thread`'s chain, which began after the latest switch.
  void add_new(int thread, Time start, std::uint64_t rank);
  /// remove forgets `thread`'s chain (it took the GIL or was signalled).
  void remove(int thread);
  /// age makes every chain old: the GIL just switched.
  void age();
  /// earliest_new is the first firing after `after` among new chains.
  Timeout earliest_new(const FiringKey& after) const { return earliest(new_, after); }
  /// earliest_old is the first firing after `after` among old chains.
  Timeout earliest_old(const FiringKey& after) const { return earliest(old_, after); }
  /// next_firing is next_chain_firing for `thread`'s chain, which must be present.
  Time next_firing(int thread, const FiringKey& after) const;

 private:
  struct Chain {
    Time phase;
    std::uint64_t rank;
    int thread;
    Time start;
    friend bool operator<(const Chain& a, const Chain& b) {
      return a.phase != b.phase ? a.phase < b.phase : a.rank < b.rank;
    }
  };
  using Set = std::set<Chain>;
  /// Where is a thread's chain: its node (set iterators stay valid across merge) and epoch_ when it was
  /// added, which tells which set holds it (the current epoch: new_). Removal needs no search.
  struct Where {
    Set::iterator it;
    std::uint64_t epoch = 0;
    bool present = false;
  };
  /// phase is t's place in the period. A 64-bit division costs more here than the rest of a query (about
  /// 5 ns, on the hand-off's critical path), and queries come at one instant or a few periods apart, so
  /// the phase is carried forward from the last one when it can be.
  Time phase(Time t) const {
    const Time d = t - memo_at_;
    if (d == 0) return memo_phase_;
    Time p = memo_phase_ + d;
    if (d > 0 && d <= 4 * period_) {
      while (p >= period_) p -= period_;
    } else {
      p = t % period_;
      if (p < 0) p += period_;
    }
    memo_at_ = t;
    memo_phase_ = p;
    return p;
  }
  Timeout earliest(const Set& chains, const FiringKey& after) const;

  Time period_;
  mutable Time memo_at_ = 0;     ///< phase()'s last question
  mutable Time memo_phase_ = 0;  ///< and its answer (the phase of 0 is 0)
  Set old_;
  Set new_;
  std::uint64_t epoch_ = 0;            ///< age() calls that moved chains
  std::vector<Where> where_;           ///< by thread
  std::vector<Set::node_type> spare_;  ///< nodes of removed chains, reused: no allocation per wait
};

// The successor of `after` in the cyclic order of phases. The set's order is (phase, rank), and a firing at
// the phase of `after` sorts after it only if its rank is greater than after's packed order (a key of a
// later tier has an order above every rank), hence the upper_bound. A chain started at or after the
// firing time found is not due then (its first timeout is a period after its start); chains of the same
// phase with a greater rank started no earlier, so the search skips the rest of that phase.
inline Timeout TimeoutChains::earliest(const Set& chains, const FiringKey& after) const {
  if (chains.empty()) return Timeout{};
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
    if (at > it->start) return Timeout{at, it->thread};
    it = chains.lower_bound(Chain{it->phase + 1, 0, -1, 0});
  }
  assert(false && "a chain is always due within two periods");
  return Timeout{};
}

}  // namespace gilsim
