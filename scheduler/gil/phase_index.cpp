#include "scheduler/gil/phase_index.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

namespace gilsim {

namespace {

/// kChainsPerBucket is the load past which the buckets double: a few chains share a bucket (a binary
/// search and a short move of a vector cost less than more buckets to skip), and up to that many chains
/// live in a single sorted vector, with no bucket to look for.
constexpr std::size_t kChainsPerBucket = 8;
/// kMaxBuckets caps the growth: past a million buckets more of them save nothing.
constexpr std::size_t kMaxBuckets = std::size_t{1} << 20;

}  // namespace

PhaseIndex::PhaseIndex(Time period, std::size_t initial_buckets) : period_(std::max<Time>(period, 1)) {
  const auto wanted = static_cast<Time>(std::clamp<std::size_t>(initial_buckets, 1, kMaxBuckets));
  while (((period_ - 1) >> shift_) + 1 > wanted) ++shift_;
  first_shift_ = shift_;
  resize(shift_);
}

// The new chains' index empties at every switch of the GIL; after thousands of threads arrived together
// it would keep thousands of empty buckets, and every search would walk their bitmap. Shrinking costs a
// pass over the buckets, which the insertions that grew them have paid for.
void PhaseIndex::shrink_if_empty() {
  if (size_ == 0 && shift_ != first_shift_) resize(first_shift_);
}

void PhaseIndex::insert(Time phase, std::uint64_t rank, int thread, Time start) {
  const std::size_t b = bucket_of(phase);
  Bucket& k = buckets_[b];
  if (k.empty()) mark(b, true);  // (an emptied bucket was cleared when its last chain left)
  // Appended, then moved down past the chains it sorts before: usually none, as a new chain starts now,
  // after those of its bucket; a few when an older chain moves in from the new index.
  k.chains.emplace_back(phase, rank, thread, start);
  Chain* const first = k.chains.data() + k.head;
  for (Chain* c = k.chains.data() + k.chains.size() - 1; c != first && before(*c, c[-1]); --c) {
    std::swap(*c, c[-1]);
  }
  ++size_;
  if (size_ > kChainsPerBucket * buckets_.size() && shift_ > 0 && buckets_.size() < kMaxBuckets) [[unlikely]]
    resize(shift_ - 1);
}

void PhaseIndex::erase(Time phase, std::uint64_t rank) {
  const std::size_t b = bucket_of(phase);
  Bucket& k = buckets_[b];
  const auto first = k.chains.begin() + k.head;
  // The GIL usually signals its longest waiter, the front of a crowded bucket: found without a search.
  const auto at = first->rank == rank
                      ? first
                      : std::lower_bound(first, k.chains.end(), Chain{phase, rank, -1, 0}, before);
  assert(at != k.chains.end() && at->rank == rank);
  if (at == first) {
    ++k.head;
  } else {
    k.chains.erase(at);
  }
  --size_;
  if (k.empty()) {
    release(b);
  } else if (k.head >= 64 && 2 * k.head >= k.chains.size()) {
    k.chains.erase(k.chains.begin(), k.chains.begin() + k.head);  // the dropped fronts outnumber the rest
    k.head = 0;
  }
}

// Halving the buckets' width doubles their number; the chains, taken in order, keep it in their new
// buckets (a bucket's phases stay contiguous).
void PhaseIndex::resize(int shift) {
  std::vector<Chain> all;
  all.reserve(size_);
  take_all([&all](const Chain& c) { all.push_back(c); });
  shift_ = shift;
  buckets_.assign(static_cast<std::size_t>(((period_ - 1) >> shift_) + 1), Bucket{});
  used_.assign((buckets_.size() + 63) / 64, 0);
  summary_.assign((used_.size() + 63) / 64, 0);
  for (const Chain& c : all) {
    const std::size_t b = bucket_of(c.phase);
    if (buckets_[b].chains.empty()) mark(b, true);
    buckets_[b].chains.emplace_back(c.phase, c.rank, c.thread, c.start);
  }
  size_ = all.size();
}

void PhaseIndex::release(std::size_t b) {
  buckets_[b].chains.clear();
  buckets_[b].head = 0;
  mark(b, false);
}

void PhaseIndex::mark(std::size_t b, bool used) {
  const std::size_t w = b >> 6;
  const std::uint64_t bit = std::uint64_t{1} << (b & 63);
  const std::uint64_t summary_bit = std::uint64_t{1} << (w & 63);
  if (used) {
    used_[w] |= bit;
    summary_[w >> 6] |= summary_bit;
  } else {
    used_[w] &= ~bit;
    if (used_[w] == 0) summary_[w >> 6] &= ~summary_bit;
  }
}

// Phases may crowd into a few buckets (threads created at one instant share a phase), leaving long runs
// of empty ones: the summary (a bit per word of used_) skips 4,096 buckets a word.
std::size_t PhaseIndex::next_used(std::size_t b) const {
  if (b >= buckets_.size()) return buckets_.size();
  std::size_t w = b >> 6;
  const std::uint64_t word = used_[w] & (~std::uint64_t{0} << (b & 63));
  if (word != 0) return (w << 6) + static_cast<std::size_t>(std::countr_zero(word));
  if (++w == used_.size()) return buckets_.size();
  std::size_t s = w >> 6;
  std::uint64_t summary = summary_[s] & (~std::uint64_t{0} << (w & 63));
  while (summary == 0) {
    if (++s == summary_.size()) return buckets_.size();
    summary = summary_[s];
  }
  w = (s << 6) + static_cast<std::size_t>(std::countr_zero(summary));
  return (w << 6) + static_cast<std::size_t>(std::countr_zero(used_[w]));
}

}  // namespace gilsim
