// Timer: a cancellable, re-armable wake-up owned by an engine object.
//
// A timer sits in its kernel's queue at most once (the queue is an indexed heap: each timer knows its
// place), so re-arming it earlier or later, or cancelling it, moves or removes its one entry. Nothing stale
// piles up: a thread re-arms its computation timer every time its work is interrupted, and an entry left
// at the work's old end would otherwise sit in the queue for the rest of the run.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/core/time.hpp"

namespace gilsim {

class Kernel;

/// Tier orders firings due at the same instant. Most timers are one-shots, ordered among themselves by
/// when they were armed. Periodic timers (a GIL waiter's timeouts every switch interval, a core's time
/// slices) keep one rank for their whole life instead: their k-th firing sorts the same whether the
/// firings before it were played one by one or skipped because they could change nothing, so a scheduler
/// may arm only the firing that matters (see docs/architecture.md, "Lazy periodic timers").
enum class Tier : std::uint8_t {
  PeriodicFirst = 0,  ///< GIL waiter timeouts: before anything else due at the same instant
  OneShot = 1,        ///< everything else, in arming order
  PeriodicLast = 2,   ///< end of a time slice: after the work that ends at the same instant
};

/// PeriodicTimers says how a scheduler plays a periodic timer. Lazy arms only the firings that can change
/// something; Eager arms every one, which is slower and kept as the reference Lazy is tested against: both
/// give the same run, event for event.
enum class PeriodicTimers : std::uint8_t { Lazy, Eager };

/// FiringKey places a firing in the run's total order: by time, then tier, then rank within the tier
/// (packed into one word, the tier in the top two bits, so the heap compares two integers).
struct FiringKey {
  Time at = 0;
  std::uint64_t order = 0;

  static constexpr int kTierShift = 62;
  static FiringKey make(Time at, Tier tier, std::uint64_t rank) {
    return FiringKey{at, (static_cast<std::uint64_t>(tier) << kTierShift) | rank};
  }
  friend bool operator<(const FiringKey& a, const FiringKey& b) {
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  }
  friend bool operator==(const FiringKey& a, const FiringKey& b) {
    return a.at == b.at && a.order == b.order;
  }
};

/// TimerOwner is told when one of its timers fires; `tag` says which.
class TimerOwner {
 public:
  virtual void on_timer(std::uint32_t tag) = 0;

 protected:
  ~TimerOwner() = default;
};

/// Timer is one wake-up slot of an owner; at most one firing is pending at a time.
class Timer {
 public:
  Timer() = default;
  Timer(TimerOwner* owner, std::uint32_t tag) : owner_(owner), tag_(tag) {}
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  /// ~Timer takes a pending firing out of the queue.
  ~Timer() { cancel(); }

  /// armed is true while a firing is pending.
  bool armed() const { return index_ != kNotQueued; }
  /// due is when the pending firing happens (meaningful only while armed).
  Time due() const { return key_.at; }
  /// cancel forgets the pending firing, if any.
  void cancel();

 private:
  friend class Kernel;
  static constexpr std::size_t kNotQueued = SIZE_MAX;
  TimerOwner* owner_ = nullptr;
  std::uint32_t tag_ = 0;
  Kernel* kernel_ = nullptr;
  std::size_t index_ = kNotQueued;  ///< its place in the kernel's heap
  FiringKey key_;
};

}  // namespace gilsim
