// The `machine:` section: the hardware and interpreter constants of a run.
#include <climits>
#include <string>
#include <vector>

#include "sim/load/sections.hpp"

namespace gilsim::load {
namespace {

/// DurationKey ties a machine key to the Machine field it sets and the least value that makes sense.
struct DurationKey {
  const char* key;
  Time Machine::*field;
  Time min;  ///< 1 for intervals that must advance time, 0 for costs that may be free
};

/// kDurations lists the machine's durations; a zero interval would stall the engine, a zero cost would not.
const DurationKey kDurations[] = {
    {"switch_interval", &Machine::switch_interval, 1},
    {"gil_check", &Machine::gil_check, 1},
    {"gil_handoff", &Machine::gil_handoff, 0},
    {"time_slice", &Machine::time_slice, 1},
    {"context_switch", &Machine::context_switch, 0},
    {"process_start", &Machine::process_start, 0},
    {"queue_item", &Machine::queue_item, 0},
    {"prime_iteration", &Machine::prime_iteration, 1},
    {"output_write", &Machine::output_write, 0},
    {"loop_iteration", &Machine::loop_iteration, 0},
    {"task_step", &Machine::task_step, 0},
    {"slow_callback", &Machine::slow_callback, 1},
    {"time_limit", &Machine::time_limit, 1},
};

/// machine_keys is every key the section accepts, in the order the documentation lists them.
std::vector<std::string> machine_keys() {
  std::vector<std::string> keys = {"cores", "gil"};
  for (const DurationKey& d : kDurations) keys.push_back(d.key);
  keys.insert(keys.end(), {"wakeup", "seed"});
  return keys;
}

}  // namespace

Machine read_machine(const Values& values, const Item& section) {
  const Fields fields(section, "machine", machine_keys());
  Machine machine;
  if (auto cores = fields.get("cores")) machine.cores = static_cast<int>(values.integer(*cores, 1, INT_MAX));
  if (auto gil = fields.get("gil")) choice(*gil, {"new"});  // the only policy so far: GilKind::New
  for (const DurationKey& d : kDurations) {
    if (auto item = fields.get(d.key)) machine.*d.field = values.duration(*item, d.min);
  }
  if (auto wakeup = fields.get("wakeup")) {
    machine.wakeup = choice(*wakeup, {"fifo", "random"}) == "fifo" ? WakeupOrder::Fifo : WakeupOrder::Random;
  }
  if (auto seed = fields.get("seed")) machine.seed = static_cast<std::uint64_t>(values.integer(*seed, 0));
  return machine;
}

}  // namespace gilsim::load
