#include "rules/rule.h"

namespace skewlint {

bool RuleContext::Changed(std::string_view path) const {
  for (const auto& d : changed) {
    if (d.new_path == path || d.old_path == path) return true;
  }
  return false;
}

}  // namespace skewlint
