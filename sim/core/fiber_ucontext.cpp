// The one piece of Boost.Context's ucontext fibers that its headers leave to the library, for the sanitizer
// build (GILSIM_SANITIZE: CMakeLists.txt explains why it switches fibers with ucontext).
//
// Debian's libboost-context is built for fcontext, so it does not define the ucontext implementation's
// per-thread "current fiber" (fiber_activation_record::current). This defines it as the headers expect: a
// thread-local pointer to the running fiber's record, which starts as a record of the thread's own
// context the first time the thread asks, and is freed when the thread ends. Other builds compile nothing
// here.
#if defined(BOOST_USE_UCONTEXT)

#include <boost/context/fiber.hpp>
#include <memory>

namespace boost::context::detail {

fiber_activation_record*& fiber_activation_record::current() noexcept {
  // The thread's own context: made on first use, freed at thread exit (fibers must be gone by then).
  thread_local const std::unique_ptr<fiber_activation_record> main_context =
      std::make_unique<fiber_activation_record>();
  thread_local fiber_activation_record* running = main_context.get();
  return running;
}

}  // namespace boost::context::detail

#endif
