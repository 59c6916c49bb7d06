// Scene: the C++ way to build and run a scenario, for tests and embedding.
//
//   gilsim::Scene scene;
//   scene.machine().switch_interval = 1 * gilsim::kMillisecond;
//   scene.thread("A", [](gilsim::Runtime& rt) { rt.cpu(1 * gilsim::kSecond); });
//   scene.thread("B", [](gilsim::Runtime& rt) {
//     for (int i = 0; i < 100; ++i) rt.io(10 * gilsim::kMillisecond);
//   });
//   gilsim::Report report = scene.run();
//   report.gils[0].handoffs;  // how often the GIL changed hands
//
// Units run in the virtual engine exactly as YAML units do; a body is any function of the Runtime.
// Coroutines run as asyncio tasks of an event loop a thread starts with rt.asyncio_run("main"):
//
//   scene.coroutine("main", [](gilsim::Runtime& rt) {
//     auto spinner = rt.create_task("spin");
//     rt.async_sleep(3 * gilsim::kSecond);
//     rt.cancel(spinner);
//     return std::int64_t{42};
//   });
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include "sim/engine/virtual_engine.hpp"
#include "sim/model/scenario.hpp"
#include "sim/runtime/runtime.hpp"

namespace gilsim {

/// Start says when a unit begins: at time 0, or when another unit spawns it.
enum class Start { Launch, Spawn };

class Scene {
 public:
  /// Scene starts an empty scenario named `name` on the default machine.
  explicit Scene(std::string name = "scene") { scenario_.name = std::move(name); }

  /// machine gives access to the simulated machine's constants (cores, switch interval, costs, seed).
  Machine& machine() { return scenario_.machine; }

  /// thread declares a thread unit (in the main process, or in the process of whoever spawns it).
  Scene& thread(std::string name, UnitBody body, Start start = Start::Launch, int count = 1) {
    return unit(std::move(name), UnitKind::Thread, std::move(body), start, count);
  }
  /// process declares a process unit whose main thread runs `body`.
  Scene& process(std::string name, UnitBody body, Start start = Start::Launch, int count = 1) {
    return unit(std::move(name), UnitKind::Process, std::move(body), start, count);
  }
  /// event, queue and lock declare synchronisation objects; kind Process makes them multiprocessing's.
  Scene& event(std::string name, SyncKind kind = SyncKind::Thread) {
    scenario_.events.push_back(SyncSpec{std::move(name), kind, {}});
    return *this;
  }
  Scene& queue(std::string name, SyncKind kind = SyncKind::Thread) {
    scenario_.queues.push_back(SyncSpec{std::move(name), kind, {}});
    return *this;
  }
  Scene& lock(std::string name, SyncKind kind = SyncKind::Thread) {
    scenario_.locks.push_back(SyncSpec{std::move(name), kind, {}});
    return *this;
  }
  /// coroutine declares an `async def` whose body may await through the Runtime; it returns its result.
  Scene& coroutine(std::string name, CoroutineBody body) {
    CoroutineSpec c;
    c.name = std::move(name);
    c.body = std::move(body);
    scenario_.coroutines.push_back(std::move(c));
    return *this;
  }
  /// executor declares a thread pool (SyncKind::Thread) or process pool (SyncKind::Process).
  Scene& executor(std::string name, SyncKind kind, int workers) {
    scenario_.executors.push_back(ExecutorSpec{std::move(name), kind, workers, {}});
    return *this;
  }

  /// run plays the scene on the virtual engine and returns its report.
  Report run(const RunOptions& options = {}) const { return run_virtual(scenario_, options); }
  /// scenario is the plain data built so far.
  const Scenario& scenario() const { return scenario_; }

 private:
  Scene& unit(std::string name, UnitKind kind, UnitBody body, Start start, int count) {
    if (count < 1) throw std::invalid_argument("unit " + name + ": count must be at least 1");
    UnitSpec u;
    u.name = std::move(name);
    u.kind = kind;
    u.count = count;
    u.spawned = start == Start::Spawn;
    u.body = std::move(body);
    scenario_.units.push_back(std::move(u));
    return *this;
  }

  Scenario scenario_;
};

}  // namespace gilsim
