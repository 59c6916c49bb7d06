// Name resolution: turning the names steps use into indices of the scenario's declarations.
#pragma once

#include <string>
#include <vector>

#include "sim/load/yaml_reader.hpp"
#include "sim/model/scenario.hpp"

namespace gilsim::load {

/// names_of lists the names of declarations (events, units, coroutines...), in declaration order.
template <typename Spec>
std::vector<std::string> names_of(const std::vector<Spec>& specs) {
  std::vector<std::string> names;
  for (const Spec& spec : specs) names.push_back(spec.name);
  return names;
}

/// resolve returns the index of the name written at `item` in `declared`, or fails listing what exists;
/// `noun` ("event") and `section` ("events") name the kind in messages.
int resolve(const Item& item, const std::vector<std::string>& declared, const std::string& noun,
            const std::string& section);

}  // namespace gilsim::load
