// StackPool: fiber stacks handed out warm first, and only the page a fiber writes first made resident.
#include "sim/core/stack_pool.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <set>
#include <vector>

namespace gilsim {
namespace {

constexpr std::size_t kStack = 64 * 1024;

const std::size_t kPage = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));

/// resident is true when the page holding `p` is in memory.
bool resident(const void* p) {
  const auto page = reinterpret_cast<std::uintptr_t>(p) & ~(kPage - 1);
  unsigned char in = 0;
  EXPECT_EQ(mincore(reinterpret_cast<void*>(page), kPage, &in), 0);
  return (in & 1) != 0;
}

/// top_page is the first byte of a stack's top page.
const char* top_page(const boost::context::stack_context& sc) {
  return static_cast<const char*>(sc.sp) - kPage;
}

TEST(StackPool, HandsOutDistinctStacksAndTheLastGivenBackFirst) {
  StackPool pool(kStack);
  std::vector<boost::context::stack_context> stacks;
  std::set<void*> tops;
  for (int i = 0; i < 100; ++i) {
    stacks.push_back(pool.allocate());
    EXPECT_EQ(stacks.back().size, kStack);
    tops.insert(stacks.back().sp);
  }
  EXPECT_EQ(tops.size(), 100U);
  EXPECT_EQ(pool.allocated(), 128U);  // two slabs of 64
  EXPECT_EQ(pool.peak_in_use(), 100U);
  void* warm = stacks[42].sp;
  pool.deallocate(stacks[42]);
  EXPECT_EQ(pool.allocate().sp, warm);  // still in the caches
}

// A stack's top page is in memory once the stack is handed out, before its fiber writes it (asking for
// it is cheaper than the fault); the stacks of the slab not handed out yet, and the rest of each stack,
// cost nothing.
TEST(StackPool, OnlyTheTopPageOfAStackHandedOutIsResident) {
  void* probe = mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(probe, MAP_FAILED);
  const bool populates = madvise(probe, kPage, MADV_POPULATE_WRITE) == 0;
  munmap(probe, kPage);
  if (!populates) GTEST_SKIP() << "this kernel cannot populate pages in advance (before Linux 5.14)";

  StackPool pool(kStack);
  const boost::context::stack_context first = pool.allocate();
  const boost::context::stack_context second = pool.allocate();
  EXPECT_TRUE(resident(top_page(first)));
  EXPECT_TRUE(resident(top_page(second)));
  EXPECT_FALSE(resident(top_page(first) - kPage));  // the page below: only if the fiber goes that deep
  // Stacks are handed out from the lowest address up: the slab's next one is untouched.
  EXPECT_FALSE(resident(top_page(second) + kStack));
}

}  // namespace
}  // namespace gilsim
