// FramePool: where stackless coroutine frames (Co) come from.
//
// A task's every await allocates a frame or two and frees them when it resumes, and a scene may hold a
// million suspended tasks: freed frames are kept per thread, by size class, for the next await to reuse,
// instead of going through malloc each time.
#pragma once

#include <cstddef>

namespace gilsim::frame_pool {

/// allocate gives `size` bytes for a coroutine frame.
void* allocate(std::size_t size);
/// release takes back a frame of `size` bytes from allocate().
void release(void* frame, std::size_t size) noexcept;

}  // namespace gilsim::frame_pool
