#include "sim/load/yaml_reader.hpp"

#include <algorithm>
#include <utility>

#include "sim/load/scenario_error.hpp"
#include "sim/load/spelling.hpp"

namespace gilsim::load {

SourcePos position(const std::string& file, const YAML::Node& node, const SourcePos& fallback) {
  const YAML::Mark mark = node.Mark();
  // An empty value (`cores:`) carries the mark of whatever token follows it, often on the next line, so
  // empty values are placed at their key instead.
  if (mark.is_null() || node.IsNull()) return fallback.file.empty() ? SourcePos{file, 0, 0} : fallback;
  return SourcePos{file, mark.line + 1, mark.column + 1};
}

void fail(const SourcePos& pos, const std::string& message) {
  throw ScenarioError(pos, message);
}

std::string describe(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return node.size() == 0 ? "an empty map" : "a map";
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  return "nothing";
}

bool is_identifier(const std::string& text) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text.empty() || !letter(text.front())) return false;
  return std::all_of(text.begin(), text.end(), [&](char c) { return letter(c) || digit(c); });
}

std::vector<Item> elements(const Item& list, const std::string& expected) {
  if (!list.node.IsSequence()) {
    fail(list.pos, list.what + " expects " + expected + ", got " + describe(list.node));
  }
  std::vector<Item> items;
  for (const YAML::Node& element : list.node) {
    items.push_back({element, position(list.pos.file, element, list.pos), "an item of " + list.what});
  }
  return items;
}

std::string text(const Item& item) {
  if (!item.node.IsScalar()) fail(item.pos, item.what + " expects text, got " + describe(item.node));
  std::string value = item.node.Scalar();
  while (!value.empty() && value.back() == '\n') value.pop_back();  // a `|` block ends with one
  if (value.find('\n') != std::string::npos) fail(item.pos, item.what + " expects one line of text");
  return value;
}

std::string identifier(const Item& item) {
  const std::string expected = " expects a name ([A-Za-z_][A-Za-z0-9_]*), got ";
  if (!item.node.IsScalar() || !is_identifier(item.node.Scalar())) {
    fail(item.pos, item.what + expected + describe(item.node));
  }
  return item.node.Scalar();
}

std::string choice(const Item& item, const std::vector<std::string>& options) {
  std::string expected = options.size() == 1 ? "'" + options.front() + "'" : "one of " + joined(options);
  if (!item.node.IsScalar()) {
    fail(item.pos, item.what + " expects " + expected + ", got " + describe(item.node));
  }
  const std::string& value = item.node.Scalar();
  if (std::find(options.begin(), options.end(), value) == options.end()) {
    fail(item.pos,
         item.what + " expects " + expected + ", got '" + value + "'" + did_you_mean(value, options));
  }
  return value;
}

Fields::Fields(const Item& map, std::string where, std::vector<std::string> allowed)
    : pos_(map.pos), where_(std::move(where)) {
  if (!map.node.IsMap()) {
    fail(pos_, where_ + " expects a map with keys " + joined(allowed) + ", got " + describe(map.node));
  }
  for (auto it = map.node.begin(); it != map.node.end(); ++it) {
    const SourcePos key_pos = position(pos_.file, it->first, pos_);
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : describe(it->first);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail(key_pos, "unknown key '" + key + "' in " + where_ + "; expected one of: " + joined(allowed) +
                        did_you_mean(key, allowed));
    }
    if (has(key)) fail(key_pos, "key '" + key + "' appears twice in " + where_);
    entries_.push_back({key, Item{it->second, position(pos_.file, it->second, key_pos), "'" + key + "'"}});
  }
}

std::optional<Item> Fields::get(const std::string& key) const {
  for (const auto& [name, item] : entries_) {
    if (name == key) return item;
  }
  return std::nullopt;
}

Item Fields::require(const std::string& key) const {
  auto item = get(key);
  if (!item) fail(pos_, where_ + " needs the key '" + key + "'");
  return *item;
}

}  // namespace gilsim::load
