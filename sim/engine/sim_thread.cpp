// The Runtime of a virtual-engine thread: each call is one CPython operation, made of GIL and blocking steps.
#include "sim/engine/sim_thread.hpp"

#include <fmt/format.h>

#include "sim/engine/engine.hpp"

namespace gilsim {
namespace {

template <typename List>
int find_by_name(const List& list, std::string_view name, const char* what) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].name == name) return static_cast<int>(i);
  }
  throw RunError(fmt::format("no {} named '{}' in this scenario", what, name));
}

}  // namespace

void check_duration(Time d, const char* what) {
  if (d < 0) throw RunError(fmt::format("{} of a negative duration ({})", what, format_duration(d)));
}

SimThread::SimThread(Engine& e, int id_, int unit_, int replica_, SimProcess& home, std::string name_)
    : engine(e),
      id(id_),
      unit(unit_),
      replica_index(replica_),
      process(home.id),
      gil_host(home),
      gil_slot(home.admit(*this)),
      name(std::move(name_)),
      segment_timer(this, kSegment),
      wake_timer(this, kWake),
      gil_timer(this, kGil) {}

Time SimThread::now() const {
  return engine.now();
}

void SimThread::cpu(Time work) {
  check_duration(work, "cpu");
  engine.compute(*this, WorkKind::Python, work);
}

bool SimThread::is_prime(std::int64_t n, std::int64_t nap_every) {
  return awaits_.is_prime(n, nap_every).run_now();
}

void SimThread::native(Time work) {
  check_duration(work, "native");
  engine.release_gil(*this);
  engine.compute(*this, WorkKind::Native, work);
  engine.take_gil(*this);
}

void SimThread::io(Time duration) {
  check_duration(duration, "io");
  engine.release_gil(*this);
  engine.block_for(*this, ThreadState::Io, duration);
  engine.take_gil(*this);
}

void SimThread::sleep(Time duration) {
  check_duration(duration, "sleep");
  io(duration);
}

// print(..., flush=True) to a terminal: the text is handed over now, and the write() releases the GIL.
void SimThread::output(std::string_view mark) {
  engine.take_gil(*this);
  engine.mark(*this, mark);
  io(engine.scenario().machine.output_write);
}

void SimThread::set(int event) {
  engine.set_event(*this, event);
}
void SimThread::clear(int event) {
  engine.clear_event(event);
}
bool SimThread::is_set(int event) {
  return engine.event_is_set(event);
}
bool SimThread::wait(int event, Time timeout) {
  return awaits_.wait(event, timeout).run_now();
}
void SimThread::put(int queue, std::int64_t item) {
  engine.put(*this, queue, item);
}
std::int64_t SimThread::get(int queue) {
  return awaits_.get(queue).run_now();
}
void SimThread::acquire(int lock) {
  awaits_.acquire(lock).run_now();
}
void SimThread::release(int lock) {
  engine.release_lock(*this, lock);
}
void SimThread::spawn(int unit_index) {
  engine.spawn(*this, unit_index);
}
void SimThread::join(int unit_index) {
  engine.join(*this, unit_index);
}

int SimThread::event_id(std::string_view n) const {
  return find_by_name(engine.scenario().events, n, "event");
}
int SimThread::queue_id(std::string_view n) const {
  return find_by_name(engine.scenario().queues, n, "queue");
}
int SimThread::lock_id(std::string_view n) const {
  return find_by_name(engine.scenario().locks, n, "lock");
}
int SimThread::unit_id(std::string_view n) const {
  return find_by_name(engine.scenario().units, n, "unit");
}

int SimThread::coroutine_id(std::string_view n) const {
  return find_by_name(engine.scenario().coroutines, n, "coroutine");
}
int SimThread::executor_id(std::string_view n) const {
  return find_by_name(engine.scenario().executors, n, "executor");
}

std::int64_t SimThread::asyncio_run(int coroutine) {
  return engine.asyncio_run(*this, coroutine);
}
std::int64_t SimThread::create_task(int coroutine, std::string_view name) {
  return engine.loop_of(*this, "create_task").create_task(coroutine, name);
}
std::int64_t SimThread::await_coroutine(int coroutine) {
  return awaits_.await_coroutine(coroutine).run_now();
}
std::int64_t SimThread::await_task(std::int64_t task) {
  return awaits_.await_task(task).run_now();
}
bool SimThread::cancel(std::int64_t task) {
  return engine.loop_of(*this, "cancel").cancel(task);
}
void SimThread::async_sleep(Time delay) {
  awaits_.async_sleep(delay).run_now();
}
std::optional<std::int64_t> SimThread::wait_for(std::int64_t task, Time timeout) {
  return awaits_.wait_for(task, timeout).run_now();
}
std::int64_t SimThread::run_in_executor(int executor, Job job) {
  return awaits_.run_in_executor(executor, std::move(job)).run_now();
}
bool SimThread::in_coroutine() const {
  return loop && loop->current();
}

void SimThread::on_timer(std::uint32_t tag) {
  engine.on_thread_timer(*this, tag);
}

}  // namespace gilsim
