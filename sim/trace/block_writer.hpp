// BlockWriter: writes blocks of bytes to a file on a thread of its own.
//
// A trace sink formats lines into a block while the run goes on; handing a full block to this writer lets the
// file system's share of the cost (copying into the page cache, the disk) overlap the simulation instead of
// adding to it. Two blocks take turns: the writer holds at most one, so memory stays constant, and a sink
// that fills blocks faster than the disk takes them simply waits.
#pragma once

#include <condition_variable>
#include <cstdio>
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
  /// BlockWriter writes to `file` (not owned), which it names `path` in errors.
  BlockWriter(std::FILE* file, std::string path);
  BlockWriter(const BlockWriter&) = delete;
  BlockWriter& operator=(const BlockWriter&) = delete;
  /// ~BlockWriter writes what it was given and stops its thread.
  ~BlockWriter();

  /// write takes `block` to be written and gives back an empty one in its place (the block written before,
  /// or a new one without capacity); it waits while the previous block is still being written.
  void write(Block& block);
  /// finish waits until every block is written; it throws std::runtime_error naming the file if a write
  /// failed (a full disk, say). After a failure nothing more is written: no block after a hole.
  void finish();

 private:
  void run();

  std::FILE* file_;
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
