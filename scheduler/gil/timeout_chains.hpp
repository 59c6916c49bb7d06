// TimeoutChains: the timed waits of a GIL's waiters, kept so that only the timeout that matters is armed.
//
// A waiter that is not signalled times out every switch interval P from the moment it began waiting:
// its timeouts are a chain start + P, start + 2P, ... with one fixed rank (Tier::PeriodicFirst). With N
// waiters, N timeouts fall in every interval, and most change nothing: while the holder keeps the GIL and
// a drop request is pending, or when the waiter's interval saw a switch. Rather than firing them all, the
// GIL asks this structure for the earliest firing after a given key and arms only that one.
//
// All chains share the period P, so a chain is placed by its phase (start mod P) and rank; the earliest
// firing after a key is a successor search in that cyclic order (PhaseIndex).
//
// Chains are kept in two indexes, split at the GIL's latest switch: a chain started before it ("old") has a
// first timeout after the switch that changes nothing (its wait began before the switch), a chain started
// since ("new") does not. NewGil::next_effective_timeout explains the arithmetic.
#pragma once

#include <cstdint>
#include <vector>

#include "scheduler/gil/phase_index.hpp"
#include "sim/core/time.hpp"
#include "sim/core/timer.hpp"

namespace gilsim {

/// next_chain_firing is the first timeout of the chain (start, rank) whose key comes after `after`.
Time next_chain_firing(Time start, std::uint64_t rank, Time period, const FiringKey& after);

class TimeoutChains {
 public:
  /// TimeoutChains keeps chains of period `period`; `initial_buckets` is PhaseIndex's (tests raise it).
  explicit TimeoutChains(Time period, std::size_t initial_buckets = 1)
      : period_(period), old_(period, initial_buckets), new_(period, initial_buckets) {}

  /// add_new records `thread`'s chain, which began after the latest switch.
  void add_new(int thread, Time start, std::uint64_t rank);
  /// remove forgets `thread`'s chain (it took the GIL or was signalled).
  void remove(int thread);
  /// age makes every chain old: the GIL just switched.
  void age();
  /// earliest_new is the first firing after `after` among new chains.
  Timeout earliest_new(const FiringKey& after) const {
    return new_.empty() ? Timeout{} : new_.earliest(after, phase(after.at));
  }
  /// earliest_old is the first firing after `after` among old chains.
  Timeout earliest_old(const FiringKey& after) const {
    return old_.empty() ? Timeout{} : old_.earliest(after, phase(after.at));
  }
  /// next_firing is next_chain_firing for `thread`'s chain, which must be present.
  Time next_firing(int thread, const FiringKey& after) const;

 private:
  /// Where is a thread's chain and epoch_ when it was added, which tells which index holds it (the
  /// current epoch: new_).
  struct Where {
    Chain chain;
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

  Time period_;
  mutable Time memo_at_ = 0;     ///< phase()'s last question
  mutable Time memo_phase_ = 0;  ///< and its answer (the phase of 0 is 0)
  PhaseIndex old_;
  PhaseIndex new_;
  std::uint64_t epoch_ = 0;   ///< age() calls that moved chains
  std::vector<Where> where_;  ///< by thread
};

}  // namespace gilsim
