// Step dispatch and the steps whose value is a single duration, number or name.
#include <string>
#include <vector>

#include "sim/load/names.hpp"
#include "sim/load/spelling.hpp"
#include "sim/load/step_reader.hpp"

namespace gilsim::load {
namespace {

/// key_text is a map key as written, for messages.
std::string key_text(const YAML::Node& key) {
  return key.IsScalar() ? key.Scalar() : describe(key);
}

/// form_keys lists the step keys for messages.
template <typename Forms>
std::vector<std::string> form_keys(const Forms& forms) {
  std::vector<std::string> keys;
  for (const auto& form : forms) keys.push_back(form.key);
  return keys;
}

/// use_verb says what a step does with an event, queue or lock, for messages: "wait on it".
std::string use_verb(StepKind kind) {
  switch (kind) {
    case StepKind::Set:
      return "set it";
    case StepKind::Clear:
      return "clear it";
    case StepKind::Wait:
      return "wait on it";
    case StepKind::Put:
      return "put to it";
    case StepKind::Get:
    case StepKind::Consume:
      return "get from it";
    case StepKind::Acquire:
      return "acquire it";
    case StepKind::Release:
      return "release it";
    case StepKind::Repeat:
      return "test it";
    default:
      return "use it";
  }
}

}  // namespace

StepReader::StepReader(const Values& values, const Scenario& declared, Place place, int owner)
    : values_(values), declared_(declared), place_(place), owner_(owner) {}

const std::vector<StepReader::Form>& StepReader::forms() {
  static const std::vector<Form> kForms = {
      {"cpu", StepKind::Cpu, &StepReader::timed},
      {"is_prime", StepKind::IsPrime, &StepReader::is_prime},
      {"native", StepKind::Native, &StepReader::timed},
      {"io", StepKind::Io, &StepReader::timed},
      {"sleep", StepKind::Sleep, &StepReader::timed},
      {"set", StepKind::Set, &StepReader::event},
      {"clear", StepKind::Clear, &StepReader::event},
      {"wait", StepKind::Wait, &StepReader::wait},
      {"put", StepKind::Put, &StepReader::put},
      {"get", StepKind::Get, &StepReader::get},
      {"acquire", StepKind::Acquire, &StepReader::lock},
      {"release", StepKind::Release, &StepReader::lock},
      {"spawn", StepKind::Spawn, &StepReader::spawn},
      {"start", StepKind::Spawn, &StepReader::spawn},
      {"join", StepKind::Join, &StepReader::join},
      {"output", StepKind::Output, &StepReader::output},
      {"repeat", StepKind::Repeat, &StepReader::repeat},
      {"consume", StepKind::Consume, &StepReader::consume},
      {"for_each", StepKind::ForEach, &StepReader::for_each},
      {"asyncio_run", StepKind::AsyncioRun, &StepReader::asyncio_run, Only::Units},
      {"create_task", StepKind::CreateTask, &StepReader::create_task, Only::Coroutines},
      {"await", StepKind::Await, &StepReader::await_step, Only::Coroutines},
      {"cancel", StepKind::Cancel, &StepReader::cancel, Only::Coroutines},
      {"async_sleep", StepKind::AsyncSleep, &StepReader::timed, Only::Coroutines},
      {"gather", StepKind::Gather, &StepReader::gather, Only::Coroutines},
      {"wait_for", StepKind::WaitFor, &StepReader::wait_for, Only::Coroutines},
      {"run_in_executor", StepKind::RunInExecutor, &StepReader::run_in_executor, Only::Coroutines},
      {"to_thread", StepKind::RunInExecutor, &StepReader::to_thread, Only::Coroutines},
      {"return", StepKind::Return, &StepReader::return_value, Only::Coroutines},
  };
  return kForms;
}

std::vector<Step> StepReader::block(const Item& list, Bindings bound) {
  return sequence(list, bound);
}

std::vector<Step> StepReader::sequence(const Item& list, Bindings& bound) {
  std::vector<Step> steps;
  for (const Item& item : elements(list, "a list of steps")) steps.push_back(step(item, bound));
  return steps;
}

Step StepReader::step(const Item& item, Bindings& bound) {
  const std::vector<std::string> keys = form_keys(forms());
  if (!item.node.IsMap() || item.node.size() == 0) {
    fail(item.pos, "a step is a map with exactly one step key, like `cpu: 10ms`, got " + describe(item.node) +
                       "; step keys: " + joined(keys));
  }
  auto entry = item.node.begin();
  const SourcePos key_pos = position(item.pos.file, entry->first, item.pos);
  const std::string key = key_text(entry->first);
  if (item.node.size() > 1) {
    const auto second = std::next(entry);
    fail(position(item.pos.file, second->first, key_pos),
         "a step has exactly one step key, got '" + key + "' and '" + key_text(second->first) +
             "'; options go inside the value, e.g. `wait: {event: done, timeout: 100ms}`");
  }
  for (const Form& form : forms()) {
    if (key != form.key) continue;
    check_place(form, key_pos);
    Step step;
    step.kind = form.kind;
    step.pos = key_pos;
    const Item value{entry->second, position(key_pos.file, entry->second, key_pos), "'" + key + "'"};
    (this->*form.read)(value, step, bound);
    return step;
  }
  fail(key_pos, "unknown step '" + key + "'; expected one of: " + joined(keys) + did_you_mean(key, keys));
}

void StepReader::check_place(const Form& form, const SourcePos& key_pos) const {
  const std::string what = "'" + std::string(form.key) + "'";
  if (form.only == Only::Coroutines && place_ != Place::Coroutine) coroutine_only(key_pos, what);
  if (form.only != Only::Units || place_ == Place::Unit) return;
  if (place_ == Place::Coroutine) {
    fail(key_pos, what +
                      " cannot be used inside a coroutine: asyncio.run() cannot be called from a running "
                      "event loop; use `await` or `create_task` instead");
  }
  fail(key_pos, what + " is only allowed in a unit's steps, not in an executor's job");
}

void StepReader::coroutine_only(const SourcePos& pos, const std::string& what) const {
  if (place_ == Place::Job) {
    fail(pos,
         what + " is only allowed inside a coroutine; an executor's job runs ordinary steps on a worker");
  }
  const std::vector<std::string> names = names_of(declared_.coroutines);
  const std::string known = names.empty() ? "no coroutines are declared; add them under 'coroutines:'"
                                          : "coroutines: " + joined(names);
  fail(pos, what + " is only allowed inside a coroutine (" + known + ")");
}

void StepReader::timed(const Item& value, Step& step, Bindings&) {
  step.duration = values_.duration(value, 0);
}

void StepReader::is_prime(const Item& value, Step& step, Bindings& bound) {
  if (!value.node.IsMap()) {
    step.value = int_value(value, bound);
    return;
  }
  const Fields fields(value, "is_prime", {"n", "nap_every"});
  step.value = int_value(fields.require("n"), bound);
  if (auto nap = fields.get("nap_every")) {
    if (place_ != Place::Coroutine) coroutine_only(nap->pos, "'nap_every'");
    step.nap_every = values_.integer(*nap, 1);
  }
}

void StepReader::event(const Item& value, Step& step, Bindings&) {
  sync_target(value, step, declared_.events, "event", "events");
}

void StepReader::wait(const Item& value, Step& step, Bindings&) {
  step.duration = kNever;  // event.wait() without a timeout
  if (!value.node.IsMap()) {
    sync_target(value, step, declared_.events, "event", "events");
    return;
  }
  const Fields fields(value, "wait", {"event", "timeout"});
  sync_target(fields.require("event"), step, declared_.events, "event", "events");
  const auto timeout = fields.get("timeout");
  if (!timeout) return;
  if (declared_.events[step.target_index].kind == SyncKind::Asyncio) {
    fail(timeout->pos,
         "asyncio.Event.wait() takes no timeout; to give up after a while, await a coroutine that waits "
         "on the event with wait_for");
  }
  step.duration = values_.duration(*timeout, 0);
}

void StepReader::lock(const Item& value, Step& step, Bindings&) {
  sync_target(value, step, declared_.locks, "lock", "locks");
}

void StepReader::spawn(const Item& value, Step& step, Bindings&) {
  target(value, step, names_of(declared_.units), "unit", "units");
  if (place_ == Place::Unit && step.target_index == owner_) {
    fail(value.pos, "unit '" + step.target + "' cannot spawn itself");
  }
  if (!declared_.units[step.target_index].spawned) {
    fail(value.pos, "unit '" + step.target +
                        "' starts at launch, so no step can spawn it; declare it with `start: spawn`");
  }
  spawned_.insert(step.target_index);
}

void StepReader::join(const Item& value, Step& step, Bindings&) {
  target(value, step, names_of(declared_.units), "unit", "units");
  if (place_ == Place::Unit && step.target_index == owner_) {
    fail(value.pos, "unit '" + step.target + "' cannot join itself");
  }
}

void StepReader::output(const Item& value, Step& step, Bindings&) {
  step.target = identifier(value);
}

void StepReader::target(const Item& item, Step& step, const std::vector<std::string>& declared,
                        const std::string& noun, const std::string& section) {
  step.target_index = resolve(item, declared, noun, section);
  step.target = declared[step.target_index];
}

void StepReader::sync_target(const Item& item, Step& step, const std::vector<SyncSpec>& specs,
                             const std::string& noun, const std::string& section) {
  target(item, step, names_of(specs), noun, section);
  check_sync_kind(item, specs[step.target_index], noun, step.kind);
}

void StepReader::check_sync_kind(const Item& item, const SyncSpec& spec, const std::string& noun,
                                 StepKind kind) const {
  if (spec.kind != SyncKind::Asyncio || place_ == Place::Coroutine) return;
  fail(item.pos, noun + " '" + spec.name + "' is an asyncio " + noun + ": only coroutines can " +
                     use_verb(kind) + " (declare it `kind: thread` to use it from threads)");
}

}  // namespace gilsim::load
