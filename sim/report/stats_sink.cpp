#include "sim/report/stats_sink.hpp"

#include <algorithm>

namespace gilsim {

void StatsSink::on_event(const TraceEvent& e) {
  switch (e.kind) {
    case TraceKind::ProcessStart: {
      GilStats g;
      g.process = *e.text;
      report_.gils.push_back(std::move(g));
      gils_.emplace_back();
      break;
    }
    case TraceKind::UnitStart: {
      UnitStats u;
      u.name = *e.text;
      u.kind = e.detail ? "process" : "thread";
      u.process = report_.gils[static_cast<std::size_t>(e.process)].process;
      u.started = e.at;
      report_.units.push_back(std::move(u));
      units_.push_back(UnitTrack{ThreadState::WantsGil, e.at, -1});
      break;
    }
    case TraceKind::State:
      on_state(e);
      break;
    case TraceKind::GilAcquire: {
      GilStats& g = report_.gils[static_cast<std::size_t>(e.process)];
      ++g.acquisitions;
      if (e.detail) ++g.handoffs;
      ++report_.units[static_cast<std::size_t>(e.unit)].gil_acquisitions;
      gils_[static_cast<std::size_t>(e.process)].held_since = e.at;
      break;
    }
    case TraceKind::GilRelease: {
      GilStats& g = report_.gils[static_cast<std::size_t>(e.process)];
      if (e.detail) ++g.forced_switches;
      GilTrack& t = gils_[static_cast<std::size_t>(e.process)];
      g.held += e.at - t.held_since;
      t.held_since = -1;
      break;
    }
    case TraceKind::DropRequest:
      ++report_.gils[static_cast<std::size_t>(e.process)].drop_requests;
      break;
    case TraceKind::CoreAssign:
      units_[static_cast<std::size_t>(e.unit)].core_since = e.at;
      break;
    case TraceKind::CoreRelease: {
      UnitTrack& u = units_[static_cast<std::size_t>(e.unit)];
      report_.core_busy += e.at - u.core_since;
      u.core_since = -1;
      break;
    }
    case TraceKind::Mark:
      on_mark(e);
      break;
    case TraceKind::Answer:
      report_.answers.push_back(Answer{
          e.value, e.detail != 0, report_.units[static_cast<std::size_t>(e.unit)].name, e.at, e.duration});
      break;
    case TraceKind::UnitEnd:
      close_state(e.unit, e.at);
      units_[static_cast<std::size_t>(e.unit)].state = ThreadState::Ended;
      report_.units[static_cast<std::size_t>(e.unit)].ended = e.at;
      break;
  }
}

void StatsSink::on_end(Time at) {
  report_.elapsed = at;
  for (std::size_t i = 0; i < units_.size(); ++i) {
    if (units_[i].state != ThreadState::Ended) close_state(static_cast<int>(i), at);
    if (units_[i].core_since >= 0) report_.core_busy += at - units_[i].core_since;
  }
  for (std::size_t i = 0; i < gils_.size(); ++i) {
    if (gils_[i].held_since >= 0) report_.gils[i].held += at - gils_[i].held_since;
  }
}

void StatsSink::close_state(int unit, Time at) {
  UnitTrack& t = units_[static_cast<std::size_t>(unit)];
  UnitStats& u = report_.units[static_cast<std::size_t>(unit)];
  const Time d = at - t.since;
  t.since = at;
  switch (t.state) {
    case ThreadState::Running:
      u.cpu += d;
      break;
    case ThreadState::Native:
      u.native += d;
      break;
    case ThreadState::WantsCore:
      u.core_wait += d;
      break;
    case ThreadState::WantsGil:
      u.gil_wait += d;
      break;
    case ThreadState::Io:
      u.io += d;
      break;
    case ThreadState::Sync:
      u.sync += d;
      break;
    case ThreadState::Ended:
      break;
  }
}

void StatsSink::on_state(const TraceEvent& e) {
  close_state(e.unit, e.at);
  units_[static_cast<std::size_t>(e.unit)].state = e.state;
}

void StatsSink::on_mark(const TraceEvent& e) {
  MarkStats& m = report_.units[static_cast<std::size_t>(e.unit)].marks[*e.text];
  if (m.count == 0) {
    m.first = e.at;
  } else {
    m.max_gap = std::max(m.max_gap, e.at - m.last);
  }
  m.last = e.at;
  ++m.count;
}

}  // namespace gilsim
