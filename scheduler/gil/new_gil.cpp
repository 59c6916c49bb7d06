#include "scheduler/gil/new_gil.hpp"

#include <algorithm>
#include <cassert>

namespace gilsim {

NewGil::NewGil(GilHost& host, Time interval, Time handoff, WakeupOrder order)
    : host_(host), interval_(std::max<Time>(interval, 1)), handoff_(handoff), order_(order) {}

bool NewGil::take(int thread) {
  assert(holder() != thread);
  if (!locked_) {
    acquire(thread);
    return true;
  }
  waiters_.push_back(Waiter{thread, 0, 0, false});
  start_timed_wait(waiters_.back());
  return false;
}

bool NewGil::drop(int thread, bool exiting) {
  assert(locked_ && holder_ == thread);
  (void)thread;
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
  return forced;
}

void NewGil::on_waiter_wakes(int thread) {
  std::size_t i = find(thread);
  if (i == waiters_.size()) return;  // it took the GIL meanwhile
  if (!locked_) {
    acquire(thread);
    host_.granted(thread);
    return;
  }
  if (waiters_[i].signalled && i + 1 < waiters_.size()) {
    // Signalled but beaten to it: it waits on the condition again, behind those already waiting.
    const Waiter again = waiters_[i];
    waiters_.erase(waiters_.begin() + static_cast<std::ptrdiff_t>(i));
    waiters_.push_back(again);
    i = waiters_.size() - 1;
  }
  Waiter& w = waiters_[i];
  const bool timed_out = !w.signalled;
  // Only a full interval without any switch justifies asking the holder to drop (ceval_gil.c, take_gil).
  if (timed_out && w.saved_switch == switch_number_ && !drop_request_) {
    drop_request_ = true;
    host_.drop_requested(holder_, thread);
  }
  start_timed_wait(w);
}

void NewGil::acquire(int thread) {
  const bool handoff = last_holder_ != -1 && last_holder_ != thread;
  locked_ = true;
  holder_ = thread;
  // take_gil counts a switch only when the holder changes: a thread that drops the GIL for a short I/O and
  // takes it back does not reset the waiters' "no switch meanwhile" test.
  if (last_holder_ != thread) ++switch_number_;
  last_holder_ = thread;
  drop_request_ = false;
  const std::size_t i = find(thread);
  if (i != waiters_.size()) waiters_.erase(waiters_.begin() + static_cast<std::ptrdiff_t>(i));
  host_.acquired(thread, handoff);
  // Threads that dropped on request may go on once last_holder is no longer them.
  if (awaiting_switch_.empty()) return;
  released_.clear();  // a reused scratch: no allocation per hand-off
  for (int t : awaiting_switch_) {
    if (t != thread) released_.push_back(t);
  }
  awaiting_switch_.erase(std::remove_if(awaiting_switch_.begin(), awaiting_switch_.end(),
                                        [thread](int t) { return t != thread; }),
                         awaiting_switch_.end());
  for (int t : released_) host_.switched(t);
}

void NewGil::start_timed_wait(Waiter& w) {
  w.deadline = host_.now() + interval_;
  w.saved_switch = switch_number_;
  w.signalled = false;
  host_.wake_waiter_at(w.thread, w.deadline);
}

void NewGil::signal_one() {
  std::size_t candidates = 0;
  for (const Waiter& w : waiters_) candidates += w.signalled ? 0 : 1;
  if (candidates == 0) return;
  // FIFO: the longest waiter not woken yet; random: the pick-th of them.
  std::size_t pick = order_ == WakeupOrder::Fifo ? 0 : host_.pick(candidates);
  std::size_t chosen = 0;
  while (waiters_[chosen].signalled || pick-- > 0) ++chosen;
  Waiter& w = waiters_[chosen];
  w.signalled = true;
  host_.wake_waiter_at(w.thread, std::min(w.deadline, host_.now() + handoff_));
}

std::size_t NewGil::find(int thread) const {
  for (std::size_t i = 0; i < waiters_.size(); ++i) {
    if (waiters_[i].thread == thread) return i;
  }
  return waiters_.size();
}

}  // namespace gilsim
