// The synchronisation objects of the virtual engine: events, queues, locks, and the record of each unit.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "sim/core/timer.hpp"
#include "sim/model/scenario.hpp"

namespace gilsim {

class Engine;

/// SimEvent is a threading.Event or multiprocessing.Event: a flag and the threads waiting for it.
struct SimEvent {
  bool flag = false;
  std::vector<int> waiters;
  std::vector<int> task_waiters;  ///< asyncio.Event: tasks of its loop
  int loop = -1;                  ///< asyncio objects belong to the first loop that uses them
};

/// SimQueue is an unbounded FIFO queue. A multiprocessing queue delays each item by machine.queue_item
/// (pickling, the feeder thread, the pipe) before a getter can see it.
struct SimQueue final : TimerOwner {
  SimQueue(Engine& e, int i, SyncKind k) : engine(e), id(i), kind(k), delivery(this, 0) {}
  void on_timer(std::uint32_t) override;

  Engine& engine;
  int id;
  SyncKind kind;
  std::deque<std::int64_t> items;
  std::deque<int> getters;
  std::deque<int> task_getters;  ///< asyncio.Queue: tasks of its loop
  int loop = -1;
  struct InFlight {
    Time due;
    std::int64_t item;
  };
  std::deque<InFlight> in_flight;
  Timer delivery;
};

/// SimLock is a threading.Lock with FIFO hand-over to waiters.
struct SimLock {
  int holder = -1;
  std::deque<int> waiters;
  int holder_task = -1;  ///< asyncio.Lock: the task holding it
  std::deque<int> task_waiters;
  int loop = -1;
};

/// UnitRecord follows one declared unit: whether it started, how many of its replicas ended, who spawned
/// it and who joins it.
struct UnitRecord {
  std::size_t ended = 0;  ///< replicas that ended
  bool started = false;
  int starter = -1;  ///< the thread that spawned it: it waits for each thread replica to start
  std::vector<int> joiners;
};

}  // namespace gilsim
