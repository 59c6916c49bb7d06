#include "scheduler/gil/new_gil.hpp"

#include <algorithm>
#include <cassert>

namespace gilsim {

NewGil::NewGil(GilHost& host, Time interval, Time handoff, WakeupOrder order, PeriodicTimers timers)
    : host_(host),
      interval_(std::max<Time>(interval, 1)),
      handoff_(handoff),
      order_(order),
      timers_(timers),
      chains_(interval_) {}

bool NewGil::take(int thread) {
  assert(holder() != thread);
  const Call call(*this);
  const bool at_once = !locked_;
  if (at_once) {
    acquire(thread);
  } else {
    enqueue(thread);
    start_timed_wait(thread);
  }
  if (call.outermost()) arm_next_timeout();
  return at_once;
}

bool NewGil::drop(int thread, bool exiting) {
  assert(locked_ && holder_ == thread);
  const Call call(*this);
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
  if (call.outermost()) arm_next_timeout();
  return forced;
}

void NewGil::on_waiter_wakes(int thread) {
  Waiter& w = slot(thread);
  if (!w.waiting) return;                             // it took the GIL meanwhile
  if (!w.signalled && armed_ == thread) armed_ = -1;  // Lazy: the armed timeout fired
  const Call call(*this);
  if (!locked_) {
    acquire(thread);
    host_.granted(thread);
  } else if (w.signalled) {
    // Signalled but beaten to it: it waits on the condition again, behind those already waiting.
    w.signalled = false;
    --signalled_;
    unlink(thread);
    enqueue(thread);
    start_timed_wait(thread);
  } else {
    on_timeout(thread);
  }
  if (call.outermost()) arm_next_timeout();
}

// A timed wait ended with the GIL held. Only a full interval without any switch justifies asking the
// holder to drop (ceval_gil.c, take_gil); then the waiter waits another interval.
void NewGil::on_timeout(int thread) {
  Waiter& w = slots_[static_cast<std::size_t>(thread)];
  const bool ask = !drop_request_ && wait_saw_no_switch(w);
  if (timers_ == PeriodicTimers::Eager) {
    w.saved_switch = switch_number_;
    host_.time_out_waiter_at(thread, host_.now() + interval_, w.rank);
  }
  if (ask) {
    drop_request_ = true;
    host_.drop_requested(holder_, thread);
  }
}

// Eager keeps switch_number as CPython does, at the start of every wait. Lazy did not see the waits that
// ended without effect: the wait that just timed out began one interval ago (or at the chain's start),
// and it saw no switch if the latest switch came before that moment.
bool NewGil::wait_saw_no_switch(const Waiter& w) const {
  if (timers_ == PeriodicTimers::Eager) return w.saved_switch == switch_number_;
  const Time began = host_.now() - interval_;
  if (began < w.start + interval_) return w.saved_switch == switch_number_;  // the chain's first wait
  return switch_key_ < FiringKey::make(began, Tier::PeriodicFirst, w.rank);
}

void NewGil::acquire(int thread) {
  const bool handoff = last_holder_ != -1 && last_holder_ != thread;
  locked_ = true;
  holder_ = thread;
  // take_gil counts a switch only when the holder changes: a thread that drops the GIL for a short I/O and
  // takes it back does not reset the waiters' "no switch meanwhile" test.
  if (last_holder_ != thread) {
    ++switch_number_;
    switch_key_ = host_.cursor();
    chains_.age();
  }
  last_holder_ = thread;
  drop_request_ = false;
  if (Waiter& w = slot(thread); w.waiting) {
    stop_timed_wait(thread);
    if (w.signalled) {
      w.signalled = false;
      --signalled_;
    }
    unlink(thread);
  }
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

void NewGil::start_timed_wait(int thread) {
  Waiter& w = slots_[static_cast<std::size_t>(thread)];
  w.start = host_.now();
  w.rank = host_.new_rank();
  w.saved_switch = switch_number_;
  if (timers_ == PeriodicTimers::Lazy) {
    chains_.add_new(thread, w.start, w.rank);
  } else {
    host_.time_out_waiter_at(thread, w.start + interval_, w.rank);
  }
}

// The waiter leaves its timed wait (it was signalled, or took the GIL): its timeouts stop.
void NewGil::stop_timed_wait(int thread) {
  const Waiter& w = slots_[static_cast<std::size_t>(thread)];
  if (w.signalled) return;  // its wait already stopped when it was signalled
  if (timers_ == PeriodicTimers::Lazy) chains_.remove(thread);
  if (timers_ == PeriodicTimers::Eager || armed_ == thread) host_.cancel_waiter_wake(thread);
  if (armed_ == thread) armed_ = -1;
}

void NewGil::signal_one() {
  const int target = pick_signal_target();
  if (target < 0) return;
  Waiter& w = slots_[static_cast<std::size_t>(target)];
  const Time timeout = timers_ == PeriodicTimers::Lazy
                           ? chains_.next_firing(target, host_.cursor())
                           : next_chain_firing(w.start, w.rank, interval_, host_.cursor());
  stop_timed_wait(target);
  w.signalled = true;
  ++signalled_;
  host_.wake_waiter_at(target, std::min(timeout, host_.now() + handoff_));
}

// FIFO: the longest waiter not woken yet; random: the pick-th of them.
int NewGil::pick_signal_target() {
  const std::size_t candidates = waiting_ - signalled_;
  if (candidates == 0) return -1;
  std::size_t pick = order_ == WakeupOrder::Fifo ? 0 : host_.pick(candidates);
  int t = head_;
  for (;;) {
    const Waiter& w = slots_[static_cast<std::size_t>(t)];
    if (!w.signalled && pick-- == 0) return t;
    t = w.next;
  }
}

void NewGil::arm_next_timeout() {
  if (timers_ == PeriodicTimers::Eager) return;
  const Timeout next = next_effective_timeout();
  if (armed_ >= 0 && next.thread != armed_) {
    host_.cancel_waiter_wake(armed_);
    armed_ = -1;
  }
  if (!next || (armed_ == next.thread && armed_at_ == next.at)) return;
  host_.time_out_waiter_at(next.thread, next.at, slots_[static_cast<std::size_t>(next.thread)].rank);
  armed_ = next.thread;
  armed_at_ = next.at;
}

// The earliest timeout that can change something. With the GIL free, any: the waiter takes it. With the
// GIL held and a drop request pending, none. With the GIL held and no request, one whose wait saw no
// switch. A chain begun after the latest switch qualifies at each timeout. An older chain's first timeout
// after the switch ends a wait that began before it; its next one qualifies, and that is its first firing
// after the switch's key shifted by one interval (the firings of a chain repeat every interval).
Timeout NewGil::next_effective_timeout() const {
  if (locked_ && drop_request_) return Timeout{};
  const FiringKey now = host_.cursor();
  FiringKey old_from = now;
  if (locked_) {
    const FiringKey shifted{switch_key_.at + interval_, switch_key_.order};
    if (now < shifted) old_from = shifted;
  }
  const Timeout fresh = chains_.earliest_new(now);
  // Old chains fire only after old_from: a new one due before that wins without a search among them (the
  // usual case after a switch, where the new chain is the dropper's, due one interval on).
  const auto rank = [this](const Timeout& t) { return slots_[static_cast<std::size_t>(t.thread)].rank; };
  if (fresh && FiringKey::make(fresh.at, Tier::PeriodicFirst, rank(fresh)) < old_from) return fresh;
  const Timeout old = chains_.earliest_old(old_from);
  if (!fresh) return old;
  if (!old) return fresh;
  const bool old_first = old.at != fresh.at ? old.at < fresh.at : rank(old) < rank(fresh);
  return old_first ? old : fresh;
}

// --- the waiters' list, in arrival order

void NewGil::enqueue(int thread) {
  Waiter& w = slot(thread);
  w.waiting = true;
  w.prev = tail_;
  w.next = -1;
  if (tail_ >= 0) {
    slots_[static_cast<std::size_t>(tail_)].next = thread;
  } else {
    head_ = thread;
  }
  tail_ = thread;
  ++waiting_;
}

void NewGil::unlink(int thread) {
  Waiter& w = slots_[static_cast<std::size_t>(thread)];
  if (w.prev >= 0) {
    slots_[static_cast<std::size_t>(w.prev)].next = w.next;
  } else {
    head_ = w.next;
  }
  if (w.next >= 0) {
    slots_[static_cast<std::size_t>(w.next)].prev = w.prev;
  } else {
    tail_ = w.prev;
  }
  w.waiting = false;
  w.prev = w.next = -1;
  --waiting_;
}

}  // namespace gilsim
