// The `events:`, `queues:`, `locks:` and `executors:` sections: the objects steps refer to by name.
#include <climits>
#include <string>
#include <utility>
#include <vector>

#include "sim/load/sections.hpp"

namespace gilsim::load {
namespace {

/// kSyncKinds maps each `kind:` of an event, queue or lock to whose object it is.
const std::pair<const char*, SyncKind> kSyncKinds[] = {
    {"thread", SyncKind::Thread}, {"process", SyncKind::Process}, {"asyncio", SyncKind::Asyncio}};

/// sync_kind reads `kind:`; `options` are the kinds allowed there (executors have no asyncio kind).
SyncKind sync_kind(const Item& item, const std::vector<std::string>& options) {
  const std::string kind = choice(item, options);
  for (const auto& [name, value] : kSyncKinds) {
    if (kind == name) return value;
  }
  return SyncKind::Thread;
}

/// read_sync reads one declaration: a bare name, or {name: x, kind: thread|process|asyncio}.
SyncSpec read_sync(const Item& item, const std::string& noun) {
  SyncSpec spec;
  spec.pos = item.pos;
  if (!item.node.IsMap()) {
    spec.name = identifier(item);
    return spec;
  }
  const Fields fields(item, "the " + noun + " declaration", {"name", "kind"});
  spec.name = identifier(fields.require("name"));
  if (auto kind = fields.get("kind")) spec.kind = sync_kind(*kind, {"thread", "process", "asyncio"});
  return spec;
}

/// read_executor reads one executor: a bare name (one thread), or {name, kind: thread|process, workers}.
ExecutorSpec read_executor(const Values& values, const Item& item) {
  ExecutorSpec spec;
  spec.pos = item.pos;
  if (!item.node.IsMap()) {
    spec.name = identifier(item);
    return spec;
  }
  const Fields fields(item, "an executor", {"name", "kind", "workers"});
  spec.name = identifier(fields.require("name"));
  if (auto kind = fields.get("kind")) spec.kind = sync_kind(*kind, {"thread", "process"});
  if (auto workers = fields.get("workers")) {
    spec.workers = static_cast<int>(values.integer(*workers, 1, INT_MAX));
  }
  return spec;
}

}  // namespace

std::vector<SyncSpec> read_syncs(const Item& section, const std::string& noun) {
  std::vector<SyncSpec> specs;
  for (const Item& item : elements(section, "a list of " + noun + " names")) {
    SyncSpec spec = read_sync(item, noun);
    for (const SyncSpec& earlier : specs) {
      if (earlier.name == spec.name) fail(spec.pos, noun + " '" + spec.name + "' is declared twice");
    }
    specs.push_back(spec);
  }
  return specs;
}

std::vector<ExecutorSpec> read_executors(const Values& values, const Item& section) {
  std::vector<ExecutorSpec> specs;
  for (const Item& item : elements(section, "a list of executors")) {
    ExecutorSpec spec = read_executor(values, item);
    for (const ExecutorSpec& earlier : specs) {
      if (earlier.name == spec.name) fail(spec.pos, "executor '" + spec.name + "' is declared twice");
    }
    specs.push_back(spec);
  }
  return specs;
}

}  // namespace gilsim::load
