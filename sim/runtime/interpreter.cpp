#include "sim/runtime/interpreter.hpp"

#include <fmt/format.h>

#include <utility>

#include "sim/runtime/run_error.hpp"

namespace gilsim {
namespace {

/// StepError is a RunError that already names its step, so that enclosing loops pass it on unchanged.
class StepError : public RunError {
 public:
  using RunError::RunError;
};

/// kMaxStepsPerInstant bounds the steps a unit may run without virtual time passing: beyond it the unit is
/// looping forever at one instant (a repeat with no timed or blocking step) and the run would hang.
constexpr long kMaxStepsPerInstant = 10'000'000;

class Interpreter {
 public:
  explicit Interpreter(Runtime& rt) : rt_(rt) {}

  void run(const std::vector<Step>& steps) {
    for (const Step& s : steps) run_guarded(s);
  }

 private:
  void run_guarded(const Step& s) {
    count_step(s);
    try {
      run(s);
    } catch (const StepError&) {
      throw;
    } catch (const std::exception& e) {
      throw StepError(fmt::format("{}:{}:{}: unit {}: {}", s.pos.file, s.pos.line, s.pos.column,
                                  rt_.unit_name(), e.what()));
    }
  }

  void count_step(const Step& s) {
    if (rt_.now() != instant_) {
      instant_ = rt_.now();
      steps_at_instant_ = 0;
    }
    if (++steps_at_instant_ > kMaxStepsPerInstant) {
      throw StepError(fmt::format(
          "{}:{}:{}: unit {} ran {} steps without virtual time passing at {}: a loop with no timed or "
          "blocking step never ends",
          s.pos.file, s.pos.line, s.pos.column, rt_.unit_name(), kMaxStepsPerInstant,
          format_duration(instant_)));
    }
  }

  void run(const Step& s) {
    switch (s.kind) {
      case StepKind::Cpu:
        rt_.cpu(s.duration);
        break;
      case StepKind::IsPrime:
        rt_.is_prime(eval(s.value));
        break;
      case StepKind::Native:
        rt_.native(s.duration);
        break;
      case StepKind::Io:
        rt_.io(s.duration);
        break;
      case StepKind::Sleep:
        rt_.sleep(s.duration);
        break;
      case StepKind::Set:
        rt_.set(s.target_index);
        break;
      case StepKind::Clear:
        rt_.clear(s.target_index);
        break;
      case StepKind::Wait:
        rt_.wait(s.target_index, s.duration);
        break;
      case StepKind::Put:
        for (const IntExpr& v : s.values) rt_.put(s.target_index, eval(v));
        break;
      case StepKind::Get:
        bind(s.variable, rt_.get(s.target_index));
        break;
      case StepKind::Acquire:
        rt_.acquire(s.target_index);
        break;
      case StepKind::Release:
        rt_.release(s.target_index);
        break;
      case StepKind::Spawn:
        rt_.spawn(s.target_index);
        break;
      case StepKind::Join:
        rt_.join(s.target_index);
        break;
      case StepKind::Output:
        rt_.output(s.target);
        break;
      case StepKind::Repeat:
        repeat(s);
        break;
      case StepKind::Consume:
        consume(s);
        break;
      case StepKind::ForEach:
        for (const IntExpr& v : s.values) {
          bind(s.variable, eval(v));
          run(s.body);
        }
        break;
    }
  }

  void repeat(const Step& s) {
    if (s.times >= 0) {
      for (std::int64_t i = 0; i < s.times; ++i) run(s.body);
      return;
    }
    do {
      run(s.body);
    } while (!rt_.is_set(s.until_index));
  }

  // while (v := q.get()) != sentinel: body — until `sentinels` pills were seen (one per producer).
  void consume(const Step& s) {
    std::int64_t pills = 0;
    while (pills < s.sentinels) {
      const std::int64_t v = rt_.get(s.target_index);
      if (v == s.sentinel) {
        ++pills;
        continue;
      }
      bind(s.variable, v);
      run(s.body);
    }
  }

  std::int64_t eval(const IntExpr& e) const {
    if (e.variable.empty()) return e.literal;
    for (const auto& [name, value] : variables_) {
      if (name == e.variable) return value;
    }
    throw RunError(fmt::format("variable ${} has no value yet", e.variable));
  }

  void bind(const std::string& name, std::int64_t value) {
    for (auto& [n, v] : variables_) {
      if (n == name) {
        v = value;
        return;
      }
    }
    variables_.emplace_back(name, value);
  }

  Runtime& rt_;
  std::vector<std::pair<std::string, std::int64_t>> variables_;
  Time instant_ = -1;
  long steps_at_instant_ = 0;
};

}  // namespace

void run_steps(Runtime& rt, const std::vector<Step>& steps) {
  Interpreter(rt).run(steps);
}

}  // namespace gilsim
