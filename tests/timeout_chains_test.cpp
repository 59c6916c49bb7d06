// TimeoutChains against a brute-force reference: every chain's next firing computed one by one.
//
// The structure answers "the first firing after this key" among new and among old chains with a search
// in phase order (PhaseIndex: buckets of phase), removes a chain from the index it is in, and moves the
// new chains into the old index at each switch. The reference keeps a plain list and scans it; random
// sequences of additions, removals, switches and queries must get the same answers.
#include "scheduler/gil/timeout_chains.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

namespace gilsim {
namespace {

/// ReferenceChains is the obvious implementation: a list, scanned.
class ReferenceChains {
 public:
  explicit ReferenceChains(Time period) : period_(period) {}

  void add_new(int thread, Time start, std::uint64_t rank) { chains_.push_back({thread, start, rank, true}); }
  void remove(int thread) {
    std::erase_if(chains_, [thread](const Entry& e) { return e.thread == thread; });
  }
  void age() {
    for (Entry& e : chains_) e.is_new = false;
  }
  Timeout earliest(bool is_new, const FiringKey& after) const {
    std::optional<Timeout> best;
    std::uint64_t best_rank = 0;
    for (const Entry& e : chains_) {
      if (e.is_new != is_new) continue;
      const Time at = first_firing_after(e, after);
      if (!best || std::tie(at, e.rank) < std::tie(best->at, best_rank)) {
        best = Timeout{at, e.thread};
        best_rank = e.rank;
      }
    }
    return best ? *best : Timeout{};
  }
  /// firing_of is the key of `thread`'s first timeout after `after`, as the cursor reads while it fires.
  std::optional<FiringKey> firing_of(int thread, const FiringKey& after) const {
    for (const Entry& e : chains_) {
      if (e.thread == thread)
        return FiringKey::make(first_firing_after(e, after), Tier::PeriodicFirst, e.rank);
    }
    return std::nullopt;
  }
  /// chain_of is `thread`'s (start, rank), if it has a chain.
  std::optional<std::pair<Time, std::uint64_t>> chain_of(int thread) const {
    for (const Entry& e : chains_) {
      if (e.thread == thread) return std::pair{e.start, e.rank};
    }
    return std::nullopt;
  }
  bool has(int thread) const {
    return std::any_of(chains_.begin(), chains_.end(),
                       [thread](const Entry& e) { return e.thread == thread; });
  }

