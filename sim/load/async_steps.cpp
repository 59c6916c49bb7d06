// The asyncio steps: running an event loop, creating, awaiting and cancelling tasks, and handing work to
// executors. Awaitables are written as a coroutine's name (a call, awaited inline) or as `$task`, a
// variable bound by create_task; the two never mix, so `await: spin` can only mean calling spin().
#include <optional>
#include <string>
#include <vector>

#include "sim/load/names.hpp"
#include "sim/load/spelling.hpp"
#include "sim/load/step_reader.hpp"

namespace gilsim::load {

void StepReader::asyncio_run(const Item& value, Step& step, Bindings&) {
  step.target_index = coroutine(value);
  step.target = declared_.coroutines[step.target_index].name;
}

void StepReader::create_task(const Item& value, Step& step, Bindings& bound) {
  Item called = value;
  std::optional<Item> as;
  if (value.node.IsMap()) {
    const Fields fields(value, "create_task", {"coroutine", "as", "name"});
    called = fields.require("coroutine");
    as = fields.get("as");
    if (auto name = fields.get("name")) {
      step.task_name = text(*name);
      if (step.task_name.empty()) fail(name->pos, "'name' expects the task's name, got nothing");
    }
  }
  step.target_index = coroutine(called);
  step.target = declared_.coroutines[step.target_index].name;
  step.variable = as ? variable(*as) : step.target;
  if (!as && values_.params().count(step.variable)) {
    fail(called.pos, "the task variable defaults to the coroutine's name, but '" + step.variable +
                         "' is a param; name the variable with `as:`");
  }
  bound.bind_task(step.variable);  // usable by the steps after this one, like get's item
}

void StepReader::await_step(const Item& value, Step& step, Bindings& bound) {
  if (!value.node.IsMap()) {
    step.awaitable = awaitable(value, bound);
    return;
  }
  const Fields fields(value, "await", {"coroutine", "task", "as"});
  if (fields.has("coroutine") == fields.has("task")) {
    fail(fields.pos(),
         "await needs exactly one of 'coroutine' (a call, run inline) or 'task' (a task "
         "variable like $t)");
  }
  if (auto called = fields.get("coroutine")) step.awaitable.coroutine = coroutine(*called);
  if (auto task = fields.get("task")) step.awaitable.task_variable = task_variable(*task, bound);
  result(fields, step, bound);
}

void StepReader::cancel(const Item& value, Step& step, Bindings& bound) {
  step.variable = task_variable(value, bound);
}

void StepReader::gather(const Item& value, Step& step, Bindings& bound) {
  std::optional<Fields> fields;
  Item list = value;
  if (value.node.IsMap()) {
    fields.emplace(value, "gather", std::vector<std::string>{"awaitables", "as"});
    list = fields->require("awaitables");
  }
  for (const Item& element : elements(list, "a list of awaitables (coroutine names or $task variables)")) {
    step.awaitables.push_back(awaitable(element, bound));
  }
  if (step.awaitables.empty()) fail(list.pos, list.what + " expects at least one awaitable");
  if (fields) result(*fields, step, bound);
}

void StepReader::wait_for(const Item& value, Step& step, Bindings& bound) {
  const Fields fields(value, "wait_for", {"await", "timeout", "on_timeout", "as"});
  step.awaitable = awaitable(fields.require("await"), bound);
  step.duration = values_.duration(fields.require("timeout"), 0);
  if (auto on_timeout = fields.get("on_timeout")) step.body = block(*on_timeout, bound);
  result(fields, step, bound);  // bound after the on_timeout steps, which run when there is no result
}

void StepReader::run_in_executor(const Item& value, Step& step, Bindings& bound) {
  const Fields fields(value, "run_in_executor", {"executor", "steps", "as"});
  target(fields.require("executor"), step, names_of(declared_.executors), "executor", "executors");
  step.body = job(fields.require("steps"), bound);
  result(fields, step, bound);
}

void StepReader::to_thread(const Item& value, Step& step, Bindings& bound) {
  step.target_index = -1;  // the loop's default ThreadPoolExecutor
  if (!value.node.IsMap()) {
    step.body = job(value, bound);
    return;
  }
  const Fields fields(value, "to_thread", {"steps", "as"});
  step.body = job(fields.require("steps"), bound);
  result(fields, step, bound);
}

void StepReader::return_value(const Item& value, Step& step, Bindings& bound) {
  step.value = int_value(value, bound);
}

Awaitable StepReader::awaitable(const Item& item, const Bindings& bound) {
  if (dollar_name(item.node)) return Awaitable{-1, task_variable(item, bound)};
  if (!item.node.IsScalar() || !is_identifier(item.node.Scalar())) {
    fail(item.pos, item.what + " expects an awaitable: a coroutine's name or a $task variable, got " +
                       describe(item.node));
  }
  return Awaitable{coroutine(item), ""};
}

int StepReader::coroutine(const Item& item) {
  const int index = resolve(item, names_of(declared_.coroutines), "coroutine", "coroutines");
  run_.insert(index);
  return index;
}

std::string StepReader::task_variable(const Item& item, const Bindings& bound) const {
  const auto name = dollar_name(item.node);
  if (!name) {
    const bool bare = item.node.IsScalar() && is_identifier(item.node.Scalar());
    fail(item.pos, item.what + " expects a task variable like $task (bound by create_task), got " +
                       describe(item.node) + (bare ? "; write $" + item.node.Scalar() : ""));
  }
  if (values_.params().count(*name)) {
    fail(item.pos, item.what + " expects a task variable, but $" + *name + " is a param");
  }
  if (bound.integers.count(*name)) {
    fail(item.pos, item.what + " expects a task variable, but $" + *name + " holds an integer");
  }
  if (!bound.tasks.count(*name)) {
    const std::vector<std::string> known(bound.tasks.begin(), bound.tasks.end());
    fail(item.pos, "task variable $" + *name + " is not bound here; bind it with `create_task: {coroutine: " +
                       "..., as: " + *name + "}` earlier in the same coroutine" + did_you_mean(*name, known));
  }
  return *name;
}

void StepReader::result(const Fields& fields, Step& step, Bindings& bound) const {
  const auto as = fields.get("as");
  if (!as) return;
  step.result = variable(*as);
  bound.bind_integer(step.result);
}

std::vector<Step> StepReader::job(const Item& list, const Bindings& bound) {
  const Place outer = place_;
  place_ = Place::Job;
  Bindings arguments;
  arguments.integers = bound.integers;  // passed to the function; tasks belong to the loop, not the worker
  std::vector<Step> steps = block(list, arguments);
  place_ = outer;
  return steps;
}

}  // namespace gilsim::load
