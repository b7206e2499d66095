#pragma once

#include <compare>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "linter/config.h"
#include "linter/location.h"

namespace skewlint {

/// Another component that must move before the finding's own change: the
/// fix of an upgrade-order or version-skew finding. Findings of one instance
/// and commit that name prerequisites share a cause (linter/grouping.h).
struct Prerequisite {
  std::string component;  ///< what must move first, "spiceai-operator"
  std::string target;     ///< what it must reach, "1.5"
  std::string current;    ///< its version now, "1.4.2"
  std::string needed_by;  ///< the version of the finding's component, "1.5.0"

  bool operator==(const Prerequisite& other) const = default;
};

/// A finding that a grouped finding stands for (linter/grouping.h).
struct RelatedFinding {
  std::string rule;
  std::string policy;
  Severity severity = Severity::kError;
  std::string message;  ///< its own message
  Location location;

  bool operator==(const RelatedFinding& other) const = default;
};

/// One policy violation. Findings are results, not errors.
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
  std::string suppression;            ///< why it is suppressed ("" when not)
  bool suppressed_by_config = false;  ///< by an `ignore:` entry, not in the file

  /// Set by rules, read by the grouping pass (linter/grouping.h).
  std::optional<Prerequisite> prerequisite;
  /// A key naming the change that is this finding's cause (a CRD property
  /// removed, a component moved too far), when it is reported as such.
  std::string cause;
  /// The key of the change this finding follows from: it is folded into the
  /// finding whose `cause` is the same.
  std::string follows;
  /// Every finding this one stands for, itself included; empty when it
  /// stands for itself alone.
  std::vector<RelatedFinding> related;
  /// The finding is about its file (a copy of a CRD), not only its
  /// component: two files with the same problem are two findings.
  bool about_file = false;
  /// The rule chose the severity itself (an invalid config is an error
  /// whatever `rules:` says); the engine keeps it.
  bool fixed_severity = false;

  /// Identity used to tell whether a finding already held on the base, and
  /// whether it was already reported: the rule, policy, component, scope and
  /// message, plus the path when there is no component or the finding is
  /// `about_file` (the same problem in two files is two findings). Never the line, column, commit
  /// or suppression, so a finding whose lines moved still matches the base.
  std::string BaselineKey() const;
  /// Deterministic report order: path, line, column, rule, message.
  bool operator<(const Finding& other) const;
  bool operator==(const Finding& other) const = default;
};

std::ostream& operator<<(std::ostream& os, const Finding& finding);

}  // namespace skewlint
