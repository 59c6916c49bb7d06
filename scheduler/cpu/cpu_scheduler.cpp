#include "scheduler/cpu/cpu_scheduler.hpp"

#include <algorithm>
#include <cassert>

namespace gilsim {

CpuScheduler::CpuScheduler(CpuHost& host, int cores, Time slice, Time context_switch, PeriodicTimers timers)
    : host_(host),
      slice_(std::max<Time>(slice, 1)),
      context_switch_(context_switch),
      timers_(timers),
      cores_(std::max(cores, 1)) {}

void CpuScheduler::request(int thread) {
  ensure_thread(thread);
  assert(core_of_[thread] < 0);
  const int core = free_core_for(thread);
  if (core >= 0) {
    assign(core, thread);
  } else {
    run_queue_.push_back(thread);
    if (run_queue_.size() == 1 && timers_ == PeriodicTimers::Lazy) arm_slices();
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
  if (cores_[core].slice_armed) {
    cores_[core].slice_armed = false;
    host_.cancel_slice(core);
  }
  if (run_queue_.empty()) return;
  const int next = run_queue_.front();
  run_queue_.pop_front();
  assign(core, next);
}

void CpuScheduler::on_slice(int core) {
  cores_[core].slice_armed = false;
  const int running = cores_[core].thread;
  if (running < 0) return;
  if (run_queue_.empty()) {
    // Nobody waits: the thread keeps the core another slice (Lazy: nothing to arm until someone queues).
    if (timers_ == PeriodicTimers::Eager) arm_slice(core, host_.now() + slice_);
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
  c.from = host_.now() + cost;
  c.rank = host_.new_rank();
  host_.started(thread, core, c.from);
  if (timers_ == PeriodicTimers::Eager || !run_queue_.empty()) arm_slice(core, c.from + slice_);
}

// Someone queued for a core: every running thread's slice end matters again, from the next one to come.
void CpuScheduler::arm_slices() {
  const FiringKey now = host_.cursor();
  for (int i = 0; i < cores(); ++i) {
    const Core& c = cores_[static_cast<std::size_t>(i)];
    if (c.thread < 0 || c.slice_armed) continue;
    Time at = c.from + slice_;
    if (at <= now.at) at = c.from + (now.at - c.from) / slice_ * slice_;
    if (!(now < FiringKey::make(at, Tier::PeriodicLast, c.rank))) at += slice_;
    arm_slice(i, at);
  }
}

void CpuScheduler::arm_slice(int core, Time at) {
  Core& c = cores_[static_cast<std::size_t>(core)];
  c.slice_armed = true;
  host_.arm_slice(core, at, c.rank);
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
