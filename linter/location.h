#pragma once

#include <compare>
#include <ostream>
#include <string>

namespace skewlint {

/// A place in a file of the repository: a repository-relative path with '/'
/// separators, and a 1-based line and column (0 when unknown).
struct Location {
  std::string path;
  int line = 0;
  int column = 0;

  auto operator<=>(const Location&) const = default;
  bool empty() const { return path.empty(); }
  /// "path:line:col", "path:line", or "path", whichever parts are known.
  std::string ToString() const;
};

std::ostream& operator<<(std::ostream& os, const Location& location);

}  // namespace skewlint
