#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model.h"
#include "linter/repository.h"

namespace skewlint {

/// Questions rules ask about the past of the repository (deprecation
/// windows, bake times). Rules stay pure: they see only this interface; the
/// engine answers it from git (linter/history_service), tests from fakes.
/// Every answer is bounded and cached by the implementation.
class History {
 public:
  virtual ~History() = default;

  /// First-parent commits from `rev` back (newest first, `rev` included when
  /// it touched the path) whose change touched `path`, following renames; at
  /// most `limit`.
  virtual std::vector<CommitInfo> PathCommits(std::string_view rev, std::string_view path,
                                              size_t limit) = 0;
  /// First-parent ancestry of `rev`, newest first (`rev` first), at most `limit`.
  virtual std::vector<CommitInfo> Ancestry(std::string_view rev, size_t limit) = 0;
  /// The text of `path` at commit `rev`, or nullopt when the file is absent.
  virtual std::optional<std::string> FileText(std::string_view rev, std::string_view path) = 0;
  /// Why FileText(rev, path) found nothing although `path` exists at `rev`
  /// (its blob is missing, as in a partial clone): the blob id; "" when the
  /// file is absent or was read.
  virtual std::string MissingBlob(std::string_view /*rev*/, std::string_view /*path*/) {
    return "";
  }
  /// The state of commit `rev`, built with the check's config; null when it
  /// cannot be read. Owned by the History.
  virtual const State* StateAt(std::string_view rev) = 0;
  /// Every tag peeled to a commit, sorted by name.
  virtual std::vector<TagInfo> Tags() = 0;
  /// True when `ancestor` is `descendant` or one of its ancestors.
  virtual bool IsAncestor(std::string_view ancestor, std::string_view descendant) = 0;
  /// Called between steps of a walk, never while a rule runs: the
  /// implementation may drop what it cached over its bound (a State that
  /// StateAt returned before is then gone), so that memory follows a step,
  /// not the range.
  virtual void Forget() {}
};

}  // namespace skewlint
