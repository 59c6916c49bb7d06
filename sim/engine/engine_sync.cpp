// Events, queues, locks, spawning and joining in the virtual engine.
//
// Like CPython, a thread gives up the GIL only when it really blocks: waiting on an event that is already
// set, getting from a non-empty queue or taking a free lock keeps the GIL. Blocking always ends with the
// thread retaking the GIL like any waiter.
#include <fmt/format.h>

#include <algorithm>

#include "sim/engine/engine.hpp"

namespace gilsim {

bool Engine::wait_event(SimThread& t, int event, Time timeout) {
  SimEvent& ev = events_.at(static_cast<std::size_t>(event));
  if (ev.flag) return true;
  if (timeout <= 0) return false;
  const Time deadline = timeout == kNever ? kNever : now() + timeout;
  release_gil(t);
  t.wait_result = ev.flag;  // it may have been set while this thread waited to hand the GIL over
  if (!t.wait_result) {
    ev.waiters.push_back(t.id);
    if (deadline != kNever) kernel_.arm(t.wake_timer, deadline);
    block_on(t, BlockKind::Event, event);
  }
  take_gil(t);
  return t.wait_result;
}

void Engine::set_event(SimThread& t, int event) {
  if (is_asyncio_event(event)) {
    loop_of(t, "event.set()").set_event(event);
    return;
  }
  SimEvent& ev = events_.at(static_cast<std::size_t>(event));
  ev.flag = true;
  for (int id : ev.waiters) {
    SimThread& w = thread(id);
    w.wait_result = true;
    unblock(w);
  }
  ev.waiters.clear();
}

void Engine::put(SimThread& t, int queue, std::int64_t item) {
  if (is_asyncio_queue(queue)) {
    loop_of(t, "queue.put()").put(queue, item);
    return;
  }
  SimQueue& q = *queues_.at(static_cast<std::size_t>(queue));
  if (q.kind == SyncKind::Thread || machine_.queue_item <= 0) {
    deliver(queue, item);
    return;
  }
  q.in_flight.push_back(SimQueue::InFlight{now() + machine_.queue_item, item});
  if (!q.delivery.armed()) kernel_.arm(q.delivery, q.in_flight.front().due);
}

void SimQueue::on_timer(std::uint32_t) {
  engine.on_queue_delivery(id);
}

void Engine::on_queue_delivery(int queue) {
  SimQueue& q = *queues_[static_cast<std::size_t>(queue)];
  while (!q.in_flight.empty() && q.in_flight.front().due <= now()) {
    const std::int64_t item = q.in_flight.front().item;
    q.in_flight.pop_front();
    deliver(queue, item);
  }
  if (!q.in_flight.empty()) kernel_.arm(q.delivery, q.in_flight.front().due);
}

// An item goes straight to the longest-waiting getter, or joins the queue.
void Engine::deliver(int queue, std::int64_t item) {
  SimQueue& q = *queues_[static_cast<std::size_t>(queue)];
  if (q.getters.empty()) {
    q.items.push_back(item);
    return;
  }
  SimThread& g = thread(q.getters.front());
  q.getters.pop_front();
  g.item = item;
  unblock(g);
}

std::int64_t Engine::get(SimThread& t, int queue) {
  SimQueue& q = *queues_.at(static_cast<std::size_t>(queue));
  for (;;) {
    if (!q.items.empty()) {
      const std::int64_t item = q.items.front();
      q.items.pop_front();
      return item;
    }
    release_gil(t);
    if (q.items.empty()) {
      q.getters.push_back(t.id);
      block_on(t, BlockKind::QueueGet, queue);
      take_gil(t);
      return t.item;  // handed over by deliver()
    }
    take_gil(t);  // an item came while the GIL was being handed over: take it with the GIL held
  }
}

// threading.Lock has no queue: a release wakes one waiter, which must try again, and the releasing thread
// (still holding the GIL) often takes the lock back first.
void Engine::acquire_lock(SimThread& t, int lock) {
  SimLock& l = locks_.at(static_cast<std::size_t>(lock));
  if (l.holder == t.id) {
    throw RunError(fmt::format("{} acquires lock {} it already holds: it would wait forever", t.name,
                               scenario_.locks[static_cast<std::size_t>(lock)].name));
  }
  for (;;) {
    if (l.holder < 0) {
      l.holder = t.id;
      return;
    }
    release_gil(t);
    if (l.holder >= 0) {
      l.waiters.push_back(t.id);
      block_on(t, BlockKind::Lock, lock);
    }
    take_gil(t);
  }
}

void Engine::release_lock(SimThread& t, int lock) {
  if (is_asyncio_lock(lock)) {
    loop_of(t, "lock.release()").release(lock);
    return;
  }
  SimLock& l = locks_.at(static_cast<std::size_t>(lock));
  if (l.holder < 0) {
    throw RunError(fmt::format("{} releases lock {}, which is not held (RuntimeError in Python)", t.name,
                               scenario_.locks[static_cast<std::size_t>(lock)].name));
  }
  l.holder = -1;
  if (l.waiters.empty()) return;
  SimThread& next = thread(l.waiters.front());
  l.waiters.pop_front();
  unblock(next);
}

// Thread.start() returns once the new thread runs (it waits on an internal event, releasing the GIL);
// Process.start() returns at once and the child pays machine.process_start before its first line.
void Engine::spawn(SimThread& t, int unit) {
  const UnitSpec& spec = scenario_.units.at(static_cast<std::size_t>(unit));
  UnitRecord& rec = units_[static_cast<std::size_t>(unit)];
  if (rec.started) throw RunError(fmt::format("{} starts unit {} a second time", t.name, spec.name));
  if (!spec.spawned) throw RunError(fmt::format("unit {} starts at launch; it cannot be spawned", spec.name));
  rec.started = true;
  for (int r = 0; r < spec.count; ++r) {
    if (spec.kind == UnitKind::Process) {
      const std::string name = spec.count > 1 ? fmt::format("{}[{}]", spec.name, r) : spec.name;
      start_thread(new_thread(unit, r, new_process(name), true));
      continue;
    }
    SimThread& child = new_thread(unit, r, process_of(t), false);
    start_thread(child);
    release_gil(t);
    rec.starter = t.id;
    t.block = BlockKind::ThreadStart;
    t.block_object = unit;
    set_state(t, ThreadState::Sync, unit);
    while (!child.started && !child.ended) suspend(t);
    t.block = BlockKind::None;
    take_gil(t);
  }
}

void Engine::join(SimThread& t, int unit) {
  UnitRecord& rec = units_.at(static_cast<std::size_t>(unit));
  const UnitSpec& spec = scenario_.units[static_cast<std::size_t>(unit)];
  if (!rec.started) throw RunError(fmt::format("{} joins unit {} before it was started", t.name, spec.name));
  if (t.unit == unit) {
    throw RunError(fmt::format("{} joins its own unit {}: it would wait forever", t.name, spec.name));
  }
  if (unit_done(unit)) return;
  release_gil(t);
  if (!unit_done(unit)) {
    rec.joiners.push_back(t.id);
    block_on(t, BlockKind::Join, unit);
  }
  take_gil(t);
}

void Engine::mark(SimThread& t, std::string_view name) {
  const int task = t.loop && t.loop->current() ? t.loop->current()->trace_id : -1;
  auto it = std::find(mark_names_.begin(), mark_names_.end(), name);
  if (it == mark_names_.end()) it = mark_names_.insert(mark_names_.end(), std::string(name));
  TraceEvent e{TraceKind::Mark};
  e.unit = t.id;
  e.process = t.process;
  e.text = &*it;
  e.object = task;
  emit(e);
}

void Engine::answer(SimThread& t, std::int64_t n, bool prime, Time took) {
  TraceEvent e{TraceKind::Answer};
  e.unit = t.id;
  e.process = t.process;
  e.value = n;
  e.detail = prime ? 1 : 0;
  e.duration = took;
  emit(e);
}

}  // namespace gilsim
