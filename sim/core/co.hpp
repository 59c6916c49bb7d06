// Co: a stackless coroutine (C++20) that returns a T.
//
// A YAML coroutine's steps run as a chain of Co frames on the heap instead of on a fiber stack of their
// own: a suspended asyncio task then costs its frames (about a hundred to three hundred bytes each) rather
// than a stack's pages. A Co starts when it is awaited (or, for the outermost one, resumed).
//
// An awaited Co runs inline, as a plain call would: await_suspend resumes it and, if it finished on the
// spot, the awaiter goes on without suspending. So a loop of awaits that all complete at once (a thread's
// `repeat`) uses the same stack on every turn, whatever the optimiser does (symmetric transfer alone
// relies on tail calls that GCC makes only at -O2). A Co that really suspended resumes its awaiter itself
// when it finishes.
//
// Whoever drives the outermost Co resumes the innermost suspended frame (the awaiter that suspended knows
// it) and, once the outermost one is done(), reads result(). Code that is known never to suspend — every
// awaited call completes on the spot, as on a thread, where waits block the thread's own fiber — calls
// run_now() instead.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <stdexcept>
#include <utility>

#include "sim/core/frame_pool.hpp"

namespace gilsim {

template <typename T>
class Co;

namespace co_detail {

struct PromiseBase {
  std::coroutine_handle<> awaiter;  ///< the frame to resume when this one finishes; none for the outermost
  std::exception_ptr error;
  bool inline_run = false;  ///< run by its awaiter's await_suspend, which goes on when it finishes

  static void* operator new(std::size_t size) { return frame_pool::allocate(size); }
  static void operator delete(void* frame, std::size_t size) noexcept { frame_pool::release(frame, size); }

  std::suspend_always initial_suspend() noexcept { return {}; }

  struct Finish {
    bool await_ready() noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
      const PromiseBase& p = self.promise();
      if (p.inline_run || !p.awaiter) return std::noop_coroutine();  // back to whoever resumed it
      return p.awaiter;
    }
    void await_resume() noexcept {}
  };
  Finish final_suspend() noexcept { return {}; }

  // Everything a frame throws (Cancelled, run errors, a fiber's forced unwind) reaches its awaiter as is.
  void unhandled_exception() noexcept { error = std::current_exception(); }
  void rethrow_error() const {
    if (error) std::rethrow_exception(error);
  }
};

template <typename T>
struct Promise : PromiseBase {
  std::optional<T> value;
  Co<T> get_return_object() noexcept;
  void return_value(T v) { value.emplace(std::move(v)); }
  T take() {
    rethrow_error();
    return std::move(*value);
  }
};

template <>
struct Promise<void> : PromiseBase {
  Co<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() const { rethrow_error(); }
};

}  // namespace co_detail

template <typename T = void>
class [[nodiscard]] Co {
 public:
  using promise_type = co_detail::Promise<T>;
  using Handle = std::coroutine_handle<promise_type>;

  explicit Co(Handle frame) noexcept : frame_(frame) {}
  Co(Co&& other) noexcept : frame_(std::exchange(other.frame_, {})) {}
  Co& operator=(Co&& other) noexcept {
    if (this != &other) {
      destroy();
      frame_ = std::exchange(other.frame_, {});
    }
    return *this;
  }
  Co(const Co&) = delete;
  Co& operator=(const Co&) = delete;
  /// ~Co frees the frame, and with it every frame it still awaits (a task still suspended at the end).
  ~Co() { destroy(); }

  // --- awaited from another Co: run this one inline; the awaiter suspends only if it did
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiter) {
    promise_type& p = frame_.promise();
    p.awaiter = awaiter;
    p.inline_run = true;
    frame_.resume();
    if (frame_.done()) return false;  // finished on the spot: the awaiter goes on
    p.inline_run = false;             // suspended: when it finishes, it resumes the awaiter itself
    return true;
  }
  T await_resume() { return frame_.promise().take(); }

  // --- driven from plain code
  /// handle is the frame to resume first.
  std::coroutine_handle<> handle() const noexcept { return frame_; }
  /// done is true once the coroutine has returned or thrown.
  bool done() const noexcept { return frame_.done(); }
  /// result gives what a done coroutine returned, or throws what it threw.
  T result() { return frame_.promise().take(); }
  /// run_now runs a coroutine whose awaits all complete on the spot, and gives its result.
  T run_now() {
    frame_.resume();
    if (!frame_.done()) throw std::logic_error("a coroutine run to completion suspended");
    return result();
  }

 private:
  void destroy() noexcept {
    if (frame_) frame_.destroy();
  }

  Handle frame_;
};

namespace co_detail {
template <typename T>
Co<T> Promise<T>::get_return_object() noexcept {
  return Co<T>(Co<T>::Handle::from_promise(*this));
}
inline Co<void> Promise<void>::get_return_object() noexcept {
  return Co<void>(Co<void>::Handle::from_promise(*this));
}
}  // namespace co_detail

}  // namespace gilsim
