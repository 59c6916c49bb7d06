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

/// ReturnSignal carries a coroutine's `return` out of nested steps (not a std::exception: step error
/// handlers let it through).
struct ReturnSignal {
  std::int64_t value;
};

using Variables = std::vector<std::pair<std::string, std::int64_t>>;

class Interpreter {
 public:
  explicit Interpreter(Runtime& rt, Variables variables = {}) : rt_(rt), variables_(std::move(variables)) {}

  /// last_value is what the last value-producing step gave (an item got, a prime answer as 1/0, an
  /// awaited result): the result of an executor job.
  std::int64_t last_value() const { return last_value_; }

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
        last_value_ = rt_.is_prime(eval(s.value), s.nap_every) ? 1 : 0;
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
        bind_result(s.variable, rt_.get(s.target_index));
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
      case StepKind::AsyncioRun:
        last_value_ = rt_.asyncio_run(s.target_index);
        break;
      case StepKind::CreateTask:
        bind(s.variable, rt_.create_task(s.target_index, s.task_name));
        break;
      case StepKind::Await:
        bind_result(s.result, await(s.awaitable));
        break;
      case StepKind::Cancel:
        rt_.cancel(eval(IntExpr{0, s.variable}));
        break;
      case StepKind::AsyncSleep:
        rt_.async_sleep(s.duration);
        break;
      case StepKind::Gather:
        gather(s);
        break;
      case StepKind::WaitFor:
        wait_for(s);
        break;
      case StepKind::RunInExecutor:
        bind_result(s.result, rt_.run_in_executor(s.target_index, job(s.body)));
        break;
      case StepKind::Return:
        throw ReturnSignal{eval(s.value)};
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
    if (s.until_index < 0) {
      for (;;) run(s.body);  // `forever`: only a cancellation (or the end of the run) stops it
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

  std::int64_t await(const Awaitable& a) {
    if (a.coroutine >= 0) return rt_.await_coroutine(a.coroutine);
    return rt_.await_task(eval(IntExpr{0, a.task_variable}));
  }

  /// task_of makes a task of an awaitable: a coroutine call is wrapped in a new task, as gather does.
  std::int64_t task_of(const Awaitable& a) {
    if (a.coroutine >= 0) return rt_.create_task(a.coroutine, {});
    return eval(IntExpr{0, a.task_variable});
  }

  void gather(const Step& s) {
    std::vector<std::int64_t> tasks;
    for (const Awaitable& a : s.awaitables) tasks.push_back(task_of(a));
    const std::vector<std::int64_t> results = rt_.gather(tasks);
    if (!results.empty()) bind_result(s.result, results.back());
  }

  void wait_for(const Step& s) {
    const auto result = rt_.wait_for(task_of(s.awaitable), s.duration);
    if (result) {
      bind_result(s.result, *result);
    } else {
      run(s.body);  // except asyncio.TimeoutError:
    }
  }

  /// job packs an executor job: its steps run on the worker with a copy of the caller's variables.
  Runtime::Job job(const std::vector<Step>& steps) const {
    return [&steps, vars = variables_](Runtime& worker) {
      Interpreter in(worker, vars);
      in.run(steps);
      return in.last_value();
    };
  }

  void bind_result(const std::string& name, std::int64_t value) {
    last_value_ = value;
    if (!name.empty()) bind(name, value);
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
  Variables variables_;
  std::int64_t last_value_ = 0;
  Time instant_ = -1;
  long steps_at_instant_ = 0;
};

}  // namespace

void run_steps(Runtime& rt, const std::vector<Step>& steps) {
  Interpreter(rt).run(steps);
}

std::int64_t run_coroutine_steps(Runtime& rt, const CoroutineSpec& coroutine) {
  Interpreter in(rt);
  try {
    in.run(coroutine.steps);
    return 0;
  } catch (const ReturnSignal& r) {
    return r.value;
  } catch (const Cancelled&) {
    in.run(coroutine.on_cancel);  // its `except CancelledError:` block; then the cancellation goes on
    throw;
  }
}

}  // namespace gilsim
