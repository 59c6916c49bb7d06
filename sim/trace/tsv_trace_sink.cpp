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
  char* out = room_for(EventPacker::kMaxFixed + (e.text ? e.text->size() : 0));
  block_.size = static_cast<std::size_t>(packer_.pack(e, out) - block_.bytes.get());
  ++lines_;
}

// A hand-off's events are packed from their own fields: building each one's TraceEvent first was a third
// of the sink's cost on the run's side.
void TsvTraceSink::on_hot(const HotEvent& h, Time at) {
  char* out = room_for(EventPacker::kMaxFixed);
  block_.size = static_cast<std::size_t>(packer_.pack_hot(h, at, out) - block_.bytes.get());
  ++lines_;
}

// room_for makes sure `bytes` fit after what the block holds, and says where they go.
char* TsvTraceSink::room_for(std::size_t bytes) {
  // (A block made larger for a long name is still handed over once it holds kEventBlock bytes.)
  if (block_.size + bytes > block_.capacity || block_.size >= kEventBlock) {
    flush();
    block_.reserve(std::max(kEventBlock, bytes));  // the block the writer gave back, or a new one
  }
  return block_.bytes.get() + block_.size;
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
