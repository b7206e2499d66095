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
/// A file is kept when its name is one that cross-file passes need
/// (kustomization, Chart.yaml, values*.yaml), or its bytes hold any needle:
/// a literal every match of a locator pattern must contain (taken outside
/// groups, split at '/', since Helm values join registry and repository),
/// a field locator's kind, or a structural word (CustomResourceDefinition,
/// kustomize API groups, dependsOn, skewlint, experimental, server.conf,
/// agent.conf). A pattern with no such literal (top-level alternation,
/// `(?i)`, or none at least 3 long) switches the filter off.
class Prefilter {
 public:
  explicit Prefilter(const Config& config);

  bool enabled() const { return enabled_; }
  bool Keeps(std::string_view path, std::string_view text) const;
  const std::vector<std::string>& needles() const { return needles_; }

 private:
  bool enabled_ = true;
  std::vector<std::string> needles_;
};

/// The longest literal every match of re2 `pattern` contains, taken outside
/// groups and split at '/'; "" when it cannot tell.
std::string RequiredLiteral(std::string_view pattern);

}  // namespace skewlint
