#include "sim/load/names.hpp"

#include <algorithm>

#include "sim/load/spelling.hpp"

namespace gilsim::load {

int resolve(const Item& item, const std::vector<std::string>& declared, const std::string& noun,
            const std::string& section) {
  const std::string name = identifier(item);
  auto it = std::find(declared.begin(), declared.end(), name);
  if (it != declared.end()) return static_cast<int>(it - declared.begin());
  const std::string known = declared.empty()
                                ? "no " + section + " are declared (add it under '" + section + ":')"
                                : "declared " + section + ": " + joined(declared);
  fail(item.pos, "undefined " + noun + " '" + name + "'; " + known + did_you_mean(name, declared));
}

}  // namespace gilsim::load
