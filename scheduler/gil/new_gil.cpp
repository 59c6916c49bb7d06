#include "scheduler/gil/new_gil.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>

namespace gilsim {

NewGil::NewGil(GilHost& host, Time interval, Time handoff, WakeupOrder order)
    : host_(host), interval_(std::max<Time>(interval, 1)), handoff_(handoff), order_(order) {}

bool NewGil::take(int thread) {
  assert(holder() != thread);
  if (!locked_) {
    acquire(thread);
    return true;
  }
  if (thread >= static_cast<int>(where_.size()))
    where_.resize(static_cast<std::size_t>(thread) + 1, waiters_.end());
  where_[static_cast<std::size_t>(thread)] = waiters_.insert(waiters_.end(), Waiter{thread, 0, 0, false, 0});
  start_timed_wait(waiters_.back());
  rearm();
  return false;
}

bool NewGil::drop(int thread, bool exiting) {
  assert(locked_ && holder_ == thread);
  const bool forced = drop_request_ && !exiting;
  locked_ = false;
  holder_ = -1;
  host_.released(thread, forced);
  if (forced) {
    // FORCE_SWITCHING: the dropper may not retake the GIL before someone else has had it.
    drop_request_ = false;
    awaiting_switch_.push_back(thread);
  }
  signal_one();
  rearm();
  return forced;
}

void NewGil::on_waiter_wakes(int thread) {
  const auto it = find(thread);
  if (it == waiters_.end()) return;  // it took the GIL meanwhile
  Waiter& w = *it;
  const Time now = host_.now();
  const bool signalled = w.signalled;
  if (signalled ? now != w.wake : (armed_ != thread || now != armed_at_))
    return;  // stale: it no longer matters
  if (signalled) {
    w.signalled = false;
    signalled_.erase(std::find(signalled_.begin(), signalled_.end(), thread));
  } else {
    armed_ = -1;
  }
  if (!locked_) {
    acquire(thread);
    host_.granted(thread);
    return;
  }
  if (signalled) {
    // Signalled but beaten to it: it waits on the condition again, behind those already waiting.
    waiters_.splice(waiters_.end(), waiters_, it);
    start_timed_wait(w);
  } else if (!drop_request_ && no_switch_before(w, now)) {
    // A full interval without any switch justifies asking the holder to drop (ceval_gil.c, take_gil).
    drop_request_ = true;
    host_.drop_requested(holder_, thread);
  }
  rearm();
}

void NewGil::acquire(int thread) {
  const bool handoff = last_holder_ != -1 && last_holder_ != thread;
  locked_ = true;
  holder_ = thread;
  // take_gil counts a switch only when the holder changes: a thread that drops the GIL for a short I/O and
  // takes it back does not reset the waiters' "no switch meanwhile" test.
  if (last_holder_ != thread) {
    ++switch_number_;
    last_switch_ = host_.now();
  }
  last_holder_ = thread;
  drop_request_ = false;
  remove(thread);
  host_.acquired(thread, handoff);
  // Threads that dropped on request may go on once last_holder is no longer them.
  if (!awaiting_switch_.empty()) {
    released_.clear();
    for (int t : awaiting_switch_) {
      if (t != thread) released_.push_back(t);
    }
    awaiting_switch_.erase(std::remove_if(awaiting_switch_.begin(), awaiting_switch_.end(),
                                          [thread](int t) { return t != thread; }),
                           awaiting_switch_.end());
    for (int t : released_) host_.switched(t);
  }
  rearm();
}

// A timed wait starts now: deadlines every interval from here. Nothing is armed yet: rearm() decides.
void NewGil::start_timed_wait(Waiter& w) {
  w.start = host_.now();
  w.seq = seq_++;
  w.signalled = false;
  timed_.insert(key(w));
}

void NewGil::remove(int thread) {
  const auto it = find(thread);
  if (it == waiters_.end()) return;
  if (it->signalled) {
    signalled_.erase(std::find(signalled_.begin(), signalled_.end(), thread));
  } else {
    timed_.erase(key(*it));
  }
  if (armed_ == thread) armed_ = -1;
  host_.cancel_waiter_wake(thread);
  where_[static_cast<std::size_t>(thread)] = waiters_.end();
  waiters_.erase(it);
}

// COND_SIGNAL wakes one thread in a timed wait; it needs `handoff` to run (or its deadline comes first).
void NewGil::signal_one() {
  Queue::iterator chosen = waiters_.end();
  if (order_ == WakeupOrder::Fifo) {
    // The longest waiter not already woken.
    chosen = std::find_if(waiters_.begin(), waiters_.end(), [](const Waiter& w) { return !w.signalled; });
  } else {
    const std::size_t candidates = waiters_.size() - signalled_.size();
    if (candidates > 0) {
      std::size_t pick = host_.pick(candidates);
      for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
        if (!it->signalled && pick-- == 0) {
          chosen = it;
          break;
        }
      }
    }
  }
  if (chosen == waiters_.end()) return;
  Waiter& w = *chosen;
  const Time now = host_.now();
  timed_.erase(key(w));
  if (armed_ == w.thread) armed_ = -1;
  w.signalled = true;
  signalled_.push_back(w.thread);
  w.wake = std::min(next_deadline(w, now), now + handoff_);
  host_.wake_waiter_at(w.thread, w.wake);
}

