#include "sim/trace/tsv_trace_sink.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "sim/trace/packed_event.hpp"

namespace gilsim {

TsvTraceSink::TsvTraceSink(const std::string& path) : file_(std::fopen(path.c_str(), "w")) {
  const auto cannot_write = [&path] {
    return std::runtime_error("cannot write the trace to " + path + ": " + std::strerror(errno));
  };
  if (!file_) throw cannot_write();
  std::setvbuf(file_.get(), nullptr, _IONBF, 0);  // blocks go straight to the file: no second copy
  const char* header = "time_ns\tkind\tunit\tprocess\tstate\tobject\tvalue\tdetail\tduration_ns\ttext\n";
  if (std::fputs(header, file_.get()) < 0) throw cannot_write();
  format_ = std::make_unique<TsvLines>(file_.get());
  writer_ = std::make_unique<BlockWriter>([this](const Block& b) { return format_->write_block(b); }, path);
}

TsvTraceSink::~TsvTraceSink() {
  flush();
  writer_.reset();  // writes what is left, before the file closes
}

// Packing an event is a few bytes: formatting its line, several times that, is left to the writer's thread.
void TsvTraceSink::on_event(const TraceEvent& e) {
  const std::size_t room = EventPacker::kMaxFixed + (e.text ? e.text->size() : 0);
  // (A block made larger for a long name is still handed over once it holds kEventBlock bytes.)
  if (block_.size + room > block_.capacity || block_.size >= kEventBlock) {
    flush();
    block_.reserve(std::max(kEventBlock, room));  // the block the writer gave back, or a new one
  }
  block_.size =
      static_cast<std::size_t>(packer_.pack(e, block_.bytes.get() + block_.size) - block_.bytes.get());
  ++lines_;
}

void TsvTraceSink::on_end(Time /*at*/) {
  flush();
  writer_->finish();
}

void TsvTraceSink::CloseFile::operator()(std::FILE* f) const {
  std::fclose(f);
}

void TsvTraceSink::flush() {
  writer_->write(block_);
  packer_.restart();
}

}  // namespace gilsim
