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

/// What converting a libgit2 delta needs to know about the two sides.
struct Sides {
  Side from;
  Side to;
  git_index* index;  ///< reloaded index; null when neither side needs it
  const std::string& workdir;
};

Result<git::TreeHandle> TreeOf(git_repository* repo, std::string_view rev) {
  if (rev.empty()) return git::TreeHandle{};  // no commit yet: the empty tree
  auto commit = git::ResolveCommit(repo, rev);
  if (!commit) return commit.error();
  return git::CommitTree(commit->get());
}

/// The libgit2 diff from a commit or the index to a later side.
Result<git::DiffHandle> MakeDiff(git_repository* repo, std::string_view from, std::string_view to,
                                 const Sides& sides) {
  git_diff_options options = git::DiffOptions();
  if (sides.to == Side::kWorktree) {
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
  }
  git::TreeHandle old_tree;
  if (sides.from == Side::kCommit) {
    auto tree = TreeOf(repo, from);
    if (!tree) return tree.error();
    old_tree = std::move(*tree);
  }
  git::DiffHandle diff;
  int code = 0;
  if (sides.to == Side::kCommit) {
    auto new_tree = TreeOf(repo, to);
    if (!new_tree) return new_tree.error();
    code = Acquire(diff, git_diff_tree_to_tree, repo, old_tree.get(), new_tree->get(), &options);
  } else if (sides.to == Side::kIndex) {
    code = Acquire(diff, git_diff_tree_to_index, repo, old_tree.get(), sides.index, &options);
  } else if (sides.from == Side::kCommit) {
    code = Acquire(diff, git_diff_tree_to_workdir_with_index, repo, old_tree.get(), &options);
  } else {
    code = Acquire(diff, git_diff_index_to_workdir, repo, sides.index, &options);
  }
  if (code < 0) return GitError("cannot compare " + std::string(from) + " with " + std::string(to));
  return diff;
}

/// Whether `file` exists as a regular file on its side, as ListFiles would
/// list it. Working-tree files are checked on disk by the caller.
bool ListedOn(Side side, const git_diff_file& file, git_index* index) {
  if (!git::IsRegularFileMode(file.mode)) return false;
  return side != Side::kIndex || git::IsStaged(index, file.path);
}

bool HasOldSide(const git_diff_delta& delta, const Sides& sides) {
  switch (delta.status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_UNTRACKED:
    case GIT_DELTA_IGNORED:
    case GIT_DELTA_UNMODIFIED:
      return false;
    default:
      return ListedOn(sides.from, delta.old_file, sides.index);
  }
}

/// The id of the new side of `delta`; empty when ListFiles would not list
/// it. Working-tree files are hashed from disk, since libgit2 may leave their
/// id unset.
Result<std::string> NewId(const git_diff_delta& delta, const Sides& sides) {
  switch (delta.status) {
    case GIT_DELTA_DELETED:
    case GIT_DELTA_IGNORED:
    case GIT_DELTA_UNREADABLE:
    case GIT_DELTA_UNMODIFIED:
      return std::string();
    default:
      break;
  }
  if (sides.to == Side::kWorktree) {
    auto id = git::WorktreeBlobId(sides.workdir, delta.new_file.path);
    if (!id) return id.error();
    return id->value_or("");
  }
  if (!ListedOn(sides.to, delta.new_file, sides.index)) return std::string();
  return git::OidString(delta.new_file.id);
}

FileDelta::Status StatusOf(const FileDelta& delta) {
  if (delta.old_path.empty()) return FileDelta::Status::kAdded;
  if (delta.new_path.empty()) return FileDelta::Status::kDeleted;
  if (delta.old_path != delta.new_path) return FileDelta::Status::kRenamed;
  return FileDelta::Status::kModified;
}

/// Appends `delta` seen through the contract: only files that ListFiles
/// lists on either side, and nothing when neither content nor mode changed.
Status AppendFileDelta(const git_diff_delta& delta, const Sides& sides,
                       std::vector<FileDelta>* deltas) {
  auto new_id = NewId(delta, sides);
  if (!new_id) return new_id.error();
  FileDelta out;
  if (HasOldSide(delta, sides)) {
    out.old_path = delta.old_file.path;
    out.old_id = git::OidString(delta.old_file.id);
  }
  if (!new_id->empty()) {
    out.new_path = delta.new_file.path;
    out.new_id = std::move(*new_id);
  }
  bool unchanged = out.old_path == out.new_path && out.old_id == out.new_id &&
                   delta.old_file.mode == delta.new_file.mode;
  if ((out.old_path.empty() && out.new_path.empty()) || unchanged) return Ok{};
  out.status = StatusOf(out);
  deltas->push_back(std::move(out));
  return Ok{};
}

const std::string& SortKey(const FileDelta& delta) {
  return delta.new_path.empty() ? delta.old_path : delta.new_path;
}

}  // namespace

Result<std::vector<FileDelta>> GitRepository::Diff(std::string_view from, std::string_view to,
                                                   const PathFilter& keep) {
  Side from_side = SideOf(from);
  Side to_side = SideOf(to);
  if (from_side > to_side) {
    return git::UsageError("cannot diff from '" + std::string(from) + "' to '" + std::string(to) +
                           "': the old side must be a commit or an earlier pseudo-revision");
  }
  if (to_side != Side::kCommit && from_side == to_side) return std::vector<FileDelta>();
  if (to_side == Side::kWorktree && workdir_.empty()) {
    return git::UsageError("the repository has no working tree");
  }
  git::IndexHandle index;
  if (to_side != Side::kCommit) {
    auto fresh = git::FreshIndex(repo_.get());
    if (!fresh) return fresh.error();
    index = std::move(*fresh);
  }
  Sides sides{from_side, to_side, index.get(), workdir_};
  auto diff = MakeDiff(repo_.get(), from, to, sides);
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
    if (auto added = AppendFileDelta(*delta, sides, &deltas); !added) return added.error();
  }
  std::stable_sort(deltas.begin(), deltas.end(),
                   [](const FileDelta& a, const FileDelta& b) { return SortKey(a) < SortKey(b); });
  return deltas;
}

}  // namespace skewlint
