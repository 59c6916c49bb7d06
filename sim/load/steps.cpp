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

}  // namespace

StepReader::StepReader(const Values& values, const Scenario& declared, const std::vector<UnitSpec>& units,
                       int unit)
    : values_(values), declared_(declared), units_(units), unit_(unit) {}

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
  };
  return kForms;
}

std::vector<Step> StepReader::block(const Item& list, Bindings bound) {
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
    Step step;
    step.kind = form.kind;
    step.pos = key_pos;
    const Item value{entry->second, position(key_pos.file, entry->second, key_pos), "'" + key + "'"};
    (this->*form.read)(value, step, bound);
    return step;
  }
  fail(key_pos, "unknown step '" + key + "'; expected one of: " + joined(keys) + did_you_mean(key, keys));
}

void StepReader::timed(const Item& value, Step& step, Bindings&) {
  step.duration = values_.duration(value, 0);
}

void StepReader::is_prime(const Item& value, Step& step, Bindings& bound) {
  step.value = values_.int_expr(value, bound);
}

void StepReader::event(const Item& value, Step& step, Bindings&) {
  target(value, step, names_of(declared_.events), "event", "events");
}

void StepReader::wait(const Item& value, Step& step, Bindings&) {
  step.duration = kNever;  // event.wait() without a timeout
  if (!value.node.IsMap()) {
    target(value, step, names_of(declared_.events), "event", "events");
    return;
  }
  const Fields fields(value, "wait", {"event", "timeout"});
  target(fields.require("event"), step, names_of(declared_.events), "event", "events");
  if (auto timeout = fields.get("timeout")) step.duration = values_.duration(*timeout, 0);
}

void StepReader::lock(const Item& value, Step& step, Bindings&) {
  target(value, step, names_of(declared_.locks), "lock", "locks");
}

void StepReader::spawn(const Item& value, Step& step, Bindings&) {
  target(value, step, names_of(units_), "unit", "units");
  if (step.target_index == unit_) fail(value.pos, "unit '" + step.target + "' cannot spawn itself");
  if (!units_[step.target_index].spawned) {
    fail(value.pos, "unit '" + step.target +
                        "' starts at launch, so no step can spawn it; declare it with `start: spawn`");
  }
  spawned_.insert(step.target_index);
}

void StepReader::join(const Item& value, Step& step, Bindings&) {
  target(value, step, names_of(units_), "unit", "units");
  if (step.target_index == unit_) fail(value.pos, "unit '" + step.target + "' cannot join itself");
}

void StepReader::output(const Item& value, Step& step, Bindings&) {
  step.target = identifier(value);
}

void StepReader::target(const Item& item, Step& step, const std::vector<std::string>& declared,
                        const std::string& noun, const std::string& section) {
  step.target_index = resolve(item, declared, noun, section);
  step.target = declared[step.target_index];
}

}  // namespace gilsim::load
