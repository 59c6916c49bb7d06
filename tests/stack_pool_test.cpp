// StackPool: fiber stacks handed out warm first, and only the page a fiber writes first made resident;
// StackLease: one run's count of them, and the pool trimmed to it when the run ends.
#include "sim/core/stack_pool.hpp"

#include "sim/core/stack_lease.hpp"

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

/// kernel_populates is true when this kernel takes madvise(MADV_POPULATE_WRITE) (Linux 5.14 on).
bool kernel_populates() {
  void* probe = mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (probe == MAP_FAILED) return false;
  const bool populates = madvise(probe, kPage, MADV_POPULATE_WRITE) == 0;
  munmap(probe, kPage);
  return populates;
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
  if (!kernel_populates()) GTEST_SKIP() << "this kernel cannot populate pages in advance (before Linux 5.14)";

  StackPool pool(kStack);
  const boost::context::stack_context first = pool.allocate();
  const boost::context::stack_context second = pool.allocate();
  EXPECT_TRUE(resident(top_page(first)));
  EXPECT_TRUE(resident(top_page(second)));
  EXPECT_FALSE(resident(top_page(first) - kPage));  // the page below: only if the fiber goes that deep
  // Stacks are handed out from the lowest address up: the slab's next one is untouched.
  EXPECT_FALSE(resident(top_page(second) + kStack));
}

/// mapped is true while the page holding `p` belongs to a mapping (mincore fails with ENOMEM once unmapped).
bool mapped(const void* p) {
  const auto page = reinterpret_cast<std::uintptr_t>(p) & ~(kPage - 1);
  unsigned char in = 0;
  return mincore(reinterpret_cast<void*>(page), kPage, &in) == 0;
}

// After a run the pool keeps the slabs its peak needed, the oldest (every stack of theirs has had a fiber)
// and gives the others back to the kernel.
TEST(StackPool, TrimKeepsTheOldestSlabsThatHoldWhatIsKept) {
  StackPool pool(kStack);
  std::vector<boost::context::stack_context> stacks;
  for (int i = 0; i < 200; ++i) stacks.push_back(pool.allocate());
  void* const first_top = stacks[0].sp;
  const char* const trimmed = top_page(stacks[199]);  // in the fourth slab
  for (auto& sc : stacks) pool.deallocate(sc);
  ASSERT_EQ(pool.allocated(), 256U);
  pool.trim(100);
  EXPECT_EQ(pool.allocated(), 128U);  // two slabs hold 100
  EXPECT_FALSE(mapped(trimmed));
  // The kept stacks are all handed out before a new slab is made, the first slab's lowest first.
  EXPECT_EQ(pool.allocate().sp, first_top);
  std::set<void*> tops{first_top};
  for (int i = 1; i < 128; ++i) tops.insert(pool.allocate().sp);
  EXPECT_EQ(tops.size(), 128U);
  EXPECT_EQ(pool.allocated(), 128U);
  pool.allocate();
  EXPECT_EQ(pool.allocated(), 192U);
}

// A slab made after a trim is new again: its stacks' top pages are asked for as they are handed out.
TEST(StackPool, ASlabMadeAfterATrimIsPopulatedAsNew) {
  if (!kernel_populates()) GTEST_SKIP() << "this kernel cannot populate pages in advance (before Linux 5.14)";

  StackPool pool(kStack);
  std::vector<boost::context::stack_context> stacks;
  for (int i = 0; i < 65; ++i) stacks.push_back(pool.allocate());
  for (auto& sc : stacks) pool.deallocate(sc);
  pool.trim(64);
  ASSERT_EQ(pool.allocated(), 64U);
  for (int i = 0; i < 64; ++i) pool.allocate();
  const boost::context::stack_context fresh = pool.allocate();
  EXPECT_EQ(pool.allocated(), 128U);
  EXPECT_TRUE(resident(top_page(fresh)));
  EXPECT_FALSE(resident(top_page(fresh) + kStack));
}

// A pool that goes while a stack is still out (a fiber that would outlive it) leaves its memory mapped.
TEST(StackPool, APoolEndingWithAStackOutLeavesItsMemoryMapped) {
  boost::context::stack_context out;
  {
    StackPool pool(kStack);
    out = pool.allocate();
  }
  char* const top = static_cast<char*>(out.sp) - 1;
  *top = 1;  // still writable
  EXPECT_TRUE(mapped(top));
  // The test frees the slab itself: the first stack of a slab is its lowest, and a slab holds 64.
  munmap(static_cast<char*>(out.sp) - kStack, 64 * kStack);
}

// A slab goes only with all its stacks: with one still out, trim leaves the pool as it is.
TEST(StackPool, TrimDoesNothingWhileAStackIsOut) {
  StackPool pool(kStack);
  std::vector<boost::context::stack_context> stacks;
  for (int i = 0; i < 130; ++i) stacks.push_back(pool.allocate());
  for (int i = 1; i < 130; ++i) pool.deallocate(stacks[static_cast<std::size_t>(i)]);
  pool.trim(0);
  EXPECT_EQ(pool.allocated(), 192U);
  pool.deallocate(stacks[0]);
  pool.trim(0);
  EXPECT_EQ(pool.allocated(), 0U);
}

// Two runs on one pool each count their own stacks; the pool, shared, made only what both needed at once.
TEST(StackLease, CountsItsOwnStacksAndTrimsToItsPeakWhenItEnds) {
  StackPool pool(kStack);
  {
    StackLease big(pool);
    std::vector<boost::context::stack_context> stacks;
    for (std::size_t i = 0; i < StackLease::kAlwaysKept + 200; ++i) stacks.push_back(big.allocate());
    for (auto& sc : stacks) big.deallocate(sc);
    EXPECT_EQ(big.peak_in_use(), StackLease::kAlwaysKept + 200);
  }
  // It kept what the big run needed (whole slabs), for a next run alike.
  EXPECT_EQ(pool.allocated(), StackLease::kAlwaysKept + 256);
  {
    StackLease a(pool);
    StackLease b(pool);
    boost::context::stack_context sa = a.allocate();
    boost::context::stack_context sb1 = b.allocate();
    boost::context::stack_context sb2 = b.allocate();
    b.deallocate(sb1);
    b.deallocate(sb2);
    EXPECT_EQ(a.peak_in_use(), 1U);
    EXPECT_EQ(b.peak_in_use(), 2U);
    a.deallocate(sa);
  }
  // Small runs after it: the pool is down to what any run keeps.
  EXPECT_EQ(pool.allocated(), StackLease::kAlwaysKept);
}

}  // namespace
}  // namespace gilsim
