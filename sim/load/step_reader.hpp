// StepReader: reads one unit's list of steps into the model.
//
// Steps are read after every declaration, so each name a step uses is resolved on the spot and a wrong
// one is reported where it was written. Run-time variables are tracked the same way: `get ... as: n`
// binds n for the steps after it in the same block; `consume` and `for_each` bind theirs inside their body.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "sim/load/values.hpp"
#include "sim/load/yaml_reader.hpp"
#include "sim/model/scenario.hpp"

namespace gilsim::load {

/// Bindings is the set of run-time variables a step may use.
using Bindings = std::set<std::string>;

/// StepReader reads the steps of one unit, resolving names and checking variables as it goes.
class StepReader {
 public:
  /// StepReader reads steps of `units[unit]`; `declared` holds the events, queues and locks.
  StepReader(const Values& values, const Scenario& declared, const std::vector<UnitSpec>& units, int unit);

  /// block reads a list of steps in which the variables `bound` are usable.
  std::vector<Step> block(const Item& list, Bindings bound);
  /// spawned lists the units the steps read so far spawn.
  const std::set<int>& spawned() const { return spawned_; }

 private:
  /// Form is one step key: the kind it makes and the member that reads its value.
  struct Form {
    const char* key;
    StepKind kind;
    void (StepReader::*read)(const Item& value, Step& step, Bindings& bound);
  };
  /// forms lists every step key; `start` is an alias of `spawn`.
  static const std::vector<Form>& forms();

  /// step reads one list item: a map with exactly one step key.
  Step step(const Item& item, Bindings& bound);

  // Readers of single values (steps.cpp). Each fills `step` from the value of its step key.

  /// timed reads cpu, native, io and sleep: a duration >= 0.
  void timed(const Item& value, Step& step, Bindings& bound);
  /// is_prime reads the number to check: an integer, a parameter or a bound variable.
  void is_prime(const Item& value, Step& step, Bindings& bound);
  /// event reads set and clear: an event's name.
  void event(const Item& value, Step& step, Bindings& bound);
  /// wait reads an event's name, or {event, timeout}.
  void wait(const Item& value, Step& step, Bindings& bound);
  /// lock reads acquire and release: a lock's name.
  void lock(const Item& value, Step& step, Bindings& bound);
  /// spawn reads the name of a unit declared `start: spawn`, and records that it is spawned.
  void spawn(const Item& value, Step& step, Bindings& bound);
  /// join reads the name of another unit.
  void join(const Item& value, Step& step, Bindings& bound);
  /// output reads a mark's name, which needs no declaration.
  void output(const Item& value, Step& step, Bindings& bound);

  // Readers of queue steps and loops (flow_steps.cpp).

  /// put reads {queue, value | values, times}.
  void put(const Item& value, Step& step, Bindings& bound);
  /// get reads a queue's name or {queue, as}, and binds the variable for the steps after it.
  void get(const Item& value, Step& step, Bindings& bound);
  /// repeat reads {times | until_set, steps}.
  void repeat(const Item& value, Step& step, Bindings& bound);
  /// consume reads {queue, as, sentinel, sentinels, steps}, binding the variable inside the body.
  void consume(const Item& value, Step& step, Bindings& bound);
  /// for_each reads {values, as, steps}, binding the variable inside the body.
  void for_each(const Item& value, Step& step, Bindings& bound);

  /// target resolves the name at `item` as the step's target among `declared`.
  void target(const Item& item, Step& step, const std::vector<std::string>& declared, const std::string& noun,
              const std::string& section);
  /// variable reads an `as:` name, which must not shadow a parameter.
  std::string variable(const Item& item) const;
  /// item_list reads `values:`: a list of integers or variables, or a list parameter; `hint` ends the
  /// message when it is neither.
  std::vector<IntExpr> item_list(const Item& item, const Bindings& bound, const std::string& hint) const;

  const Values& values_;
  const Scenario& declared_;
  const std::vector<UnitSpec>& units_;
  int unit_;
  std::set<int> spawned_;
};

}  // namespace gilsim::load
