#pragma once

#include <string>
#include <vector>

#include "linter/yaml_tree.h"

namespace skewlint {

/// One place where two YAML trees differ: the map keys (and "[i]" for list
/// items) leading to it, and the position on the `after` side that best
/// shows it (the changed key, or the nearest enclosing node that exists).
struct YamlDifference {
  std::vector<std::string> path;
  int line = 0;
  int column = 0;
};

struct YamlDiff {
  std::vector<YamlDifference> differences;
  bool truncated = false;  ///< more than `limit` differences, or the visit budget ran out
};

/// Differences between two trees, compared by value: scalars by text (not by
/// quoting), maps by key regardless of order, lists item by item (a list that
/// changed length is one difference at the list). Either side may be null
/// (absent). At most `limit` differences; traversal bounded by `budget`.
YamlDiff DiffYaml(const YamlNode* before, const YamlNode* after, size_t limit, size_t budget);

/// True when the trees hold the same values (a truncated diff counts as
/// different).
bool SameYaml(const YamlNode* before, const YamlNode* after);

/// "spec.annotations.secret-version"
std::string JoinPath(const std::vector<std::string>& path);

}  // namespace skewlint
