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

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/core/timer.hpp"

namespace gilsim {

/// Timeout is one firing of a chain.
struct Timeout {
  int thread = -1;
  Time at = 0;
  std::uint64_t rank = 0;
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
  std::optional<Timeout> earliest_new(const FiringKey& after) const { return earliest(new_, after); }
  /// earliest_old is the first firing after `after` among old chains.
  std::optional<Timeout> earliest_old(const FiringKey& after) const { return earliest(old_, after); }

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
  Time phase(Time t) const { return ((t % period_) + period_) % period_; }
  std::optional<Timeout> earliest(const Set& chains, const FiringKey& after) const;

  Time period_;
  Set old_;
  Set new_;
  std::uint64_t epoch_ = 0;            ///< age() calls that moved chains
  std::vector<Where> where_;           ///< by thread
  std::vector<Set::node_type> spare_;  ///< nodes of removed chains, reused: no allocation per wait
};

}  // namespace gilsim
