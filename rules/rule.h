#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/config.h"
#include "linter/model.h"
#include "linter/repository.h"
#include "linter/result.h"
#include "rules/finding.h"

namespace skewlint {

class History;  // rules/history.h: questions about the past, answered lazily
struct Moved;   // rules/rule_util.h

/// What several rules of one change would each work out alike, worked out
/// once by the first that asks (rule_util.h).
struct SharedWork {
  /// MatchInstances(before, after, changed) of the change.
  std::shared_ptr<const std::vector<Moved>> matched;
};

/// One deployed change as rules see it: the state before and after, the
/// files that changed, and the commit that made it.
struct RuleContext {
  const State& before;
  const State& after;
  const std::vector<FileDelta>& changed;  ///< files the change touched
  const Config& config;
  std::string commit;          ///< commit id that made the change ("" when staged/worktree)
  int64_t now = 0;             ///< time of the check, seconds since the epoch
  History* history = nullptr;  ///< may be null (then history-based checks say so)
  /// Set when the change edits the config and the edited config is invalid
  /// (it would fail every later check): what is wrong and where.
  const Error* head_config_error = nullptr;
  /// Shared by the rules of the change (whose contexts have the same
  /// `before`, `after` and `changed`); may be null.
  SharedWork* shared = nullptr;

  /// True when `path` is among the changed files (old or new side).
  bool Changed(std::string_view path) const;
};

/// A configured instance of a rule: one policy entry, or the implicit
/// default for rules that run without one. Holds its options, read once.
class Check {
 public:
  virtual ~Check() = default;
  /// Appends findings; rule, policy and severity are filled by the engine
  /// when left empty.
  virtual void Run(const RuleContext& context, std::vector<Finding>& out) const = 0;
};

/// A rule: its documentation and how to build checks from policies.
struct RuleSpec {
  enum class Kind {
    kInvariant,   ///< about one state: run on base and head, keep what is new
    kTransition,  ///< about the change between two states
    kRun,         ///< about the run as a whole: once, on the base and the head
  };
  std::string_view id;
  Severity default_severity = Severity::kError;
  std::string_view summary;
  Kind kind = Kind::kTransition;
  /// Builds a check from a `policies:` entry; validates its keys and values
  /// and fails with "file:line:col: what was expected".
  std::function<Result<std::unique_ptr<Check>>(const PolicyDef&, const Config&)> make;
  /// Builds the check that runs with no policy entry (unversioned,
  /// parse-error, …); null when the rule runs only from policies.
  std::function<std::unique_ptr<Check>(const Config&)> make_default;
  /// True for a rule that reads only the changed files (each side's
  /// version, the Chart.yaml beside a values file, and the instances in
  /// them): parse-error, forced-rollout, experimental-feature. The engine
  /// skips every other rule for a change that cannot move the state (no
  /// changed file's SnapshotFile::signature moved); these still run on it.
  bool per_file = false;
};

}  // namespace skewlint