// Arms the one timed-wait deadline that can change something: while the GIL is held (and no drop is asked
// yet), the first deadline a full interval after the last switch; while it is free, a deadline before the
// signalled waiter wakes.
void NewGil::rearm() {
  const Time now = host_.now();
  std::pair<Time, int> next{kNever, -1};
  // A deadline at this very instant has already passed: its timer, armed long before whatever event is
  // being handled now, came first.
  if (locked_ && !drop_request_) {
    next = earliest_deadline(std::max(now + 1, last_switch_ + interval_), true);
  } else if (!locked_) {
    Time first_wake = kNever;
    for (int t : signalled_) first_wake = std::min(first_wake, find(t)->wake);
    next = earliest_deadline(now + 1, false);
    if (next.first >= first_wake) next = {kNever, -1};
  }
  if (next.second == armed_ && next.first == armed_at_) return;
  if (armed_ >= 0) host_.cancel_waiter_wake(armed_);
  armed_ = next.second;
  armed_at_ = next.first;
  if (armed_ >= 0) host_.wake_waiter_at(armed_, armed_at_);
}

// The first deadline of `w` at or after `t`: start + k x interval, k >= 1.
Time NewGil::next_deadline(const Waiter& w, Time t) const {
  const Time first = w.start + interval_;
  if (t <= first) return first;
  const Time k = (t - first + interval_ - 1) / interval_;
  return first + k * interval_;
}

// The earliest deadline at or after `t` over the timed waiters, and whose it is; ties go to the waiter
// that started waiting first. Waiters are grouped by phase (the deadlines of a group coincide), and the
// search walks the circle of phases from t's, a group at a time, until no later phase can do better.
std::pair<Time, int> NewGil::earliest_deadline(Time t, bool must_follow_a_quiet_interval) const {
  std::pair<Time, int> best{kNever, -1};
  if (timed_.empty()) return best;
  const Time phase = t % interval_;
  auto it = timed_.lower_bound(Key{phase, kMinTime, 0, 0});
  if (it == timed_.end()) it = timed_.begin();
  const auto first = it;
  do {
    const Time p = std::get<0>(*it);
    const Time aligned = t + (p >= phase ? p - phase : p - phase + interval_);
    if (aligned >= best.first) break;  // phases only get later from here, and ties go to the earlier
    auto group_end = std::next(it);    // most phases hold one waiter; skip a larger group in one search
    if (group_end != timed_.end() && std::get<0>(*group_end) == p)
      group_end = timed_.lower_bound(Key{p + 1, kMinTime, 0, 0});
    const std::pair<Time, int> candidate = group_deadline(it, group_end, t, must_follow_a_quiet_interval);
    if (candidate.first < best.first) best = candidate;
    it = group_end == timed_.end() ? timed_.begin() : group_end;
  } while (it != first);
  return best;
}

// The earliest deadline at or after `t` in one phase group [from, to): the group's deadlines coincide,
// so its first waiter's, unless that one needs a quiet interval it did not have; then a waiter of the group
// that started exactly when that interval began (its first interval: the switch came before it), or the
// first waiter one interval later.
std::pair<Time, int> NewGil::group_deadline(Timed::const_iterator from, Timed::const_iterator to, Time t,
                                            bool must_follow_a_quiet_interval) const {
  const Waiter& w = *where_[static_cast<std::size_t>(std::get<3>(*from))];
  const Time d = next_deadline(w, t);
  if (!must_follow_a_quiet_interval || no_switch_before(w, d)) return {d, w.thread};
  const Time began = d - interval_;
  const auto exact = timed_.lower_bound(Key{std::get<0>(*from), began, 0, 0});
  if (exact != to && std::get<1>(*exact) == began) return {d, std::get<3>(*exact)};
  return {d + interval_, w.thread};
}

// Whether no switch happened during the interval that ends at `w`'s deadline `d`. A switch at the very
// start of that interval counts as inside it, unless the interval is the wait's first: a timed-out waiter
// restarts its wait before anything else happens at that instant, while a new waiter starts after the
// switch that made it wait.
bool NewGil::no_switch_before(const Waiter& w, Time d) const {
  const Time began = d - interval_;
  return began == w.start ? last_switch_ <= began : last_switch_ < began;
}

NewGil::Queue::iterator NewGil::find(int thread) {
  if (thread < 0 || thread >= static_cast<int>(where_.size())) return waiters_.end();
  return where_[static_cast<std::size_t>(thread)];
}

}  // namespace gilsim
