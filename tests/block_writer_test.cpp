// BlockWriter hands blocks to a consumer on a thread of its own, in order, and reports its failures.
#include "sim/trace/block_writer.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace gilsim {
namespace {

Block block_of(const std::string& text) {
  Block b;
  b.reserve(text.size());
  std::memcpy(b.bytes.get(), text.data(), text.size());
  b.size = text.size();
  return b;
}

TEST(BlockWriter, ConsumesEveryBlockInOrder) {
  std::vector<std::string> seen;  // written on the writer's thread, read after finish()
  BlockWriter writer(
      [&seen](const Block& b) {
        seen.emplace_back(b.bytes.get(), b.size);
        return 0;
      },
      "x");
  for (int i = 0; i < 100; ++i) {
    Block b = block_of("block " + std::to_string(i));
    writer.write(b);
    EXPECT_EQ(b.size, 0U);  // given back empty
  }
  writer.finish();
  ASSERT_EQ(seen.size(), 100U);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], "block " + std::to_string(i));
}

// A consumer that throws (out of memory for its lines, say) would end the program on the writer's thread;
// it fails like a write instead, and nothing after it is consumed.
TEST(BlockWriter, AConsumerThatThrowsIsAFailedWrite) {
  int calls = 0;
  BlockWriter writer(
      [&calls](const Block&) -> int {
        ++calls;
        throw std::bad_alloc();
      },
      "/tmp/trace.tsv");
  for (int i = 0; i < 3; ++i) {
    Block b = block_of("lines");
    writer.write(b);
  }
  try {
    writer.finish();
    FAIL() << "the failure is reported";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "writing the trace to /tmp/trace.tsv failed: " + std::string(std::strerror(ENOMEM)));
  }
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace gilsim
