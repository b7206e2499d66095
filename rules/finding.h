#pragma once

#include <compare>
#include <ostream>
#include <string>

#include "linter/config.h"
#include "linter/location.h"

namespace skewlint {

/// One policy violation (SPEC §5). Findings are results, not errors.
struct Finding {
  std::string rule;    ///< rule id, e.g. "version-skew"
  std::string policy;  ///< policy id when a policy produced it, else ""
  Severity severity = Severity::kError;
  std::string message;  ///< lowercase, no final period
  Location location;
  std::string commit;  ///< commit that introduced it ("" for staged/worktree)
  std::string component;
  std::string scope;
  /// The rule judged this case one level milder than its configured
  /// severity (error -> warning -> notice); the engine applies it.
  bool milder = false;
  bool suppressed = false;
  std::string suppression;  ///< why it is suppressed ("" when not)
  /// The rule chose the severity itself (an invalid config is an error
  /// whatever `rules:` says); the engine keeps it.
  bool fixed_severity = false;

  /// Identity used to tell whether a finding already held on the base, and
  /// whether it was already reported: the rule, policy, component, scope and
  /// message, plus the path when there is no component (the same problem in
  /// two files is two findings). Never the line, column, commit or
  /// suppression, so a finding whose lines moved still matches the base.
  std::string BaselineKey() const;
  /// Deterministic report order: path, line, column, rule, message.
  bool operator<(const Finding& other) const;
  bool operator==(const Finding& other) const = default;
};

std::ostream& operator<<(std::ostream& os, const Finding& finding);

}  // namespace skewlint
