// The queue steps (put, get, consume) and the loops (repeat, for_each): steps with options, variables and
// bodies.
#include <string>
#include <vector>

#include "sim/load/names.hpp"
#include "sim/load/step_reader.hpp"

namespace gilsim::load {
namespace {

/// kMaxPutTimes bounds `put ... times:`, whose items are stored one by one: a typo must not exhaust memory.
constexpr std::int64_t kMaxPutTimes = 1'000'000;

}  // namespace

void StepReader::put(const Item& value, Step& step, Bindings& bound) {
  const Fields fields(value, "put", {"queue", "value", "values", "times"});
  sync_target(fields.require("queue"), step, declared_.queues, "queue", "queues");
  if (fields.has("value") == fields.has("values")) {
    fail(fields.pos(), "put needs exactly one of 'value' (one item) or 'values' (a list of items)");
  }
  if (auto values = fields.get("values")) {
    if (auto times = fields.get("times")) {
      fail(times->pos, "'times' repeats a single 'value'; use 'value' with it");
    }
    step.values = item_list(*values, bound, "; for a single item use 'value'");
    return;
  }
  const IntExpr item = int_value(fields.require("value"), bound);
  const auto times = fields.get("times");
  const std::int64_t count = times ? values_.integer(*times, 0, kMaxPutTimes) : 1;
  step.values.assign(static_cast<std::size_t>(count), item);  // e.g. one sentinel per worker
}

void StepReader::get(const Item& value, Step& step, Bindings& bound) {
  step.variable = "item";
  if (!value.node.IsMap()) {
    sync_target(value, step, declared_.queues, "queue", "queues");
  } else {
    const Fields fields(value, "get", {"queue", "as"});
    sync_target(fields.require("queue"), step, declared_.queues, "queue", "queues");
    if (auto as = fields.get("as")) step.variable = variable(*as);
  }
  bound.bind_integer(step.variable);  // usable by the steps after this one
}

void StepReader::repeat(const Item& value, Step& step, Bindings& bound) {
  const Fields fields(value, "repeat", {"times", "until_set", "forever", "steps"});
  const int ends = fields.has("times") + fields.has("until_set") + fields.has("forever");
  if (ends != 1) {
    fail(fields.pos(),
         "repeat needs exactly one of 'times' (a count), 'until_set' (an event) or "
         "'forever: true' (until its task is cancelled)");
  }
  if (auto times = fields.get("times")) step.times = values_.integer(*times, 0);
  if (auto until = fields.get("until_set")) {
    step.until_index = resolve(*until, names_of(declared_.events), "event", "events");
    step.until_set = declared_.events[step.until_index].name;
    check_sync_kind(*until, declared_.events[step.until_index], "event", StepKind::Repeat);
  }
  if (auto forever = fields.get("forever")) {
    choice(*forever, {"true"});
    // Only a cancellation ends `while True:`, and only tasks can be cancelled.
    if (place_ != Place::Coroutine) coroutine_only(forever->pos, "'forever'");
  }
  step.body = block(fields.require("steps"), bound);
}

void StepReader::consume(const Item& value, Step& step, Bindings& bound) {
  const Fields fields(value, "consume", {"queue", "as", "sentinel", "sentinels", "steps"});
  sync_target(fields.require("queue"), step, declared_.queues, "queue", "queues");
  const auto as = fields.get("as");
  step.variable = as ? variable(*as) : "item";
  if (auto sentinel = fields.get("sentinel")) step.sentinel = values_.integer(*sentinel);
  if (auto sentinels = fields.get("sentinels")) step.sentinels = values_.integer(*sentinels, 1);
  Bindings inside = bound;
  inside.bind_integer(step.variable);  // the item is bound only inside the loop's body
  step.body = block(fields.require("steps"), inside);
}

std::string StepReader::variable(const Item& item) const {
  const std::string name = identifier(item);
  if (values_.params().count(name)) {
    fail(item.pos, item.what + " names a variable, but '" + name + "' is a param and $" + name +
                       " would mean the param; choose another name");
  }
  return name;
}

IntExpr StepReader::int_value(const Item& item, const Bindings& bound) const {
  const auto name = dollar_name(item.node);
  if (name && bound.tasks.count(*name) && !values_.params().count(*name)) {
    fail(item.pos, item.what + " expects an integer, but $" + *name + " holds a task (bound by create_task)");
  }
  return values_.int_expr(item, bound.integers);
}

void StepReader::for_each(const Item& value, Step& step, Bindings& bound) {
  const Fields fields(value, "for_each", {"values", "as", "steps"});
  step.values = item_list(fields.require("values"), bound, "");
  const auto as = fields.get("as");
  step.variable = as ? variable(*as) : "item";
  Bindings inside = bound;
  inside.bind_integer(step.variable);  // like consume, the item is bound only inside the body
  step.body = block(fields.require("steps"), inside);
}

std::vector<IntExpr> StepReader::item_list(const Item& item, const Bindings& bound,
                                           const std::string& hint) const {
  if (!item.node.IsSequence()) {
    const auto name = dollar_name(item.node);
    if (!name || !values_.params().count(*name)) {
      fail(item.pos, "'values' expects a list of integers or variables, or a list param, got " +
                         describe(item.node) + hint);
    }
    std::vector<IntExpr> out;
    for (std::int64_t v : values_.integers(item)) out.push_back(IntExpr{v, ""});
    return out;
  }
  std::vector<IntExpr> out;
  for (const Item& element : elements(item, "a list of integers")) {
    out.push_back(int_value(element, bound));
  }
  return out;
}

}  // namespace gilsim::load
