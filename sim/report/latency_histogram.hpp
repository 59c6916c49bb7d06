// LatencyHistogram: bounded-memory distribution of durations, for percentiles over millions of samples.
//
// Buckets are log-linear: exact below 128 ns, then 64 buckets per power of two, so any value is known to
// within 1/64 (1.6 %) of itself. The maximum and the mean are exact.
#pragma once

#include <array>
#include <cstdint>

#include "sim/core/time.hpp"

namespace gilsim {

class LatencyHistogram {
 public:
  /// add records one duration (negative ones count as 0).
  void add(Time v) {
    v = v < 0 ? 0 : v;
    ++counts_[bucket(static_cast<std::uint64_t>(v))];
    ++count_;
    sum_ += static_cast<double>(v);
    if (v > max_) max_ = v;
  }
  std::uint64_t count() const { return count_; }
  Time max() const { return max_; }
  Time mean() const { return count_ ? static_cast<Time>(sum_ / static_cast<double>(count_)) : 0; }

  /// percentile is the smallest recorded bucket value with at least p (0..1) of the samples at or below it.
  Time percentile(double p) const {
    if (count_ == 0) return 0;
    const auto target = static_cast<std::uint64_t>(p * static_cast<double>(count_) + 0.999999);
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < counts_.size(); ++b) {
      seen += counts_[b];
      if (seen >= target && counts_[b] > 0) return std::min<Time>(upper(b), max_);
    }
    return max_;
  }

 private:
  static constexpr int kLinear = 128;
  static constexpr int kSubBuckets = 64;

  static std::size_t bucket(std::uint64_t v) {
    if (v < kLinear) return static_cast<std::size_t>(v);
    const int msb = 63 - __builtin_clzll(v);  // >= 7
    const int shift = msb - 6;                // keep the 7 leading bits: 64..127
    const auto mantissa = static_cast<std::size_t>(v >> shift) - kSubBuckets;
    return kLinear + static_cast<std::size_t>(shift - 1) * kSubBuckets + mantissa;
  }
  static Time upper(std::size_t b) {
    if (b < kLinear) return static_cast<Time>(b);
    const std::size_t shift = (b - kLinear) / kSubBuckets + 1;
    const std::size_t mantissa = (b - kLinear) % kSubBuckets + kSubBuckets;
    return static_cast<Time>(((mantissa + 1) << shift) - 1);
  }

  std::array<std::uint64_t, kLinear + 57 * kSubBuckets> counts_{};
  std::uint64_t count_ = 0;
  double sum_ = 0;
  Time max_ = 0;
};

}  // namespace gilsim
