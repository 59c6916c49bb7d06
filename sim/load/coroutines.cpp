// The `coroutines:` section: the `async def`s that event loops run. Their steps are read by program.cpp;
// this file reads the headers and checks what needs every coroutine's steps at once.
#include <string>
#include <vector>

#include "sim/load/program.hpp"

namespace gilsim::load {
namespace {

/// read_header reads a coroutine's name and description, keeping its steps for later.
CoroutineSpec read_header(const Item& item, CoroutineSource& source) {
  const Fields fields(item, "a coroutine", {"name", "description", "steps", "on_cancel"});
  CoroutineSpec coroutine;
  coroutine.pos = item.pos;
  const Item name = fields.require("name");
  coroutine.name = identifier(name);
  source.name_pos = name.pos;
  if (auto description = fields.get("description")) coroutine.description = text(*description);
  source.steps = fields.get("steps");
  source.on_cancel = fields.get("on_cancel");
  return coroutine;
}

/// check_unique fails when a coroutine's name was used by an earlier coroutine.
void check_unique(const std::vector<CoroutineSpec>& coroutines, const CoroutineSpec& coroutine) {
  for (const CoroutineSpec& earlier : coroutines) {
    if (earlier.name == coroutine.name) {
      fail(coroutine.pos, "coroutine '" + coroutine.name + "' is declared twice (first at line " +
                              std::to_string(earlier.pos.line) + ")");
    }
  }
}

/// inline_awaits collects the steps of `steps`, at any depth, that call a coroutine inline (`await: name`).
void inline_awaits(const std::vector<Step>& steps, std::vector<const Step*>& out) {
  for (const Step& step : steps) {
    if (step.kind == StepKind::Await && step.awaitable.coroutine >= 0) out.push_back(&step);
    inline_awaits(step.body, out);
  }
}

/// first_return finds a `return` among `steps` at any depth, or nullptr.
const Step* first_return(const std::vector<Step>& steps) {
  for (const Step& step : steps) {
    if (step.kind == StepKind::Return) return &step;
    if (const Step* inner = first_return(step.body)) return inner;
  }
  return nullptr;
}

/// CallGraph finds inline awaits that lead back to a coroutine still on the call stack.
class CallGraph {
 public:
  /// CallGraph lists, for each coroutine, the inline awaits in its steps and its on_cancel steps.
  explicit CallGraph(const std::vector<CoroutineSpec>& coroutines)
      : coroutines_(coroutines), calls_(coroutines.size()), state_(coroutines.size(), State::Unseen) {
    for (std::size_t i = 0; i < coroutines.size(); ++i) {
      inline_awaits(coroutines[i].steps, calls_[i]);
      inline_awaits(coroutines[i].on_cancel, calls_[i]);
    }
  }

  /// visit walks every call from coroutine `c` depth first, failing at the first await that closes a loop.
  void visit(int c) {
    if (state_[c] == State::Done) return;
    state_[c] = State::OnStack;
    stack_.push_back(c);
    for (const Step* call : calls_[c]) {
      const int callee = call->awaitable.coroutine;
      if (state_[callee] == State::OnStack) recursion(*call, callee);
      visit(callee);
    }
    stack_.pop_back();
    state_[c] = State::Done;
  }

 private:
  /// State is where the depth-first walk is with a coroutine.
  enum class State { Unseen, OnStack, Done };

  /// recursion fails at `call`, which awaits `callee` while callee's own call is still running.
  [[noreturn]] void recursion(const Step& call, int callee) const {
    std::string cycle;
    bool in_cycle = false;
    for (int c : stack_) {
      in_cycle = in_cycle || c == callee;
      if (in_cycle) cycle += coroutines_[c].name + " -> ";
    }
    cycle += coroutines_[callee].name;
    fail(call.pos, "coroutine '" + coroutines_[callee].name + "' awaits itself (" + cycle +
                       "), so the calls would never end; use create_task to start it as a separate task");
  }

  const std::vector<CoroutineSpec>& coroutines_;
  std::vector<std::vector<const Step*>> calls_;  ///< per coroutine, its inline awaits
  std::vector<State> state_;
  std::vector<int> stack_;  ///< the coroutines being visited, outermost first
};

}  // namespace

std::vector<CoroutineSpec> read_coroutine_headers(const Item& section,
                                                  std::vector<CoroutineSource>& sources) {
  std::vector<CoroutineSpec> coroutines;
  for (const Item& item : elements(section, "a list of coroutines")) {
    sources.emplace_back();
    CoroutineSpec coroutine = read_header(item, sources.back());
    check_unique(coroutines, coroutine);
    coroutines.push_back(coroutine);
  }
  return coroutines;
}

void check_run(const std::vector<CoroutineSpec>& coroutines, const std::vector<CoroutineSource>& sources,
               const std::set<int>& run) {
  for (std::size_t i = 0; i < coroutines.size(); ++i) {
    if (run.count(static_cast<int>(i))) continue;
    fail(sources[i].name_pos, "coroutine '" + coroutines[i].name +
                                  "' is never run: no asyncio_run, create_task, await, gather or "
                                  "wait_for names it");
  }
}

void check_on_cancel(const std::vector<CoroutineSpec>& coroutines) {
  for (const CoroutineSpec& coroutine : coroutines) {
    if (const Step* step = first_return(coroutine.on_cancel)) {
      fail(step->pos,
           "'return' in on_cancel would swallow the cancellation; on_cancel is an `except "
           "CancelledError:` block that re-raises, so the cancellation always goes on");
    }
  }
}

void check_recursion(const std::vector<CoroutineSpec>& coroutines) {
  CallGraph graph(coroutines);
  for (std::size_t i = 0; i < coroutines.size(); ++i) graph.visit(static_cast<int>(i));
}

}  // namespace gilsim::load
