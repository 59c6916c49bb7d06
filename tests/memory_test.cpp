// Where gilsim's memory comes from: the allocator the programs run on, and the huge-page mappings of the
// coroutine frame pool (sim/core/allocator.hpp, sim/core/huge_pages.hpp).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

#include "sim/core/allocator.hpp"
#include "sim/core/frame_pool.hpp"
#include "sim/core/huge_pages.hpp"

namespace gilsim {
namespace {

// The settings are read back from the running allocator: this fails if a program links jemalloc but its
// settings (sim/core/allocator.cpp) did not make it in, leaving huge pages off. What jemalloc reports
// also depends on the kernel (it says "not supported" where there are no transparent huge pages) and on
// MALLOC_CONF, which overrides the program's settings.
TEST(Allocator, ProgramsRunOnTheConfiguredAllocator) {
  const std::string described = allocator::describe();
  const std::string kernel = huge_pages::kernel_mode();
#if defined(GILSIM_JEMALLOC)
  if (std::getenv("MALLOC_CONF") != nullptr) GTEST_SKIP() << "MALLOC_CONF overrides the settings";
  const std::string thp = kernel == "unavailable" ? "not supported" : "always";
  EXPECT_EQ(described.rfind("jemalloc ", 0), 0U) << described;
  EXPECT_NE(described.find("(huge pages: " + thp + "; kernel: " + kernel + ")"), std::string::npos)
      << described;
#else
  EXPECT_EQ(described, "system malloc (kernel: " + kernel + ")");
#endif
}

TEST(HugePages, TheKernelModeIsOneOfItsFour) {
  const std::string mode = huge_pages::kernel_mode();
  EXPECT_TRUE(mode == "always" || mode == "madvise" || mode == "never" || mode == "unavailable") << mode;
}

/// vm_flags is the VmFlags line of /proc/self/smaps for the mapping that starts at `start`.
std::string vm_flags(const void* start) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool in_mapping = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0;
    std::uintptr_t to = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &from, &to) == 2 && line.find('-') < line.find(' ')) {
      in_mapping = from == reinterpret_cast<std::uintptr_t>(start);
    } else if (in_mapping && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

TEST(HugePages, MappingsAreAlignedAdvisedAndWritable) {
  const std::size_t bytes = 2 * huge_pages::kPageBytes;
  void* block = huge_pages::map(bytes);
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block) % huge_pages::kPageBytes, 0U);
  if (huge_pages::kernel_mode() != "unavailable") {
    EXPECT_NE(vm_flags(block).find(" hg"), std::string::npos) << vm_flags(block);  // MADV_HUGEPAGE
  }
  auto* bytes_of = static_cast<unsigned char*>(block);
  EXPECT_EQ(bytes_of[0], 0);  // fresh anonymous memory reads as zeros
  EXPECT_EQ(bytes_of[bytes - 1], 0);
  std::memset(block, 0xab, bytes);  // and all of it is the caller's
  EXPECT_EQ(bytes_of[bytes - 1], 0xab);
  huge_pages::unmap(block, bytes);
}

TEST(HugePages, SizesAreRoundedUpToWholeHugePages) {
  void* block = huge_pages::map(1);
  auto* bytes_of = static_cast<unsigned char*>(block);
  bytes_of[huge_pages::kPageBytes - 1] = 1;  // the whole huge page is there
  huge_pages::unmap(block, 1);
  EXPECT_THROW(huge_pages::map(0), std::length_error);
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
