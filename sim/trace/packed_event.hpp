// Packed events: trace events kept for later in a few bytes each, their text copied beside them.
//
// TsvTraceSink formats its lines on another thread, so it keeps each event until then. It cannot keep the
// TraceEvent: its names point into the run, which may be gone by the time the line is written (a run
// that failed). And the bytes kept travel from the run's core to the writer's, which on a VM can cost
// more than formatting them: a 56-byte copy of each event made the sink slower than formatting in
// place. So an event is packed in eight bytes when its numbers are small (most are: -1, small indexes,
// zeros, a time within a switch interval of the event before), and as variable-length numbers otherwise
// (LEB128: seven bits a byte).
#pragma once

#include <bit>
#include <cassert>
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

/// little_endian turns a word into little-endian byte order or back: the head byte, which tells the two
/// forms apart, is the word's lowest byte and must come first in memory.
inline std::uint64_t little_endian(std::uint64_t word) {
  if constexpr (std::endian::native == std::endian::big) return __builtin_bswap64(word);
  return word;
}

/// EventPacker writes events into a block, one after another.
///
/// Most events take the short form, one 8-byte word: a state change, a GIL or core event of a thread
/// numbered under 255, within 33 ms of the event before (a switch interval of up to 33 ms), with a detail
/// under 16 and no value, duration or text. The rest take the long form: a head byte, the state, and
/// eight variable-length numbers.
class EventPacker {
 public:
  /// kMaxFixed bounds the bytes of an event without its text: the head, the state, and eight numbers of
  /// at most ten bytes (64 bits, seven a byte).
  static constexpr std::size_t kLongHead = 2;
  static constexpr std::size_t kLongNumbers = 8;
  static constexpr std::size_t kMaxNumber = (64 + 6) / 7;
  static constexpr std::size_t kMaxFixed = kLongHead + kLongNumbers * kMaxNumber;
  /// kLongForm marks an event's head byte (its kind below it) when the long form follows.
  static constexpr unsigned kLongForm = 0x20;
  /// The short form's fields, from the lowest bit: the kind (5 bits) and the long form's flag (clear),
  /// then the state (3), unit + 1, process + 1, object + 1 (8 each), the detail (4), and the time since
  /// the event before (the 25 bits left).
  static constexpr int kStateShift = 8;
  static constexpr int kUnitShift = 11;
  static constexpr int kProcessShift = 19;
  static constexpr int kObjectShift = 27;
  static constexpr int kDetailShift = 35;
  static constexpr int kDeltaShift = 39;

  /// restart begins a new block: its first time is written whole.
  void restart() { last_ = 0; }
  /// pack_hot writes `h`, at `at`, like pack: an event of a hand-off, in one word unless its numbers
  /// are too large for it.
  char* pack_hot(const HotEvent& h, Time at, char* out) {
    const Numbers n = numbers(at, h.unit, h.process, h.object, h.detail);
    if (!n.fit_short()) return pack(to_event(h, at), out);
    last_ = at;
    return put_short(out, h.kind, h.state, n);
  }

  /// pack writes `e` at `out`, which has room for kMaxFixed bytes and the text; it returns the end.
  char* pack(const TraceEvent& e, char* out) {
    static_assert(kTraceKinds <= kLongForm && kThreadStates <= 8, "a kind and a state fit their bits");
    const Numbers n = numbers(e.at, e.unit, e.process, e.object, e.detail);
    last_ = e.at;
    if (n.fit_short() && (e.value | e.duration) == 0 && !e.text) return put_short(out, e.kind, e.state, n);
    *out++ = static_cast<char>(static_cast<unsigned>(e.kind) | kLongForm);
    *out++ = static_cast<char>(e.state);
    out = put(out, zigzag(static_cast<std::int64_t>(n.delta)));
    out = put(out, n.unit);
    out = put(out, n.process);
    out = put(out, n.object);
    out = put(out, zigzag(e.value));
    out = put(out, zigzag(e.detail));
    out = put(out, zigzag(e.duration));
    if (!e.text) return put(out, 0);
    out = put(out, e.text->size() + 1);
    std::memcpy(out, e.text->data(), e.text->size());
    return out + e.text->size();
  }

 private:
  /// Numbers are an event's numbers as the short form holds them: none, -1, is 0 for the indexes, and the
  /// time is the difference from the event before (modulo 2^64: negative ones are huge).
  struct Numbers {
    std::uint64_t unit, process, object, detail, delta;
    /// fit_short: the indexes under 256, the detail under 16, the time under 2^25 (one test for all).
    bool fit_short() const {
      return ((unit | process | object) >> 8 | detail >> 4 | delta >> (64 - kDeltaShift)) == 0;
    }
  };
  Numbers numbers(Time at, int unit, int process, int object, std::int64_t detail) const {
    return {static_cast<std::uint64_t>(std::int64_t{unit} + 1),
            static_cast<std::uint64_t>(std::int64_t{process} + 1),
            static_cast<std::uint64_t>(std::int64_t{object} + 1), static_cast<std::uint64_t>(detail),
            static_cast<std::uint64_t>(at) - static_cast<std::uint64_t>(last_)};
  }
  static char* put_short(char* out, TraceKind kind, ThreadState state, const Numbers& n) {
    const std::uint64_t word = static_cast<std::uint64_t>(kind) |
                               static_cast<std::uint64_t>(state) << kStateShift | n.unit << kUnitShift |
                               n.process << kProcessShift | n.object << kObjectShift |
                               n.detail << kDetailShift | n.delta << kDeltaShift;
    const std::uint64_t stored = little_endian(word);
    std::memcpy(out, &stored, sizeof stored);
    return out + sizeof stored;
  }
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
    if ((static_cast<unsigned char>(*in_) & EventPacker::kLongForm) == 0) {
      std::uint64_t stored;
      std::memcpy(&stored, in_, sizeof stored);
      in_ += sizeof stored;
      const std::uint64_t word = little_endian(stored);
      using P = EventPacker;
      e.kind = static_cast<TraceKind>(word & (P::kLongForm - 1));
      e.state = static_cast<ThreadState>(word >> P::kStateShift & 7);
      e.unit = static_cast<std::int64_t>(word >> P::kUnitShift & 0xff) - 1;
      e.process = static_cast<std::int64_t>(word >> P::kProcessShift & 0xff) - 1;
      e.object = static_cast<std::int64_t>(word >> P::kObjectShift & 0xff) - 1;
      e.detail = static_cast<std::int64_t>(word >> P::kDetailShift & 15);
      advance(word >> P::kDeltaShift);
      e.at = last_;
      e.value = 0;
      e.duration = 0;
      e.has_text = false;
      e.text = {};
      return true;
    }
    e.kind = static_cast<TraceKind>(static_cast<unsigned char>(*in_++) & ~EventPacker::kLongForm);
    e.state = static_cast<ThreadState>(*in_++);
    advance(static_cast<std::uint64_t>(unzigzag(get())));
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
    assert(in_ <= end_);
    return true;
  }

 private:
  /// advance moves the time by `delta`, modulo 2^64 as the packer took it (times of any sign).
  void advance(std::uint64_t delta) { last_ = static_cast<Time>(static_cast<std::uint64_t>(last_) + delta); }
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
