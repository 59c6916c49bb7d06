#include "sim/trace/tsv_lines.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace gilsim {

const char* trace_kind_name(TraceKind k) {
  switch (k) {
    case TraceKind::ProcessStart:
      return "process-start";
    case TraceKind::UnitStart:
      return "unit-start";
    case TraceKind::State:
      return "state";
    case TraceKind::GilAcquire:
      return "gil-acquire";
    case TraceKind::GilRelease:
      return "gil-release";
    case TraceKind::DropRequest:
      return "drop-request";
    case TraceKind::CoreAssign:
      return "core-assign";
    case TraceKind::CoreRelease:
      return "core-release";
    case TraceKind::Mark:
      return "mark";
    case TraceKind::Answer:
      return "answer";
    case TraceKind::UnitEnd:
      return "unit-end";
    case TraceKind::LoopStart:
      return "loop-start";
    case TraceKind::LoopIteration:
      return "loop-iteration";
    case TraceKind::TaskCreate:
      return "task-create";
    case TraceKind::TaskState:
      return "task-state";
    case TraceKind::TaskEnd:
      return "task-end";
    case TraceKind::SlowStep:
      return "slow-step";
  }
  return "?";
}

namespace {

/// Name is a kind's or a state's name padded to 16 bytes, so that a line takes it with one copy of a size
/// known when compiling (the bytes past the name are overwritten by the next field, and a block keeps
/// kMaxFixedPart bytes free past every line). A copy of a length known only at run time was a call or a
/// byte loop per field, a fifth of the sink's instructions.
struct Name {
  std::array<char, 16> text{};
  std::uint8_t size = 0;
};

Name padded(std::string_view s) {
  Name n;
  // (Checked in every build: the tables are made once, before main.)
  if (s.size() >= n.text.size())
    throw std::logic_error("a trace name of 16 characters or more: " + std::string(s));
  std::copy(s.begin(), s.end(), n.text.begin());
  n.size = static_cast<std::uint8_t>(s.size());
  return n;
}

template <typename Enum, std::size_t N, typename NameOf>
std::array<Name, N> names(NameOf name_of) {
  std::array<Name, N> table;
  for (std::size_t i = 0; i < N; ++i) table[i] = padded(name_of(static_cast<Enum>(i)));
  return table;
}

const std::array<Name, kTraceKinds> kKindNames = names<TraceKind, kTraceKinds>(trace_kind_name);
const std::array<Name, kThreadStates> kStateNames = names<ThreadState, kThreadStates>(state_name);
const Name kNoState = padded("-");

char* put_name(char* out, const Name& n) {
  std::memcpy(out, n.text.data(), n.text.size());
  out += n.size;
  *out++ = '\t';
  return out;
}

// Each line is written field by field straight into the buffer: a generic formatter's parsing, bounds checks
// and strlen calls cost more than the engine spends on the event itself.

char* put_text(char* out, std::string_view s, char end) {
  out = std::copy(s.begin(), s.end(), out);
  *out++ = end;
  return out;
}

[[gnu::noinline]] char* put_long(char* out, long long v) {
  return fmt::format_to(out, FMT_COMPILE("{}"), v);
}

// Most numbers of a trace line are -1 (no object) or a small index: those need no formatting, and are
// written inline (a call per field cost a sixth of the sink's time).
inline char* put_number(char* out, long long v) {
  if (static_cast<unsigned long long>(v) < 10) {
    *out++ = static_cast<char>('0' + v);
  } else if (v == -1) {
    out[0] = '-';
    out[1] = '1';
    out += 2;
  } else {
    out = put_long(out, v);
  }
  *out++ = '\t';
  return out;
}

}  // namespace

TsvLines::TsvLines(std::FILE* file) : file_(file) {
  text_.reserve(kFlushAt + kMaxFixedPart);
}

// The events are copied out of the block first, in one go: read one by one while the run fills the next
// block on its core, the same bytes slowed the run by a fifth (on the project's 2-core VM, with this
// object on cache lines of its own); why, the measurements did not tell.
int TsvLines::write_block(const Block& records) {
  events_.reserve(records.size);
  std::memcpy(events_.bytes.get(), records.bytes.get(), records.size);
  events_.size = records.size;
  EventUnpacker events(events_.bytes.get(), events_.bytes.get() + records.size);
  PackedEvent e;
  while (error_ == 0 && events.next(e)) add(e);
  write_out();
  return error_;
}

