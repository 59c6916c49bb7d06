// NewGil: the GIL of CPython >= 3.2 ("new GIL", Python/ceval_gil.c), as a policy over a GilHost.
//
// Notes on what it reproduces, by CPython's names:
// - interval: a thread that wants the GIL waits on a condition for at most the switch interval
//   (sys.setswitchinterval, 5 ms by default).
// - drop request: if that wait times out and no switch happened meanwhile (switch_number unchanged), the
//   waiter sets gil_drop_request; the holder sees it at its next eval-breaker check and drops the GIL.
// - forced switching (FORCE_SWITCHING): a thread that drops on request then waits until another thread has
//   taken the GIL (last_holder changed), so it cannot immediately retake it.
// - a drop signals one waiter (COND_SIGNAL); that waiter needs `handoff` to wake. Meanwhile the GIL is free
//   and a running thread that wants it takes it first: this is how an I/O-bound thread loses to a CPU-bound
//   one (the convoy effect, bpo-7946).
// - a thread back from a blocking call retakes the GIL like any waiter.
// - a signalled waiter that finds the GIL taken again waits on the condition again, behind the others
//   (a fair condition variable's queue).
// How it is computed: in CPython every waiter wakes once per interval to look at switch_number; almost
// always a switch happened meanwhile and it waits again. Here a waiter's deadlines are kept implicit (its
// wait's start plus multiples of the interval) and only the deadline that can change something is armed:
// the first one a full interval after the last switch (it sets the drop request), or one falling while the
// GIL is free (that waiter takes it). The outcome is the same, at a cost per hand-off that does not grow
// with the number of waiters.
// Where it differs: which waiter a drop wakes is the OS's choice in CPython; here it is explicit and
// repeatable (WakeupOrder::Fifo, or Random from the run's seed). Waking costs no core time. An exiting
// thread never waits for a switch (3.12's behaviour).
#pragma once

#include <cstdint>
#include <list>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "scheduler/gil/gil_host.hpp"
#include "sim/model/scenario.hpp"

namespace gilsim {

class NewGil {
 public:
  /// NewGil starts unlocked with the given switch interval, wake-up latency and waiter order.
  NewGil(GilHost& host, Time interval, Time handoff, WakeupOrder order);

  /// take returns true if `thread` got the GIL at once; otherwise it waits and the host hears granted().
  bool take(int thread);
  /// drop releases the GIL held by `thread`. Returns true if the thread must now wait for a switch (a drop
  /// request was pending): the host hears switched() once another thread took the GIL. `exiting` threads
  /// never wait: CPython >= 3.12 drops with tstate == NULL at thread exit (gh-104341); 3.11 made an exiting
  /// thread wait for the switch too, which only delays its own end (joiners are released before).
  bool drop(int thread, bool exiting = false);
  /// on_waiter_wakes is the host's callback for wake_waiter_at: a timeout or a signalled wake-up.
  void on_waiter_wakes(int thread);

  /// holder is the thread holding the GIL, or -1.
  int holder() const { return locked_ ? holder_ : -1; }
  /// drop_request_pending is CPython's gil_drop_request.
  bool drop_request_pending() const { return drop_request_; }
  /// switch_number counts changes of holder, as CPython's gil->switch_number does.
  std::uint64_t switch_number() const { return switch_number_; }
  /// waiting counts threads waiting to take the GIL.
  std::size_t waiting() const { return waiters_.size(); }
  /// interval is the current switch interval.
  Time interval() const { return interval_; }

 private:
  /// Waiter is a thread in take_gil's loop: in a timed wait since `start` (its deadlines fall every interval
  /// from there), or signalled by a drop and waking at `wake`.
  struct Waiter {
    int thread;
    Time start;
    std::uint64_t seq;  ///< orders waiters whose deadlines coincide, as their timers were armed
    bool signalled;
    Time wake;
  };
  using Queue = std::list<Waiter>;
  void acquire(int thread);
  void start_timed_wait(Waiter& w);
  void remove(int thread);
  void signal_one();
  void rearm();
  Time next_deadline(const Waiter& w, Time at_or_after) const;
  std::pair<Time, int> earliest_deadline(Time at_or_after, bool must_follow_a_quiet_interval) const;
  bool no_switch_before(const Waiter& w, Time deadline) const;
  Queue::iterator find(int thread);

  GilHost& host_;
  Time interval_;
  Time handoff_;
  WakeupOrder order_;
  bool locked_ = false;
  int holder_ = -1;
  int last_holder_ = -1;
  std::uint64_t switch_number_ = 0;
  Time last_switch_ = 0;  ///< when switch_number last changed
  bool drop_request_ = false;
  Queue waiters_;                       ///< in arrival order (a waiter that waits again goes to the back)
  std::vector<Queue::iterator> where_;  ///< by thread id: its place in waiters_, or waiters_.end()
  /// The waiters in a timed wait, by the phase of their deadlines within an interval: only the one whose
  /// deadline can matter next has a wake-up armed (see rearm()).
  /// Key orders timed waiters by (phase, start, seq): within a phase, by when they started waiting.
  using Key = std::tuple<Time, Time, std::uint64_t, int>;
  using Timed = std::set<Key>;
  Key key(const Waiter& w) const { return Key{w.start % interval_, w.start, w.seq, w.thread}; }
  std::pair<Time, int> group_deadline(Timed::const_iterator from, Timed::const_iterator to, Time t,
                                      bool must_follow_a_quiet_interval) const;
  static constexpr Time kMinTime = INT64_MIN;
  Timed timed_;
  std::uint64_t seq_ = 0;
  std::vector<int> signalled_;  ///< waiters woken by a drop and not yet running (rarely more than one)
  int armed_ = -1;              ///< the timed waiter whose deadline is armed, or -1
  Time armed_at_ = 0;
  std::vector<int> awaiting_switch_;  ///< threads that dropped on request, waiting for last_holder to change
  std::vector<int> released_;         ///< scratch for acquire(), kept to avoid an allocation per hand-off
};

}  // namespace gilsim
