#include "linter/attribution.h"

namespace skewlint {

std::map<std::pair<std::string, int>, std::string> LineOwners(Repository& repository,
                                                              const std::string& head,
                                                              const std::string& base,
                                                              const std::set<std::string>& commits,
                                                              const std::vector<Location>& where) {
  std::map<std::string, std::set<int>> by_path;
  for (const Location& l : where) {
    if (!l.path.empty() && l.line > 0) by_path[l.path].insert(l.line);
  }
  std::map<std::pair<std::string, int>, std::string> out;
  for (const auto& [path, line_set] : by_path) {
    std::vector<int> lines(line_set.begin(), line_set.end());
    std::vector<std::string> owners = repository.LineCommits(head, path, base, lines);
    for (size_t i = 0; i < owners.size() && i < lines.size(); ++i) {
      if (commits.count(owners[i])) out[{path, lines[i]}] = owners[i];
    }
  }
  return out;
}

}  // namespace skewlint
