#include "rules/finding.h"

#include <tuple>

namespace skewlint {

// A finding about a component is known by the component and scope, not by
// where it points: a rule may point at whichever side the change touched
// (version-skew), and a rename moves it, yet it held on the base all the
// same. A finding about no component (a file skewlint could not read), or
// about one copy of a CRD, is about its file, so its path is part of what
// it is.
std::string Finding::BaselineKey() const {
  return rule + "\n" + policy + "\n" + component + "\n" + scope + "\n" +
         (component.empty() || about_file ? location.path : std::string()) + "\n" + message;
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
