// CpuScheduler: the operating system's share of N cores among runnable threads.
//
// Threads of every process compete here. A thread is runnable while it runs Python code holding its GIL, or
// native code; a thread waiting for the GIL is blocked on a condition and uses no core. When runnable threads
// outnumber cores, each runs for a time slice and goes to the back of one FIFO run queue (round robin, a
// simplification of Linux CFS that keeps runs repeatable). A core that changes thread loses `context_switch`
// before the new thread makes progress.
//
// A core's slices are a periodic timer (Tier::PeriodicLast, one rank per assignment: a slice that ends when
// work ends too loses the tie, so the work ends instead of being preempted with nothing left to do). A
// slice end with nobody waiting for a core changes nothing, so in PeriodicTimers::Lazy mode slices are armed
// only while the run queue is not empty.
#pragma once

#include <deque>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/core/timer.hpp"

namespace gilsim {

/// CpuHost is what the scheduler needs from the engine.
class CpuHost {
 public:
  virtual Time now() const = 0;
  /// cursor is the key of the firing being handled (every key after it is still to come).
  virtual FiringKey cursor() const = 0;
  /// new_rank hands out the rank of a new periodic timer.
  virtual std::uint64_t new_rank() = 0;
  /// arm_slice asks for on_slice(core) at `at`, a periodic firing of rank `rank` (Tier::PeriodicLast).
  virtual void arm_slice(int core, Time at, std::uint64_t rank) = 0;
  /// cancel_slice forgets core's pending slice end.
  virtual void cancel_slice(int core) = 0;
  /// started tells that `thread` runs on `core`; it makes progress from `progress_from` on.
  virtual void started(int thread, int core, Time progress_from) = 0;
  /// preempted tells that `thread` lost `core` and waits in the run queue again.
  virtual void preempted(int thread, int core) = 0;

 protected:
  ~CpuHost() = default;
};

class CpuScheduler {
 public:
  /// CpuScheduler manages `cores` cores with the given slice and switch cost.
  CpuScheduler(CpuHost& host, int cores, Time slice, Time context_switch,
               PeriodicTimers timers = PeriodicTimers::Lazy);

  /// request makes `thread` runnable: it gets a free core now or queues for one.
  void request(int thread);
  /// leave takes `thread` off its core or out of the run queue (it blocked or ended).
  void leave(int thread);
  /// on_slice is the host's callback for arm_slice.
  void on_slice(int core);

  /// core_of is the core `thread` runs on, or -1.
  int core_of(int thread) const;
  /// queued counts runnable threads without a core.
  std::size_t queued() const { return run_queue_.size(); }
  /// cores is the number of cores.
  int cores() const { return static_cast<int>(cores_.size()); }

 private:
  struct Core {
    int thread = -1;  ///< running now, or -1
    int last = -1;    ///< the thread it ran last, to charge a switch only on a change
    Time from = 0;    ///< when the running thread began to make progress: slices end at from + k * slice
    std::uint64_t rank = 0;
    bool slice_armed = false;
  };
  void assign(int core, int thread);
  void arm_slices();
  void arm_slice(int core, Time at);
  int free_core_for(int thread) const;
  void ensure_thread(int thread);

  CpuHost& host_;
  Time slice_;
  Time context_switch_;
  PeriodicTimers timers_;
  std::vector<Core> cores_;
  std::deque<int> run_queue_;
  std::vector<int> core_of_;  ///< by thread id
};

}  // namespace gilsim