 private:
  struct Entry {
    int thread;
    Time start;
    std::uint64_t rank;
    bool is_new;
  };
  /// The chain times out at start + k * period, k >= 1: step through them from a little before `after`.
  Time first_firing_after(const Entry& e, const FiringKey& after) const {
    Time at = e.start + period_ * std::max<Time>(1, (after.at - e.start) / period_ - 1);
    while (!(after < FiringKey::make(at, Tier::PeriodicFirst, e.rank))) at += period_;
    return at;
  }
  Time period_;
  std::vector<Entry> chains_;
};

void expect_same(const Timeout& got, const Timeout& want, int step) {
  ASSERT_EQ(static_cast<bool>(got), static_cast<bool>(want)) << "step " << step;
  if (!got) return;
  EXPECT_EQ(got.thread, want.thread) << "step " << step;
  EXPECT_EQ(got.at, want.at) << "step " << step;
}

/// A query key at or after the latest start, as the GIL asks them: a firing of any tier.
FiringKey random_key(std::mt19937_64& rng, Time now, Time period, std::uint64_t ranks) {
  // Often exactly now: a chain that started now is not due at now whatever the order.
  const Time at =
      rng() % 4 == 0 ? now : now + static_cast<Time>(rng() % static_cast<std::uint64_t>(3 * period));
  switch (rng() % 3) {
    case 0:
      return FiringKey::make(at, Tier::PeriodicFirst, rng() % (ranks + 2));
    case 1:
      return FiringKey::make(at, Tier::OneShot, rng() % 1000);
    default:
      return FiringKey::make(at, Tier::PeriodicLast, rng() % (ranks + 2));
  }
}

/// RandomRun is one random sequence of additions, removals, switches and queries, played on TimeoutChains
/// and on the reference.
struct RandomRun {
  int threads = 40;
  int steps = 2000;
  std::size_t initial_buckets = 1;
  bool big_jumps = true;  ///< the clock sometimes moves several periods at once
};

void play(const RandomRun& run, std::uint64_t seed) {
  constexpr Time kPeriod = 5000;
  std::mt19937_64 rng(seed);
  TimeoutChains chains(kPeriod, run.initial_buckets);
  ReferenceChains reference(kPeriod);
  Time now = 0;
  std::uint64_t rank = 0;
  for (int step = 0; step < run.steps; ++step) {
    // Starts repeat often (several waiters arriving at one instant share a phase) and move forward.
    if (rng() % 3 == 0) {
      now += static_cast<Time>(run.big_jumps && rng() % 4 == 0 ? rng() % (4 * kPeriod) : rng() % 50);
    }
    const int thread = static_cast<int>(rng() % static_cast<std::uint64_t>(run.threads));
    switch (rng() % 5) {
      case 0:
      case 1:
        if (!reference.has(thread)) {
          chains.add_new(thread, now, rank);
          reference.add_new(thread, now, rank);
          ++rank;
        }
        break;
      case 2:
        chains.remove(thread);
        reference.remove(thread);
        break;
      case 3:
        chains.age();
        reference.age();
        break;
      default: {
        // Half the time the key of a chain's own timeout: the cursor when that timeout fires.
        const std::optional<FiringKey> own =
            reference.firing_of(thread, FiringKey::make(now, Tier::OneShot, 0));
        const FiringKey after = own && rng() % 2 == 0 ? *own : random_key(rng, now, kPeriod, rank);
        expect_same(chains.earliest_new(after), reference.earliest(true, after), step);
        expect_same(chains.earliest_old(after), reference.earliest(false, after), step);
        if (const auto chain = reference.chain_of(thread)) {
          EXPECT_EQ(chains.next_firing(thread, after),
                    next_chain_firing(chain->first, chain->second, kPeriod, after))
              << "step " << step;
        }
      }
    }
    if (::testing::Test::HasFailure()) FAIL() << "seed " << seed << ", step " << step;
  }
}

/// play_seeds plays `run` with seeds 1 to `seeds`, stopping at the first that fails.
void play_seeds(const RandomRun& run, std::uint64_t seeds) {
  for (std::uint64_t seed = 1; seed <= seeds && !::testing::Test::HasFailure(); ++seed) play(run, seed);
}

TEST(TimeoutChains, AgreesWithAScanOfEveryChain) {
  play_seeds(RandomRun{}, 50);
}

// Thousands of buckets for a few chains: most of a search is finding the next bucket in use, in the
// bitmap's second level too (5,000 buckets are 79 words of the first).
TEST(TimeoutChains, AgreesWithAScanWhenBucketsOutnumberChains) {
  RandomRun run;
  run.initial_buckets = 1 << 13;
  play_seeds(run, 20);
}

// Threads created at one instant share a phase and a bucket; the GIL signals the longest waiter, the
// bucket's front, so a bucket drops its front by moving a head index and, once the dropped outnumber the
// rest, closes the gap.
TEST(TimeoutChains, ABucketLosingItsFrontAgreesWithAScan) {
  constexpr Time kPeriod = 5000;
  TimeoutChains chains(kPeriod);
  ReferenceChains reference(kPeriod);
  std::uint64_t rank = 0;
  for (int thread = 0; thread < 300; ++thread) {
    chains.add_new(thread, 0, rank);
    reference.add_new(thread, 0, rank);
    ++rank;
  }
  chains.age();
  reference.age();
  for (int thread = 0; thread < 300; ++thread) {
    const Time now = 10 * thread;
    if (thread % 3 == 0) {  // a waiter that dropped the GIL joins again, later in the period
      chains.add_new(1000 + thread, now, rank);
      reference.add_new(1000 + thread, now, rank);
      ++rank;
    }
    for (const FiringKey after :
         {FiringKey::make(now, Tier::OneShot, 0), FiringKey::make(kPeriod, Tier::OneShot, 0)}) {
      expect_same(chains.earliest_old(after), reference.earliest(false, after), thread);
      expect_same(chains.earliest_new(after), reference.earliest(true, after), thread);
    }
    chains.remove(thread);
    reference.remove(thread);
    ASSERT_FALSE(HasFailure()) << "after removing " << thread;
  }
}

// Thousands of chains: the index doubles its buckets as it grows, and chains started at one instant pile
// up in one bucket, whose front is dropped and taken again.
TEST(TimeoutChains, AgreesWithAScanAsTheIndexGrows) {
  RandomRun run;
  run.threads = 3000;
  run.steps = 20000;
  run.big_jumps = false;
  play_seeds(run, 3);
}

// next_chain_firing (what a signalled waiter's timeout would have been) against stepping through the
// chain's timeouts one period at a time.
TEST(TimeoutChains, NextChainFiringIsTheFirstTimeoutAfterTheKey) {
  constexpr Time kPeriod = 5000;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const Time start = static_cast<Time>(rng() % 100000);
    const std::uint64_t rank = rng() % 50;
    // From the chain's start on; a third of the keys fall exactly on one of its timeouts.
    Time at = start + static_cast<Time>(rng() % (4 * kPeriod));
    if (rng() % 3 == 0) at = start + kPeriod * static_cast<Time>(rng() % 4);
    const FiringKey after = FiringKey::make(at, static_cast<Tier>(rng() % 3), rng() % 50);
    Time want = start + kPeriod;
    while (!(after < FiringKey::make(want, Tier::PeriodicFirst, rank))) want += kPeriod;
    ASSERT_EQ(next_chain_firing(start, rank, kPeriod, after), want) << "start " << start << " key " << at;
  }
}

// A chain removed after it moved to the old set, or removed twice, leaves the rest as they were.
TEST(TimeoutChains, RemovesAChainInEitherSet) {
  TimeoutChains chains(1000);
  chains.add_new(1, 0, 0);
  chains.add_new(2, 10, 1);
  chains.age();  // 1 and 2 are old now
  chains.add_new(3, 20, 2);
  chains.remove(1);
  chains.remove(1);
  chains.remove(7);  // never added
  const FiringKey after = FiringKey::make(20, Tier::OneShot, 0);
  const Timeout old = chains.earliest_old(after);
  ASSERT_TRUE(old);
  EXPECT_EQ(old.thread, 2);
  EXPECT_EQ(old.at, 1010);
  const Timeout fresh = chains.earliest_new(after);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh.thread, 3);
  EXPECT_EQ(fresh.at, 1020);
  chains.remove(3);
  EXPECT_FALSE(chains.earliest_new(after));
  // A switch with no new chain moves nothing; a chain added and aged after it is old and removable.
  chains.age();
  chains.add_new(4, 30, 3);
  chains.age();
  EXPECT_FALSE(chains.earliest_new(after));
  ASSERT_TRUE(chains.earliest_old(after));
  chains.remove(4);
  chains.remove(2);
  EXPECT_FALSE(chains.earliest_old(after));
}

}  // namespace
}  // namespace gilsim
