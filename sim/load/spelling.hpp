// Spelling help for messages: "did you mean 'cores'?" and readable lists of the names that exist.
#pragma once

#include <string>
#include <vector>

namespace gilsim::load {

/// edit_distance counts the insertions, deletions, substitutions and swaps of neighbours from a to b.
int edit_distance(const std::string& a, const std::string& b);

/// did_you_mean is "; did you mean 'x'?" for the candidate closest to `word` (distance <= 2), else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

/// joined lists names as "a, b, c".
std::string joined(const std::vector<std::string>& names);

}  // namespace gilsim::load
