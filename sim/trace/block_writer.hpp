// BlockWriter: hands blocks of bytes to a function that runs on a thread of its own.
//
// A trace sink packs events into a block while the run goes on; handing a full block to this writer lets
// the work that turns it into a file (formatting the lines, copying them into the page cache, the disk)
// overlap the simulation instead of adding to it. Two blocks take turns: the writer holds at most one, so
// memory stays constant, and a sink that fills blocks faster than the writer takes them simply waits.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace gilsim {

/// Block is a buffer of `size` bytes used out of `capacity`.
struct Block {
  std::unique_ptr<char[]> bytes;
  std::size_t size = 0;
  std::size_t capacity = 0;

  /// reserve makes room for `n` bytes in all; a block that must grow is emptied.
  void reserve(std::size_t n) {
    if (n <= capacity) return;
    bytes.reset(new char[n]);
    capacity = n;
    size = 0;
  }
};

class BlockWriter {
 public:
  /// Consume writes out a block; it returns 0, or the errno of a write that failed.
  using Consume = std::function<int(const Block&)>;
  /// BlockWriter hands each block to `consume`, on its thread; `path` names the file in errors.
  BlockWriter(Consume consume, std::string path);
  BlockWriter(const BlockWriter&) = delete;
  BlockWriter& operator=(const BlockWriter&) = delete;
  /// ~BlockWriter writes out what it was given and stops its thread.
  ~BlockWriter();

  /// write takes `block` to be written and gives back an empty one in its place (the block written before,
  /// or a new one without capacity); it waits while the previous block is still being written.
  void write(Block& block);
  /// finish waits until every block is written out; it throws std::runtime_error naming the file if a
  /// write failed (a full disk, say). After a failure no block is consumed: no block after a hole.
  void finish();

 private:
  void run();
  int consume(const Block& block) noexcept;

  Consume consume_;
  std::string path_;
  std::mutex mutex_;
  std::condition_variable changed_;
  Block pending_;      ///< the block being written (while busy_)
  bool busy_ = false;  ///< pending_ is being written
  bool stop_ = false;
  int error_ = 0;  ///< errno of the first failed write
  std::thread thread_;
};

}  // namespace gilsim
