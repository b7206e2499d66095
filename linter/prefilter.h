#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/config.h"

namespace skewlint {

/// Decides, from a file's path and raw bytes, whether it can matter to any
/// locator or rule; files that cannot are not parsed when a revision is read
/// in full (the base of a check, past states). Files a change touches are
/// always parsed, so parse-error still sees every one of them.
///
/// A file is kept when its name or API group is one that cross-file passes
/// need (kustomization, Chart.yaml, Kustomize and Flux Kustomization
/// groups), or its bytes hold any needle:
/// a literal every match of a locator pattern must contain (taken outside
/// groups, split at '/', since Helm values join registry and repository),
/// a field locator's kind, or a word rules read (CustomResourceDefinition,
/// dependsOn, skewlint markers, and what forced-rollout and
/// experimental-feature policies look for in a changed file). A pattern with no such literal
/// (top-level alternation,
/// `(?i)`, or none at least 3 long) switches the filter off.
class Prefilter {
 public:
  explicit Prefilter(const Config& config);

  /// Why a file is kept: for the structure the cross-file passes read (a
  /// kustomization or Chart.yaml by its name, a Kustomize or Flux
  /// Kustomization by its API group, what may be a Kustomize patch: a Flux
  /// HelmRelease or JSON 6902 operations) when it holds no needle, or for what
  /// it holds. A Helm values file matters only for what it holds: only its
  /// presence is read across files, and the snapshot lists every file.
  /// kForFileRules: it holds only what a rule reading changed files on
  /// their own looks for (see AddFileRuleNeedles): parsed, but its changes
  /// cannot move the state.
  enum class Keep { kNo, kForStructure, kForFileRules, kByContent };

  bool enabled() const { return enabled_; }
  Keep Why(std::string_view path, std::string_view text) const;
  bool Keeps(std::string_view path, std::string_view text) const {
    return Why(path, text) != Keep::kNo;
  }
  /// Whether `text` holds a needle (always, when the filter is off).
  bool Mentions(std::string_view text) const;
  const std::vector<std::string>& needles() const { return needles_; }

 private:
  void AddFileRuleNeedles(const PolicyDef& policy);

  bool enabled_ = true;
  std::vector<std::string> needles_;
  std::vector<std::string> file_rule_needles_;
};

/// The longest literal every match of re2 `pattern` contains, taken outside
/// groups and split at '/'; "" when it cannot tell.
std::string RequiredLiteral(std::string_view pattern);

}  // namespace skewlint
