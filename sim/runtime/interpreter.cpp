#include "sim/runtime/interpreter.hpp"

#include <fmt/format.h>

#include <boost/container/small_vector.hpp>

#include <stdexcept>
#include <string>
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

/// Flow says whether the steps that follow run, or a `return` ends the coroutine.
enum class Flow : std::uint8_t { Next, Return };

using Variables = std::vector<std::pair<std::string, std::int64_t>>;

class Interpreter {
 public:
  explicit Interpreter(Runtime& rt, Variables variables = {})
      : rt_(rt), awaits_(rt.awaits()), variables_(std::move(variables)) {}

  /// last_value is what the last value-producing step gave (an item got, a prime answer as 1/0, an
  /// awaited result): the result of an executor job.
  std::int64_t last_value() const { return last_value_; }
  /// returned is the value of the `return` that ended the steps.
  std::int64_t returned() const { return returned_; }

  /// run runs `steps` in order, until their end or a `return`.
  ///
  /// Loops (repeat, consume, for) run in this one frame: each loop entered and not left is a Block on a
  /// small list, and the step to run next is the next one of the innermost block. A frame per loop and
  /// per turn of its body would be three frames of a suspended task's six, a third of its memory.
  Co<Flow> run(const std::vector<Step>& steps) {
    boost::container::small_vector<Block, 2> blocks;  // in the frame: no allocation for two levels
    blocks.push_back(Block{&steps, nullptr});
    while (!blocks.empty()) {
      Block& b = blocks.back();
      if (b.next == b.steps->size()) {
        // The block ran its last step: its loop's body runs again, or the block is done. Only a consume's
        // next item may have to wait; the other loops decide in a plain call (no frame per turn).
        bool again = false;
        if (b.loop != nullptr && b.loop->kind == StepKind::Consume) {
          again = co_await next_item(b);  // (not inside a ?: — compilers have mistranslated co_await there)
        } else {
          again = turn_again(b);
        }
        if (!again) blocks.pop_back();
        continue;
      }
      const Step& s = (*b.steps)[b.next++];
      count_step(s);
      Flow flow = Flow::Next;
      try {
        // Steps that may wait are awaited right here, not in a helper coroutine: one frame less per await,
        // and frames are most of what a suspended task costs.
        switch (s.kind) {
          case StepKind::IsPrime:
            last_value_ = co_await awaits_.is_prime(eval(s.value), s.nap_every) ? 1 : 0;
            break;
          case StepKind::Wait:
            co_await awaits_.wait(s.target_index, s.duration);
            break;
          case StepKind::Get:
            bind_result(s.variable, co_await awaits_.get(s.target_index));
            break;
          case StepKind::Acquire:
            co_await awaits_.acquire(s.target_index);
            break;
          case StepKind::Await:
            bind_result(s.result, co_await await(s.awaitable));
            break;
          case StepKind::AsyncSleep:
            co_await awaits_.async_sleep(s.duration);
            break;
          case StepKind::Gather:
            co_await gather(s);
            break;
          case StepKind::RunInExecutor:
            bind_result(s.result, co_await awaits_.run_in_executor(s.target_index, job(s.body)));
            break;
          case StepKind::WaitFor:
            flow = co_await wait_for(s);
            break;
          case StepKind::Repeat:
          case StepKind::ForEach:
            if (Block loop{&s.body, &s}; start_turn(loop)) blocks.push_back(loop);
            break;
          case StepKind::Consume: {
            Block loop{&s.body, &s};
            loop.next = s.body.size();  // as if a body had just run: the first item comes next
            blocks.push_back(loop);
            break;
          }
          default:
            flow = run_plain(s);
        }
      } catch (const StepError&) {
        throw;
      } catch (const std::exception& e) {
        throw step_error(s, e);
      }
      if (flow == Flow::Return) co_return Flow::Return;
    }
    co_return Flow::Next;
  }

 private:
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

  Flow run_plain(const Step& s) {
    switch (s.kind) {
      case StepKind::Cpu:
        rt_.cpu(s.duration);
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
      case StepKind::Put:
        for (const IntExpr& v : s.values) rt_.put(s.target_index, eval(v));
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
      case StepKind::AsyncioRun:
        last_value_ = rt_.asyncio_run(s.target_index);
        break;
      case StepKind::CreateTask:
        bind(s.variable, rt_.create_task(s.target_index, s.task_name));
        break;
      case StepKind::Cancel:
        rt_.cancel(eval(IntExpr{0, s.variable}));
        break;
      case StepKind::Return:
        returned_ = eval(s.value);
        return Flow::Return;
      case StepKind::IsPrime:
      case StepKind::Wait:
      case StepKind::Get:
      case StepKind::Acquire:
      case StepKind::Await:
      case StepKind::AsyncSleep:
      case StepKind::Gather:
      case StepKind::RunInExecutor:
      case StepKind::WaitFor:
      case StepKind::Repeat:
      case StepKind::Consume:
      case StepKind::ForEach:
        throw std::logic_error("a step that may wait reached run_plain");  // run() awaits these
    }
    return Flow::Next;
  }