// Lines are formatted field by field into a memory buffer and written in large blocks: printf-style
// formatting and a stdio call per event cost several times what the engine spends on the event itself.
void TsvLines::add(const PackedEvent& e) {
  char* out = room_for(e.text.size());
  out = put_time(out, e.at);
  out = put_name(out, kKindNames[static_cast<std::size_t>(e.kind)]);
  out = put_number(out, e.unit);
  out = put_number(out, e.process);
  out = put_name(out, e.kind == TraceKind::State ? kStateNames[static_cast<std::size_t>(e.state)] : kNoState);
  out = put_number(out, e.object);
  out = put_number(out, e.value);
  out = put_number(out, e.detail);
  out = put_number(out, e.duration);
  if (e.has_text) {
    out = put_text(out, e.text, '\n');
  } else {
    out[0] = '-';  // most events have no text
    out[1] = '\n';
    out += 2;
  }
  text_.size = static_cast<std::size_t>(out - text_.bytes.get());
}

// Several events share an instant (a hand-off is eight events at four), so a line repeats the time's
// digits from the first line written at that instant, 32 bytes at once (two vector moves). The bytes
// copied past the time are overwritten by the rest of the line or, on a line shorter than 32 bytes, lie
// past the block's end and are never written out. They are read from that line rather than from a copy
// made when it was formatted: a copy read back at once with vector loads stalls on the byte stores that
// wrote it.
char* TsvLines::put_time(char* out, Time at) {
  if (time_digits_ != nullptr && at == time_ && out - time_digits_ >= kTimeCopy) {
    std::memcpy(out, time_digits_, kTimeCopy);
    return out + time_size_;
  }
  time_ = at;
  time_digits_ = out;
  out = format_time(out, at);
  *out++ = '\t';
  time_size_ = out - time_digits_;
  return out;
}

namespace {

/// put_8_digits writes v < 10^8 as exactly eight digits, two at a time from a table.
char* put_8_digits(char* out, std::uint32_t v) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  const std::uint32_t high = v / 10000;
  const std::uint32_t low = v % 10000;
  std::memcpy(out, kPairs + 2 * (high / 100), 2);
  std::memcpy(out + 2, kPairs + 2 * (high % 100), 2);
  std::memcpy(out + 4, kPairs + 2 * (low / 100), 2);
  std::memcpy(out + 6, kPairs + 2 * (low % 100), 2);
  return out + 8;
}

}  // namespace

// A trace's times grow slowly: the digits above the last eight (whole tenths of a second) are kept from
// the time before and only the last eight are formatted, from a table.
char* TsvLines::format_time(char* out, Time at) {
  constexpr Time kLow = 100'000'000;
  if (at < kLow) return put_long(out, at);
  const Time high = at / kLow;
  if (high != high_) {
    high_ = high;
    high_size_ = put_long(high_digits_.data(), high) - high_digits_.data();
  }
  std::memcpy(out, high_digits_.data(), high_digits_.size());
  return put_8_digits(out + high_size_, static_cast<std::uint32_t>(at - high * kLow));
}

// room_for makes sure a line with a text of `text_size` fits after what the buffer holds.
char* TsvLines::room_for(std::size_t text_size) {
  const std::size_t line = kMaxFixedPart + text_size;
  if (text_.size + line > text_.capacity || text_.size >= kFlushAt) {
    write_out();
    text_.reserve(std::max(kFlushAt + kMaxFixedPart, line));
  }
  return text_.bytes.get() + text_.size;
}

// write_out writes the lines formatted so far, unless a write failed before: no lines after a hole.
void TsvLines::write_out() {
  time_digits_ = nullptr;  // the line with the digits is about to be overwritten
  if (error_ == 0 && text_.size > 0 && std::fwrite(text_.bytes.get(), 1, text_.size, file_) != text_.size) {
    error_ = errno != 0 ? errno : EIO;
  }
  text_.size = 0;
}

}  // namespace gilsim
