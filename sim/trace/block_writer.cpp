#include "sim/trace/block_writer.hpp"

#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>
#include <utility>

namespace gilsim {

BlockWriter::BlockWriter(Consume consume, std::string path)
    : consume_(std::move(consume)), path_(std::move(path)), thread_([this] { run(); }) {}

BlockWriter::~BlockWriter() {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !busy_; });
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BlockWriter::write(Block& block) {
  if (block.size == 0) return;
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !busy_; });
    std::swap(pending_, block);
    busy_ = true;
  }
  changed_.notify_all();
  block.size = 0;
}

void BlockWriter::finish() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !busy_; });
  if (error_ != 0) {
    throw std::runtime_error("writing the trace to " + path_ + " failed: " + std::strerror(error_));
  }
}

// consume hands `block` to the consumer on this thread, where an exception would end the program: one
// (memory for a block of lines, say) is a failed write like any other.
int BlockWriter::consume(const Block& block) noexcept {
  try {
    return consume_(block);
  } catch (const std::bad_alloc&) {
    return ENOMEM;
  } catch (...) {
    return EIO;
  }
}

void BlockWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return busy_ || stop_; });
    if (!busy_) return;  // stopped with nothing left to write
    const bool failed_before = error_ != 0;
    lock.unlock();
    const int error = failed_before ? 0 : consume(pending_);
    lock.lock();
    if (error_ == 0) error_ = error;
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace gilsim
