// Where gilsim's memory comes from: the allocator the programs run on, and the huge-page mappings of the
// coroutine frame pool (sim/core/allocator.hpp, sim/core/huge_pages.hpp).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "sim/core/allocator.hpp"
#include "sim/core/frame_pool.hpp"
#include "sim/core/huge_pages.hpp"

namespace gilsim {
namespace {

// The settings are read back from the running allocator: this fails if a build links jemalloc but its
// settings (sim/core/malloc_conf.cpp) did not make it into the program, leaving huge pages off.
TEST(Allocator, ProgramsRunOnTheConfiguredAllocator) {
  const std::string described = allocator::describe();
#if defined(GILSIM_JEMALLOC)
  EXPECT_EQ(described.rfind("jemalloc ", 0), 0U) << described;
  EXPECT_NE(described.find("(huge pages: always)"), std::string::npos) << described;
#else
  EXPECT_EQ(described, "system malloc");
#endif
}

TEST(HugePages, MappingsAreAlignedToAHugePageAndWritable) {
  const std::size_t bytes = 2 * huge_pages::kPageBytes;
  void* block = huge_pages::map(bytes);
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block) % huge_pages::kPageBytes, 0U);
  auto* bytes_of = static_cast<unsigned char*>(block);
  EXPECT_EQ(bytes_of[0], 0);  // fresh anonymous memory reads as zeros
  EXPECT_EQ(bytes_of[bytes - 1], 0);
  std::memset(block, 0xab, bytes);  // and all of it is the caller's
  EXPECT_EQ(bytes_of[bytes - 1], 0xab);
  huge_pages::unmap(block, bytes);
}

// Frames of one size class come back in LIFO order (the warmest first), and a frame's memory is its own.
TEST(FramePool, ReusesTheLastFrameGivenBack) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "under AddressSanitizer every frame comes from operator new";
#endif
  void* a = frame_pool::allocate(200);
  void* b = frame_pool::allocate(200);
  EXPECT_NE(a, b);
  std::memset(a, 1, 200);
  std::memset(b, 2, 200);
  EXPECT_EQ(static_cast<unsigned char*>(a)[199], 1);
  frame_pool::release(b, 200);
  frame_pool::release(a, 200);
  void* c = frame_pool::allocate(200);
  void* d = frame_pool::allocate(200);
  EXPECT_EQ(c, a);
  EXPECT_EQ(d, b);
  frame_pool::release(c, 200);
  frame_pool::release(d, 200);
}

}  // namespace
}  // namespace gilsim