  /// Block is a list of steps being run: a coroutine's or a unit's own (loop == nullptr), or the body of
  /// the loop step `loop`, which counts its turns in `turn` (a for's values, a consume's pills).
  struct Block {
    const std::vector<Step>* steps;
    const Step* loop;
    std::size_t next = 0;
    std::int64_t turn = 0;
  };

  /// start_turn readies turn b.turn of a repeat or a for (binding a for's value); false when the loop has
  /// no such turn. An `until` is checked after each turn, never before the first; `forever` (no `until`)
  /// ends only when its task is cancelled.
  bool start_turn(Block& b) {
    const Step& s = *b.loop;
    if (s.kind == StepKind::ForEach) {
      if (b.turn >= static_cast<std::int64_t>(s.values.size())) return false;
      bind(s.variable, eval(s.values[static_cast<std::size_t>(b.turn)]));
    } else if (s.times >= 0) {
      if (b.turn >= s.times) return false;
    } else if (b.turn > 0 && s.until_index >= 0 && rt_.is_set(s.until_index)) {
      return false;
    }
    b.next = 0;
    return true;
  }

  /// next_turn starts the body of a repeat or a for again after a turn; false when the loop is done.
  bool next_turn(Block& b) {
    // An uncounted repeat of no steps spins at one instant: its turns count as steps, so that the spin is
    // reported rather than hung in (a counted one ends by itself).
    const Step& s = *b.loop;
    if (b.steps->empty() && s.kind == StepKind::Repeat && s.times < 0) count_step(s);
    ++b.turn;
    return start_turn(b);
  }

  /// turn_again starts the body of a repeat or a for once more after a turn; false when the block is done
  /// (the steps themselves have no loop).
  bool turn_again(Block& b) {
    if (b.loop == nullptr) return false;
    try {
      return next_turn(b);
    } catch (const StepError&) {
      throw;
    } catch (const std::exception& e) {
      throw step_error(*b.loop, e);  // a for's next value names a variable that has none
    }
  }

  // while (v := q.get()) != sentinel: body — until `sentinels` pills were seen (one per producer). The
  // pills seen so far are the block's turn count. True when the body runs with a new item.
  Co<bool> next_item(Block& b) {
    const Step& s = *b.loop;
    while (b.turn < s.sentinels) {
      std::int64_t v = 0;
      try {
        v = co_await awaits_.get(s.target_index);
      } catch (const std::exception& e) {
        throw step_error(s, e);
      }
      if (v == s.sentinel) {
        ++b.turn;
        continue;
      }
      bind(s.variable, v);
      b.next = 0;
      co_return true;
    }
    co_return false;
  }

  StepError step_error(const Step& s, const std::exception& e) const {
    return StepError(fmt::format("{}:{}:{}: unit {}: {}", s.pos.file, s.pos.line, s.pos.column,
                                 rt_.unit_name(), e.what()));
  }

  Co<std::int64_t> await(const Awaitable& a) {
    if (a.coroutine >= 0) return awaits_.await_coroutine(a.coroutine);
    return awaits_.await_task(eval(IntExpr{0, a.task_variable}));
  }

  /// task_of makes a task of an awaitable: a coroutine call is wrapped in a new task, as gather does.
  std::int64_t task_of(const Awaitable& a) {
    if (a.coroutine >= 0) return rt_.create_task(a.coroutine, {});
    return eval(IntExpr{0, a.task_variable});
  }

  // asyncio.gather: every awaitable becomes a task first, then each is awaited in order.
  Co<void> gather(const Step& s) {
    std::vector<std::int64_t> tasks;
    for (const Awaitable& a : s.awaitables) tasks.push_back(task_of(a));
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      const std::int64_t result = co_await awaits_.await_task(tasks[i]);
      if (i + 1 == tasks.size()) bind_result(s.result, result);
    }
  }

  Co<Flow> wait_for(const Step& s) {
    const std::optional<std::int64_t> result = co_await awaits_.wait_for(task_of(s.awaitable), s.duration);
    if (result) {
      bind_result(s.result, *result);
      co_return Flow::Next;
    }
    co_return co_await run(s.body);  // except asyncio.TimeoutError:
  }

  /// job packs an executor job: its steps run on the worker with a copy of the caller's variables.
  Runtime::Job job(const std::vector<Step>& steps) const {
    return [&steps, vars = variables_](Runtime& worker) {
      Interpreter in(worker, vars);
      (void)in.run(steps).run_now();
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
  Awaits& awaits_;
  Variables variables_;
  std::int64_t last_value_ = 0;
  std::int64_t returned_ = 0;
  Time instant_ = -1;
  long steps_at_instant_ = 0;
};

}  // namespace

void run_steps(Runtime& rt, const std::vector<Step>& steps) {
  Interpreter in(rt);
  (void)in.run(steps).run_now();
}

Co<std::int64_t> run_coroutine_steps(Runtime& rt, const CoroutineSpec& coroutine) {
  Interpreter in(rt);
  try {
    if (co_await in.run(coroutine.steps) == Flow::Return) co_return in.returned();
    co_return 0;
  } catch (const Cancelled&) {
    // handled below: a coroutine cannot co_await inside a handler
  }
  (void)co_await in.run(coroutine.on_cancel);  // its `except CancelledError:` block (no `return` in it)
  throw Cancelled{};
}

}  // namespace gilsim
