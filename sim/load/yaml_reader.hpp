// Reading YAML with positions: the small vocabulary every part of the loader is written in.
//
// yaml-cpp gives each node a 0-based mark; these helpers carry a 1-based SourcePos next to every value so
// that any complaint, however deep, can say where the value was written. Maps are read through Fields,
// which rejects unknown and repeated keys up front, so a misspelt key never silently becomes a default.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/model/scenario.hpp"

namespace gilsim::load {

/// Item is one YAML value to read, where it was written, and how messages name it (e.g. "'cores'").
struct Item {
  YAML::Node node;
  SourcePos pos;
  std::string what;
};

/// position is where `node` starts in `file`, or `fallback` when yaml-cpp kept no mark for it.
SourcePos position(const std::string& file, const YAML::Node& node, const SourcePos& fallback = {});

/// fail raises a ScenarioError at `pos`.
[[noreturn]] void fail(const SourcePos& pos, const std::string& message);

/// describe names what a node holds, for the "got ..." of messages: 'text', a list, a map or nothing.
std::string describe(const YAML::Node& node);

/// is_identifier tells whether text is a name of the form [A-Za-z_][A-Za-z0-9_]*.
bool is_identifier(const std::string& text);

/// elements returns the items of the list `list`, failing with "<what> expects <expected>" otherwise.
std::vector<Item> elements(const Item& list, const std::string& expected);

/// text reads a scalar as a string of one line.
std::string text(const Item& item);

/// identifier reads a scalar that must be a name of the form [A-Za-z_][A-Za-z0-9_]*.
std::string identifier(const Item& item);

/// choice reads a scalar that must be one of `options`.
std::string choice(const Item& item, const std::vector<std::string>& options);

/// Fields is a YAML map whose keys were checked against the allowed ones (each at most once).
class Fields {
 public:
  /// Fields checks `map` (named `where` in messages, e.g. "machine") against `allowed`.
  Fields(const Item& map, std::string where, std::vector<std::string> allowed);

  /// get returns the value of `key`, if written.
  std::optional<Item> get(const std::string& key) const;
  /// require returns the value of `key`, failing at the map when it is missing.
  Item require(const std::string& key) const;
  /// has tells whether `key` was written.
  bool has(const std::string& key) const { return get(key).has_value(); }
  /// pos is where the map starts.
  const SourcePos& pos() const { return pos_; }
  /// where is how messages name the map.
  const std::string& where() const { return where_; }

 private:
  SourcePos pos_;
  std::string where_;
  std::vector<std::pair<std::string, Item>> entries_;
};

}  // namespace gilsim::load
