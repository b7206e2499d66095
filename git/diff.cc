#include <algorithm>
#include <utility>

#include "git/git_repository.h"
#include "git/handles.h"
#include "git/lookup.h"
#include "git/worktree_file.h"

namespace skewlint {
namespace {

using git::Acquire;
using git::GitError;

/// The kinds of diff side, in the order in which they can be compared.
enum class Side { kCommit, kIndex, kWorktree };

Side SideOf(std::string_view rev) {
  if (rev == kIndexRev) return Side::kIndex;
  if (rev == kWorktreeRev) return Side::kWorktree;
  return Side::kCommit;
}

Result<git::TreeHandle> TreeOf(git_repository* repo, std::string_view rev) {
  auto commit = git::ResolveCommit(repo, rev);
  if (!commit) return commit.error();
  return git::CommitTree(commit->get());
}

/// The libgit2 diff from a commit or the index to a later side.
Result<git::DiffHandle> MakeDiff(git_repository* repo, std::string_view from, std::string_view to) {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL;
  if (SideOf(to) == Side::kWorktree) {
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
  }
  git::TreeHandle old_tree;
  if (SideOf(from) == Side::kCommit) {
    auto tree = TreeOf(repo, from);
    if (!tree) return tree.error();
    old_tree = std::move(*tree);
  }
  git::DiffHandle diff;
  int code = 0;
  if (SideOf(to) == Side::kCommit) {
    auto new_tree = TreeOf(repo, to);
    if (!new_tree) return new_tree.error();
    code = Acquire(diff, git_diff_tree_to_tree, repo, old_tree.get(), new_tree->get(), &options);
  } else {
    auto index = git::FreshIndex(repo);
    if (!index) return index.error();
    if (SideOf(to) == Side::kIndex) {
      code = Acquire(diff, git_diff_tree_to_index, repo, old_tree.get(), index->get(), &options);
    } else if (old_tree) {
      code = Acquire(diff, git_diff_tree_to_workdir_with_index, repo, old_tree.get(), &options);
    } else {
      code = Acquire(diff, git_diff_index_to_workdir, repo, index->get(), &options);
    }
  }
  if (code < 0) return GitError("cannot compare " + std::string(from) + " with " + std::string(to));
  return diff;
}

bool HasOldSide(git_delta_t status) {
  return status != GIT_DELTA_ADDED && status != GIT_DELTA_UNTRACKED &&
         status != GIT_DELTA_IGNORED && status != GIT_DELTA_UNMODIFIED;
}

bool HasNewSide(git_delta_t status, Side to) {
  switch (status) {
    case GIT_DELTA_DELETED:
    case GIT_DELTA_IGNORED:
    case GIT_DELTA_UNREADABLE:
    case GIT_DELTA_UNMODIFIED:
      return false;
    case GIT_DELTA_CONFLICTED:  // unmerged paths have no stage-0 index entry
      return to == Side::kWorktree;
    default:
      return true;
  }
}

/// The id of the new side of `delta`; nullopt when that side is not a
/// regular file. Working-tree files are hashed from disk, since libgit2 may
/// leave their id unset.
Result<std::optional<std::string>> NewId(const git_diff_delta& delta, Side to,
                                         const std::string& workdir) {
  if (!HasNewSide(delta.status, to)) return std::optional<std::string>();
  if (to == Side::kWorktree) return git::WorktreeBlobId(workdir, delta.new_file.path);
  if (!git::IsRegularFileMode(delta.new_file.mode)) return std::optional<std::string>();
  return std::optional<std::string>(git::OidString(delta.new_file.id));
}

FileDelta::Status StatusOf(const FileDelta& delta) {
  if (delta.old_path.empty()) return FileDelta::Status::kAdded;
  if (delta.new_path.empty()) return FileDelta::Status::kDeleted;
  if (delta.old_path != delta.new_path) return FileDelta::Status::kRenamed;
  return FileDelta::Status::kModified;
}

/// `delta` seen through the contract: only regular files on either side, and
/// nothing when the content and mode did not change.
Result<std::optional<FileDelta>> ToFileDelta(const git_diff_delta& delta, Side to,
                                             const std::string& workdir) {
  auto new_id = NewId(delta, to, workdir);
  if (!new_id) return new_id.error();
  FileDelta out;
  if (HasOldSide(delta.status) && git::IsRegularFileMode(delta.old_file.mode)) {
    out.old_path = delta.old_file.path;
    out.old_id = git::OidString(delta.old_file.id);
  }
  if (*new_id) {
    out.new_path = delta.new_file.path;
    out.new_id = std::move(**new_id);
  }
  bool unchanged = out.old_path == out.new_path && out.old_id == out.new_id &&
                   delta.old_file.mode == delta.new_file.mode;
  if ((out.old_path.empty() && out.new_path.empty()) || unchanged) {
    return std::optional<FileDelta>();
  }
  out.status = StatusOf(out);
  return std::optional<FileDelta>(std::move(out));
}

const std::string& SortKey(const FileDelta& delta) {
  return delta.new_path.empty() ? delta.old_path : delta.new_path;
}

}  // namespace

Result<std::vector<FileDelta>> GitRepository::Diff(std::string_view from, std::string_view to,
                                                   const PathFilter& keep) {
  Side to_side = SideOf(to);
  if (SideOf(from) > to_side) {
    return git::UsageError("cannot diff from '" + std::string(from) + "' to '" + std::string(to) +
                           "': the old side must be a commit or an earlier pseudo-revision");
  }
  if (to_side != Side::kCommit && SideOf(from) == to_side) return std::vector<FileDelta>();
  if (to_side == Side::kWorktree && workdir_.empty()) {
    return git::UsageError("the repository has no working tree");
  }
  auto diff = MakeDiff(repo_.get(), from, to);
  if (!diff) return diff.error();
  if (auto renamed = git::DetectRenames(diff->get(), to_side == Side::kWorktree); !renamed) {
    return renamed.error();
  }
  std::vector<FileDelta> deltas;
  for (size_t i = 0; i < git_diff_num_deltas(diff->get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff->get(), i);
    if (!git::Keeps(keep, delta->old_file.path) && !git::Keeps(keep, delta->new_file.path)) {
      continue;
    }
    auto converted = ToFileDelta(*delta, to_side, workdir_);
    if (!converted) return converted.error();
    if (*converted) deltas.push_back(std::move(**converted));
  }
  std::stable_sort(deltas.begin(), deltas.end(),
                   [](const FileDelta& a, const FileDelta& b) { return SortKey(a) < SortKey(b); });
  return deltas;
}

}  // namespace skewlint
