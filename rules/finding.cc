#include "rules/finding.h"

#include <tuple>

namespace skewlint {

std::string Finding::BaselineKey() const {
  return rule + "\n" + policy + "\n" + component + "\n" + scope + "\n" + message;
}

bool Finding::operator<(const Finding& o) const {
  return std::tie(location.path, location.line, location.column, rule, policy, message, commit) <
         std::tie(o.location.path, o.location.line, o.location.column, o.rule, o.policy, o.message,
                  o.commit);
}

std::ostream& operator<<(std::ostream& os, const Finding& f) {
  return os << f.location << ": " << SeverityName(f.severity) << ": " << f.message << " [" << f.rule
            << "]";
}

}  // namespace skewlint
