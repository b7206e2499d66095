#include "linter/location.h"

namespace skewlint {

std::string Location::ToString() const {
  std::string out = path;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out;
}

std::ostream& operator<<(std::ostream& os, const Location& location) {
  return os << location.ToString();
}

}  // namespace skewlint
