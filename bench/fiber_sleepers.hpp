// fiber_sleepers: the scene of `tasks` asyncio tasks written as C++ bodies (so each runs on a fiber), each
// sleeping 1 ms `wakes` times, gathered by a `main` coroutine that a thread `loop` runs with asyncio.run.
// Used by the Google Benchmark programs and by the scale curve, which measure the same scene.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/api/scene.hpp"

namespace gilsim::bench {

inline void add_fiber_sleepers(Scene& scene, int tasks, int wakes) {
  scene.coroutine("sleeper", [wakes](Runtime& rt) {
    for (int i = 0; i < wakes; ++i) rt.async_sleep(1 * kMillisecond);
    return std::int64_t{0};
  });
  scene.coroutine("main", [tasks](Runtime& rt) {
    std::vector<std::int64_t> handles;
    handles.reserve(static_cast<std::size_t>(tasks));
    for (int i = 0; i < tasks; ++i) handles.push_back(rt.create_task("sleeper"));
    rt.gather(handles);
    return std::int64_t{0};
  });
  scene.thread("loop", [](Runtime& rt) { rt.asyncio_run("main"); });
}

}  // namespace gilsim::bench
