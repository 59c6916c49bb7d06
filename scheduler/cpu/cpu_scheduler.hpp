// CpuScheduler: the operating system's share of N cores among runnable threads.
//
// Threads of every process compete here. A thread is runnable while it runs Python code holding its GIL, or
// native code; a thread waiting for the GIL is blocked on a condition and uses no core. When runnable threads
// outnumber cores, each runs for a time slice and goes to the back of one FIFO run queue (round robin, a
// simplification of Linux CFS that keeps runs repeatable). A core that changes thread loses `context_switch`
// before the new thread makes progress.
#pragma once

#include <deque>
#include <vector>

#include "sim/core/time.hpp"

namespace gilsim {

/// CpuHost is what the scheduler needs from the engine.
class CpuHost {
 public:
  virtual Time now() const = 0;
  /// arm_slice asks for on_slice(core) at `at`; kNever cancels.
  virtual void arm_slice(int core, Time at) = 0;
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
  CpuScheduler(CpuHost& host, int cores, Time slice, Time context_switch);

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
  };
  void assign(int core, int thread);
  int free_core_for(int thread) const;
  void ensure_thread(int thread);

  CpuHost& host_;
  Time slice_;
  Time context_switch_;
  std::vector<Core> cores_;
  std::deque<int> run_queue_;
  std::vector<int> core_of_;  ///< by thread id
};

}  // namespace gilsim
