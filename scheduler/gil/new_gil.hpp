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
// Where it differs: which waiter a drop wakes is the OS's choice in CPython; here it is explicit and
// repeatable (WakeupOrder::Fifo, or Random from the run's seed). Waking costs no core time. An exiting
// thread never waits for a switch (3.12's behaviour).
#pragma once

#include <cstdint>
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
  struct Waiter {
    int thread;
    Time deadline;               ///< end of the current timed wait
    std::uint64_t saved_switch;  ///< switch_number when the current timed wait began
    bool signalled;              ///< woken by a drop; wakes at now + handoff
  };
  void acquire(int thread);
  void start_timed_wait(Waiter& w);
  void signal_one();
  std::size_t find(int thread) const;

  GilHost& host_;
  Time interval_;
  Time handoff_;
  WakeupOrder order_;
  bool locked_ = false;
  int holder_ = -1;
  int last_holder_ = -1;
  std::uint64_t switch_number_ = 0;
  bool drop_request_ = false;
  std::vector<Waiter> waiters_;       ///< in arrival order
  std::vector<int> awaiting_switch_;  ///< threads that dropped on request, waiting for last_holder to change
  std::vector<int> released_;         ///< scratch for acquire()
};

}  // namespace gilsim
