// The `events:`, `queues:` and `locks:` sections: the synchronisation objects steps refer to by name.
#include <string>

#include "sim/load/sections.hpp"

namespace gilsim::load {
namespace {

/// read_sync reads one declaration: a bare name, or {name: x, kind: thread|process}.
SyncSpec read_sync(const Item& item, const std::string& noun) {
  SyncSpec spec;
  spec.pos = item.pos;
  if (!item.node.IsMap()) {
    spec.name = identifier(item);
    return spec;
  }
  const Fields fields(item, "the " + noun + " declaration", {"name", "kind"});
  spec.name = identifier(fields.require("name"));
  if (auto kind = fields.get("kind")) {
    spec.kind = choice(*kind, {"thread", "process"}) == "thread" ? SyncKind::Thread : SyncKind::Process;
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

}  // namespace gilsim::load
