// StepReader: reads one unit's or one coroutine's list of steps into the model.
//
// Steps are read after every declaration, so each name a step uses is resolved on the spot and a wrong
// one is reported where it was written. Run-time variables are tracked the same way: `get ... as: n`
// binds n for the steps after it in the same block; `consume` and `for_each` bind theirs inside their body.
// Where a step is written matters too: awaiting is only possible inside a coroutine, asyncio.run() only in
// a thread that runs no loop yet, and asyncio's objects belong to coroutines.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "sim/load/values.hpp"
#include "sim/load/yaml_reader.hpp"
#include "sim/model/scenario.hpp"

namespace gilsim::load {

/// Bindings are the run-time variables a step may use, by what they hold.
struct Bindings {
  std::set<std::string> integers;  ///< bound by get, consume, for_each, or the `as` of an await
  std::set<std::string> tasks;     ///< bound by create_task

  /// bind_integer makes `name` an integer variable from here on (a task of that name is forgotten).
  void bind_integer(const std::string& name) {
    tasks.erase(name);
    integers.insert(name);
  }
  /// bind_task makes `name` a task variable from here on (an integer of that name is forgotten).
  void bind_task(const std::string& name) {
    integers.erase(name);
    tasks.insert(name);
  }
};

/// Place is where steps run, which decides the steps they may be.
enum class Place {
  Unit,       ///< a thread's own steps: blocking calls, asyncio.run()
  Coroutine,  ///< an `async def` on an event loop: everything, awaits included
  Job,        ///< a function handed to an executor: ordinary steps on a worker thread or process
};

/// StepReader reads the steps of one unit or coroutine, resolving names and checking variables as it goes.
class StepReader {
 public:
  /// StepReader reads steps written at `place`, in `declared.units[owner]` or `declared.coroutines[owner]`;
  /// `declared` holds every declaration, units and coroutines included (their steps are not needed).
  StepReader(const Values& values, const Scenario& declared, Place place, int owner);

  /// block reads a list of steps in which the variables `bound` are usable.
  std::vector<Step> block(const Item& list, Bindings bound);
  /// sequence reads a list of steps like block, leaving in `bound` what the list bound at its top level.
  std::vector<Step> sequence(const Item& list, Bindings& bound);
  /// spawned lists the units the steps read so far spawn.
  const std::set<int>& spawned() const { return spawned_; }
  /// run lists the coroutines the steps read so far run: by asyncio_run, create_task or an await.
  const std::set<int>& run() const { return run_; }

 private:
  /// Only says where a step key is allowed.
  enum class Only { Anywhere, Coroutines, Units };
  /// Form is one step key: the kind it makes, where it is allowed and the member that reads its value.
  struct Form {
    const char* key;
    StepKind kind;
    void (StepReader::*read)(const Item& value, Step& step, Bindings& bound);
    Only only = Only::Anywhere;
  };
  /// forms lists every step key; `start` is an alias of `spawn`, `to_thread` a form of run_in_executor.
  static const std::vector<Form>& forms();

  /// step reads one list item: a map with exactly one step key.
  Step step(const Item& item, Bindings& bound);
  /// check_place fails when the step key at `key_pos` may not be written where this reader reads.
  void check_place(const Form& form, const SourcePos& key_pos) const;
  /// coroutine_only fails at `pos` because `what` ("'await'") is only allowed inside a coroutine.
  [[noreturn]] void coroutine_only(const SourcePos& pos, const std::string& what) const;

  // Readers of single values (steps.cpp). Each fills `step` from the value of its step key.

  /// timed reads cpu, native, io, sleep and async_sleep: a duration >= 0.
  void timed(const Item& value, Step& step, Bindings& bound);
  /// is_prime reads the number to check, or {n, nap_every}; n is an integer, a parameter or a variable.
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
  /// repeat reads {times | until_set | forever, steps}; `forever` leaves times -1 and until_index -1.
  void repeat(const Item& value, Step& step, Bindings& bound);
  /// consume reads {queue, as, sentinel, sentinels, steps}, binding the variable inside the body.
  void consume(const Item& value, Step& step, Bindings& bound);
  /// for_each reads {values, as, steps}, binding the variable inside the body.
  void for_each(const Item& value, Step& step, Bindings& bound);

  // Readers of asyncio steps (async_steps.cpp).

  /// asyncio_run reads the name of the coroutine a thread runs as its event loop's main task.
  void asyncio_run(const Item& value, Step& step, Bindings& bound);
  /// create_task reads a coroutine's name or {coroutine, as, name}, and binds the task variable.
  void create_task(const Item& value, Step& step, Bindings& bound);
  /// await_step reads an awaitable (`slow` or `$task`) or {coroutine | task, as}.
  void await_step(const Item& value, Step& step, Bindings& bound);
  /// cancel reads the task variable of the task to cancel.
  void cancel(const Item& value, Step& step, Bindings& bound);
  /// gather reads a list of awaitables or {awaitables, as}.
  void gather(const Item& value, Step& step, Bindings& bound);
  /// wait_for reads {await, timeout, on_timeout, as}.
  void wait_for(const Item& value, Step& step, Bindings& bound);
  /// run_in_executor reads {executor, steps, as}: a job for a declared executor.
  void run_in_executor(const Item& value, Step& step, Bindings& bound);
  /// to_thread reads a list of steps or {steps, as}: a job for the loop's default thread pool.
  void to_thread(const Item& value, Step& step, Bindings& bound);
  /// return_value reads the integer a coroutine returns: a literal, a parameter or a variable.
  void return_value(const Item& value, Step& step, Bindings& bound);

  /// awaitable reads `name` (a coroutine, called inline) or `$name` (a task variable bound here).
  Awaitable awaitable(const Item& item, const Bindings& bound);
  /// coroutine resolves a coroutine's name and records that it is run.
  int coroutine(const Item& item);
  /// task_variable reads `$name`, which must be a task variable bound here.
  std::string task_variable(const Item& item, const Bindings& bound) const;
  /// result reads an optional `as:` into step.result and binds it for the steps after this one.
  void result(const Fields& fields, Step& step, Bindings& bound) const;
  /// job reads the steps an executor runs, as ordinary steps that see the variables bound here.
  std::vector<Step> job(const Item& list, const Bindings& bound);

  /// target resolves the name at `item` as the step's target among `declared`.
  void target(const Item& item, Step& step, const std::vector<std::string>& declared, const std::string& noun,
              const std::string& section);
  /// sync_target resolves an event, queue or lock like target, and checks that this place may use it.
  void sync_target(const Item& item, Step& step, const std::vector<SyncSpec>& specs, const std::string& noun,
                   const std::string& section);
  /// check_sync_kind fails when an asyncio object is used outside a coroutine.
  void check_sync_kind(const Item& item, const SyncSpec& spec, const std::string& noun, StepKind kind) const;
  /// int_value reads an integer, a parameter, or an integer variable bound here (not a task).
  IntExpr int_value(const Item& item, const Bindings& bound) const;
  /// variable reads an `as:` name, which must not shadow a parameter.
  std::string variable(const Item& item) const;
  /// item_list reads `values:`: a list of integers or variables, or a list parameter; `hint` ends the
  /// message when it is neither.
  std::vector<IntExpr> item_list(const Item& item, const Bindings& bound, const std::string& hint) const;

  const Values& values_;
  const Scenario& declared_;
  Place place_;
  int owner_;
  std::set<int> spawned_;
  std::set<int> run_;
};

}  // namespace gilsim::load
