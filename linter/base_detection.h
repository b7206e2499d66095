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

/// Where the range comes from when `--base` is absent (docs/config.md, `base`).
struct DetectedRange {
  std::string base;
  std::string head;                  ///< "" = keep --head
  std::string source;                ///< "github pull_request", "pre-commit", "default"
  bool github_pull_request = false;  ///< base is the event's pull_request.base.sha
};

/// Inside GitHub Actions on a pull_request(_target) event: the event's
/// pull_request.base.sha; inside pre-commit's pre-push stage:
/// PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF; otherwise the branch's
/// upstream, origin/HEAD, main, master. Fails (exit 2) saying how to pass
/// --base when none resolves.
Result<DetectedRange> DetectBase(Repository& repository, const EnvLookup& env);

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
