// Packed events: trace events kept for later in a few bytes each, their text copied beside them.
//
// TsvTraceSink formats its lines on another thread, so it keeps each event until then. It cannot keep the
// TraceEvent: its names point into the run, which may be gone by the time the line is written (a run
// that failed). And the bytes kept travel from the run's core to the writer's, which on a VM can cost
// more than formatting them: a 72-byte copy of each event made the sink slower than formatting in
// place. So an event is packed as variable-length numbers (LEB128: seven bits a byte), most of them one
// byte: its time as the difference from the event before, -1 and small indexes, and the zeros.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "sim/trace/trace.hpp"

namespace gilsim {

/// PackedEvent is an event read back: the fields a TSV line shows.
struct PackedEvent {
  Time at = 0;
  TraceKind kind = TraceKind::State;
  ThreadState state = ThreadState::Running;
  std::int64_t unit = -1;
  std::int64_t process = -1;
  std::int64_t object = -1;
  std::int64_t value = 0;
  std::int64_t detail = 0;
  Time duration = 0;
  bool has_text = false;  ///< the event named something (not the same as an empty name)
  std::string_view text;  ///< points into the block it was read from
};

/// EventPacker writes events into a block, one after another.
class EventPacker {
 public:
  /// kMaxFixed bounds the bytes of an event without its text: a byte for its kind and state, and eight
  /// numbers of at most ten bytes.
  static constexpr std::size_t kMaxFixed = 1 + 8 * 10;

  /// restart begins a new block: its first time is written whole.
  void restart() { last_ = 0; }
  /// pack writes `e` at `out`, which has room for kMaxFixed bytes and the text; it returns the end.
  char* pack(const TraceEvent& e, char* out) {
    static_assert(kTraceKinds <= 32 && kThreadStates <= 8, "a kind and a state share a byte");
    *out++ = static_cast<char>(static_cast<unsigned>(e.kind) | static_cast<unsigned>(e.state) << 5);
    out = put(out, zigzag(e.at - last_));
    last_ = e.at;
    out = put(out, static_cast<std::uint64_t>(std::int64_t{e.unit} + 1));  // -1, "none", is 0
    out = put(out, static_cast<std::uint64_t>(std::int64_t{e.process} + 1));
    out = put(out, static_cast<std::uint64_t>(std::int64_t{e.object} + 1));
    out = put(out, zigzag(e.value));
    out = put(out, zigzag(e.detail));
    out = put(out, zigzag(e.duration));
    if (!e.text) return put(out, 0);
    out = put(out, e.text->size() + 1);
    std::memcpy(out, e.text->data(), e.text->size());
    return out + e.text->size();
  }

 private:
  static std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
  }
  static char* put(char* out, std::uint64_t v) {
    while (v >= 0x80) {
      *out++ = static_cast<char>(v | 0x80);
      v >>= 7;
    }
    *out++ = static_cast<char>(v);
    return out;
  }
  Time last_ = 0;
};

/// EventUnpacker reads back what an EventPacker wrote into one block.
class EventUnpacker {
 public:
  EventUnpacker(const char* begin, const char* end) : in_(begin), end_(end) {}
  /// next reads the next event into `e`; it returns false at the block's end.
  bool next(PackedEvent& e) {
    if (in_ == end_) return false;
    const auto head = static_cast<unsigned char>(*in_++);
    e.kind = static_cast<TraceKind>(head & 31);
    e.state = static_cast<ThreadState>(head >> 5);
    last_ += unzigzag(get());
    e.at = last_;
    e.unit = static_cast<std::int64_t>(get()) - 1;
    e.process = static_cast<std::int64_t>(get()) - 1;
    e.object = static_cast<std::int64_t>(get()) - 1;
    e.value = unzigzag(get());
    e.detail = unzigzag(get());
    e.duration = unzigzag(get());
    const std::uint64_t text = get();
    e.has_text = text != 0;
    e.text = e.has_text ? std::string_view(in_, text - 1) : std::string_view();
    in_ += e.text.size();
    return true;
  }

 private:
  static std::int64_t unzigzag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }
  std::uint64_t get() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const auto byte = static_cast<unsigned char>(*in_++);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return v;
    }
  }
  const char* in_;
  const char* end_;
  Time last_ = 0;
};

}  // namespace gilsim
