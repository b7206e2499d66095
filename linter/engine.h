#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linter/config.h"
#include "linter/model.h"
#include "linter/repository.h"
#include "linter/state_builder.h"
#include "rules/finding.h"
#include "rules/rule.h"

namespace skewlint {

/// A component instance the change moved (SPEC §6 `changes`).
struct ComponentChange {
  std::string component;
  std::string scope;
  std::string from;  ///< raw text before ("" when added)
  std::string to;    ///< raw text after ("" when removed)
  std::string kind;  ///< major|minor|patch|prerelease|digest|downgrade|added|removed|changed
  Location location;
  std::string commit;

  bool operator<(const ComponentChange& o) const;
};

/// Classifies a move from `before` to `after` (either may be null).
std::string ChangeKind(const Instance* before, const Instance* after);

/// What to check: ids already resolved (commits, kIndexRev, kWorktreeRev).
struct CheckRequest {
  enum class Mode { kNet, kPerCommit, kStaged, kWorktree };
  Mode mode = Mode::kNet;
  std::string base;
  std::string head;
  bool all_findings = false;
  int64_t now = 0;             ///< the time of the check
  std::string config_in_repo;  ///< repository path of the config, for policy-changed
  /// Loads and validates the config as revision `rev` has it (presets and
  /// policies included); the error when it is invalid. Asked for each change
  /// that edits the config; null = not checked.
  std::function<std::optional<Error>(std::string_view rev)> validate_config;
};

struct CheckOutcome {
  std::vector<Finding> findings;  ///< sorted; suppressed ones included
  std::vector<ComponentChange> changes;
  size_t files_scanned = 0;
  size_t commits = 0;
};

std::string_view ModeName(CheckRequest::Mode mode);

/// The configured checks: one per policy, plus the default check of every
/// rule that runs without one; rules switched off in `rules:` are left out.
/// A policy with bad keys fails with its position.
struct ConfiguredCheck {
  const RuleSpec* spec;
  std::string policy;  ///< "" for a default check
  Severity severity;
  std::unique_ptr<Check> check;
};
Result<std::vector<ConfiguredCheck>> BuildChecks(const Config& config);

/// Runs the change through every check (SPEC §2, §5): net mode compares base
/// and head; per-commit mode walks the first-parent commits, each its own
/// deployed change. Invariant findings that already hold on the base are
/// dropped unless `all_findings`. `builder` (optional) lets the caller share
/// its parse cache, with the history service for one.
Result<CheckOutcome> RunCheck(Repository& repository, const Config& config,
                              const CheckRequest& request, History* history = nullptr,
                              StateBuilder* builder = nullptr);

}  // namespace skewlint
