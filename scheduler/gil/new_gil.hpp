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
//
// Threads are the host's numbers for them, small and dense (0, 1, ... among the threads of this GIL's
// process): the policy keeps a slot per number, so numbers from a run-wide count would cost a slot for
// every thread of the run in every process.
//
// Timeouts: each waiter's timed waits are a periodic timer (TimeoutChains). In PeriodicTimers::Lazy mode only
// the one timeout that can change something is armed, so N waiters cost one search per switch instead of N
// firings per interval; Eager arms them all and is the reference the tests compare Lazy with.
#pragma once

#include <cstdint>
#include <vector>

#include "scheduler/gil/gil_host.hpp"
#include "scheduler/gil/timeout_chains.hpp"
#include "sim/model/scenario.hpp"

namespace gilsim {

class NewGil {
 public:
  /// NewGil starts unlocked with the given switch interval, wake-up latency and waiter order.
  NewGil(GilHost& host, Time interval, Time handoff, WakeupOrder order,
         PeriodicTimers timers = PeriodicTimers::Lazy);

  /// take returns true if `thread` got the GIL at once; otherwise it waits and the host hears granted().
  bool take(int thread);
  /// drop releases the GIL held by `thread`. Returns true if the thread must now wait for a switch (a drop
  /// request was pending): the host hears switched() once another thread took the GIL. `exiting` threads
  /// never wait: CPython >= 3.12 drops with tstate == NULL at thread exit (gh-104341); 3.11 made an exiting
  /// thread wait for the switch too, which only delays its own end (joiners are released before).
  bool drop(int thread, bool exiting = false);
  /// on_waiter_wakes is the host's callback for a wake-up it was asked for: a timeout or a signal.
  void on_waiter_wakes(int thread);

  /// holder is the thread holding the GIL, or -1.
  int holder() const { return locked_ ? holder_ : -1; }
  /// drop_request_pending is CPython's gil_drop_request.
  bool drop_request_pending() const { return drop_request_; }
  /// switch_number counts changes of holder, as CPython's gil->switch_number does.
  std::uint64_t switch_number() const { return switch_number_; }
  /// waiting counts threads waiting to take the GIL.
  std::size_t waiting() const { return waiting_; }
  /// interval is the current switch interval.
  Time interval() const { return interval_; }

 private:
  /// Waiter is a thread's place among the waiters, kept in arrival order (a list through the slots).
  struct Waiter {
    bool waiting = false;
    bool signalled = false;      ///< woken by a drop; wakes at now + handoff
    Time start = 0;              ///< when the current timed wait began: it times out at start + k * interval
    std::uint64_t rank = 0;      ///< the timed wait's rank among periodic firings
    std::uint64_t saved_switch;  ///< switch_number when the wait began (Eager: at its last timeout)
    int prev = -1;
    int next = -1;
  };
  Waiter& slot(int thread) {
    const auto i = static_cast<std::size_t>(thread);
    if (i >= slots_.size()) [[unlikely]]
      slots_.resize(i + 1);  // a thread number seen for the first time
    return slots_[i];
  }
  void enqueue(int thread);
  void unlink(int thread);
  void acquire(int thread);
  void start_timed_wait(int thread);
  void stop_timed_wait(int thread);
  void on_timeout(int thread);
  bool wait_saw_no_switch(const Waiter& w) const;
  void signal_one();
  int pick_signal_target();
  /// Call marks a public call in progress. The host's callbacks may call take() or drop() again (a thread
  /// released from its forced switch retakes the GIL at once); the timeout to arm depends only on the state
  /// at the end, so only the outermost call works it out, just before it returns.
  class Call {
   public:
    explicit Call(NewGil& gil) : gil_(gil) { ++gil_.depth_; }
    ~Call() { --gil_.depth_; }
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;
    bool outermost() const { return gil_.depth_ == 1; }

   private:
    NewGil& gil_;
  };
  void arm_next_timeout();
  Timeout next_effective_timeout() const;

  GilHost& host_;
  Time interval_;
  Time handoff_;
  WakeupOrder order_;
  PeriodicTimers timers_;
  bool locked_ = false;
  int holder_ = -1;
  int last_holder_ = -1;
  std::uint64_t switch_number_ = 0;
  FiringKey switch_key_{-1, 0};  ///< the cursor when the holder last changed
  bool drop_request_ = false;
  std::vector<Waiter> slots_;  ///< by the host's thread number
  int head_ = -1;              ///< longest waiter
  int tail_ = -1;
  std::size_t waiting_ = 0;
  TimeoutChains chains_;  ///< Lazy: the timed waits of waiters not signalled
  int armed_ = -1;        ///< Lazy: the waiter whose timeout is armed
  int depth_ = 0;         ///< public calls in progress (the host's callbacks may nest them)
  Time armed_at_ = 0;
  std::size_t signalled_ = 0;         ///< waiters signalled and not yet awake
  std::vector<int> awaiting_switch_;  ///< threads that dropped on request, waiting for last_holder to change
  std::vector<int> released_;         ///< scratch for acquire()
};

}  // namespace gilsim
