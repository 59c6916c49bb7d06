#include "sim/cli/scenario_files.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace gilsim::cli {
namespace {

bool is_scenario_file(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

void add_folder(const fs::path& dir, std::vector<std::string>& out) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && is_scenario_file(entry.path())) found.push_back(entry.path().string());
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

std::string shipped_scenarios_dir() {
  if (fs::is_directory("scenarios")) return "scenarios";
  return std::string(GILSIM_SOURCE_DIR) + "/scenarios";
}

std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  if (paths.empty()) {
    add_folder(shipped_scenarios_dir(), out);
    return out;
  }
  for (const std::string& p : paths) {
    if (fs::is_directory(p)) {
      add_folder(p, out);
    } else if (fs::exists(p)) {
      out.push_back(p);
    } else {
      throw std::runtime_error("no such file or folder: " + p);
    }
  }
  return out;
}

}  // namespace gilsim::cli
