#include "scheduler/cpu/cpu_scheduler.hpp"

#include <algorithm>
#include <cassert>

namespace gilsim {

CpuScheduler::CpuScheduler(CpuHost& host, int cores, Time slice, Time context_switch)
    : host_(host),
      slice_(std::max<Time>(slice, 1)),
      context_switch_(context_switch),
      cores_(std::max(cores, 1)) {}

void CpuScheduler::request(int thread) {
  ensure_thread(thread);
  assert(core_of_[thread] < 0);
  const int core = free_core_for(thread);
  if (core >= 0) {
    assign(core, thread);
  } else {
    run_queue_.push_back(thread);
  }
}

void CpuScheduler::leave(int thread) {
  ensure_thread(thread);
  const int core = core_of_[thread];
  if (core < 0) {
    run_queue_.erase(std::remove(run_queue_.begin(), run_queue_.end(), thread), run_queue_.end());
    return;
  }
  core_of_[thread] = -1;
  cores_[core].thread = -1;
  if (run_queue_.empty()) {
    host_.arm_slice(core, kNever);
    return;
  }
  const int next = run_queue_.front();
  run_queue_.pop_front();
  assign(core, next);
}

void CpuScheduler::on_slice(int core) {
  const int running = cores_[core].thread;
  if (running < 0) return;
  if (run_queue_.empty()) {
    host_.arm_slice(core, host_.now() + slice_);  // nobody waits: keep the core another slice
    return;
  }
  core_of_[running] = -1;
  cores_[core].thread = -1;
  host_.preempted(running, core);
  run_queue_.push_back(running);
  const int next = run_queue_.front();
  run_queue_.pop_front();
  assign(core, next);
}

int CpuScheduler::core_of(int thread) const {
  return thread >= 0 && thread < static_cast<int>(core_of_.size()) ? core_of_[thread] : -1;
}

void CpuScheduler::assign(int core, int thread) {
  Core& c = cores_[core];
  const Time cost = c.last == thread ? 0 : context_switch_;
  c.thread = thread;
  c.last = thread;
  core_of_[thread] = core;
  const Time from = host_.now() + cost;
  // started() first: the thread's own timers then win ties with the slice, so work that ends exactly at
  // the end of a slice ends instead of being preempted with nothing left to do.
  host_.started(thread, core, from);
  host_.arm_slice(core, from + slice_);
}

int CpuScheduler::free_core_for(int thread) const {
  int first_free = -1;
  for (int i = 0; i < static_cast<int>(cores_.size()); ++i) {
    if (cores_[i].thread >= 0) continue;
    if (cores_[i].last == thread) return i;  // warm core: no switch to pay
    if (first_free < 0) first_free = i;
  }
  return first_free;
}

void CpuScheduler::ensure_thread(int thread) {
  if (thread >= static_cast<int>(core_of_.size())) core_of_.resize(static_cast<std::size_t>(thread) + 1, -1);
}

}  // namespace gilsim
