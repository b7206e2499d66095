#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "linter/repository.h"
#include "linter/result.h"

namespace skewlint {

/// Reads an environment variable; injectable so tests need not set the
/// process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnv();

/// The base a config names (`base:`), with where it is written.
struct ConfigBase {
  std::string rev;
  Location where;
};
/// Reads `base:` from the config when detection gets that far; nullopt when
/// the config sets none (or cannot be read: the check reports that itself).
using ConfigBaseLookup = std::function<std::optional<ConfigBase>()>;

/// Where the range comes from when `--base` is absent (SPEC §2).
struct DetectedRange {
  std::string base;
  std::string head;                  ///< "" = keep --head
  std::string source;                ///< what the report says: "pull_request event", "origin/HEAD"
  bool github_pull_request = false;  ///< base is the event's pull_request.base.sha
};

/// The base when `--base` is absent, first found wins:
/// - inside GitHub Actions ($GITHUB_EVENT_NAME set): on a pull_request event
///   (and its _target, _review, _review_comment kinds) pull_request.base.sha
///   from $GITHUB_EVENT_PATH; on a merge_group event merge_group.base_sha; on
///   a push event `before` (all zeros, a new branch: the repository's default
///   branch). For these events an event file that is missing, unreadable or
///   lacks the field is an error, never a fallback;
/// - inside pre-commit's pre-push stage: PRE_COMMIT_FROM_REF /
///   PRE_COMMIT_TO_REF (a new branch: the steps below, with that head);
/// - `base:` in the config (an error when it does not resolve);
/// - origin/HEAD, origin/main, main, origin/master, master.
/// The checked-out branch's own upstream is never taken. Fails (exit 2)
/// saying how to pass --base when nothing resolves.
Result<DetectedRange> DetectBase(Repository& repository, const EnvLookup& env,
                                 const ConfigBaseLookup& config_base = {});

/// Two resolved commit ids.
struct CommitRange {
  std::string base;
  std::string head;
};

/// GitHub checks a pull request out as its merge commit (refs/pull/N/merge,
/// parents [base branch tip, PR head]). When `head` is such a commit (two
/// parents, `base` its first parent or an ancestor of it), the range that is
/// exactly the pull request's change: in net mode first parent..head (the
/// PR's diff on the current base); in per-commit mode
/// merge-base(first parent, PR head)..PR head, so that each of the PR's own
/// first-parent commits is one change. nullopt when `head` is not such a
/// merge commit.
Result<std::optional<CommitRange>> PullRequestMergeRange(Repository& repository,
                                                         std::string_view base,
                                                         std::string_view head, bool per_commit);

}  // namespace skewlint
