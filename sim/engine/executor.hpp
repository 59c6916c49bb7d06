// Executor: a concurrent.futures pool (threads or processes) that event loops hand blocking work to.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/runtime/runtime.hpp"

namespace gilsim {

class EventLoop;

class Executor {
 public:
  /// Executor describes a pool; its workers start on demand, as CPython's (3.9+) do.
  Executor(std::string name, SyncKind kind, int workers)
      : name(std::move(name)), kind(kind), workers(workers) {}

  /// Entry is one submitted job, or a request for a worker to stop.
  struct Entry {
    EventLoop* loop = nullptr;
    int task = -1;
    std::uint32_t token = 0;
    Runtime::Job job;
    bool stop = false;
  };

  std::string name;
  SyncKind kind;
  int workers;
  std::deque<Entry> queue;   ///< jobs nobody took yet
  std::vector<int> threads;  ///< worker threads started so far
  std::deque<int> idle;      ///< workers blocked waiting for a job
  int busy = 0;              ///< workers running a job
  bool shut_down = false;
};

}  // namespace gilsim
