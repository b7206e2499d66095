#include <algorithm>
#include <optional>
#include <utility>

#include "git/git_repository.h"
#include "git/handles.h"
#include "git/lookup.h"
#include "git/worktree_file.h"

namespace skewlint {
namespace {

using git::Acquire;
using git::GitError;
using git::IsRegularFileMode;
using git::TreeHandle;

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

/// Git's order of tree entries: by name, a tree's as if it ended in '/'.
int CompareEntries(const git_tree_entry* a, const git_tree_entry* b) {
  std::string_view x = git_tree_entry_name(a);
  std::string_view y = git_tree_entry_name(b);
  size_t n = std::min(x.size(), y.size());
  if (int c = x.substr(0, n).compare(y.substr(0, n)); c != 0) return c;
  auto next = [n](std::string_view name, const git_tree_entry* e) -> unsigned char {
    if (name.size() > n) return static_cast<unsigned char>(name[n]);
    return git_tree_entry_type(e) == GIT_OBJECT_TREE ? '/' : '\0';
  };
  return static_cast<int>(next(x, a)) - static_cast<int>(next(y, b));
}

/// A commit-to-commit diff that skips every subtree whose id did not change,
/// so that its cost follows the change rather than the tree. It gives up
/// (nullopt) when the change both deletes and adds files, where libgit2's
/// rename detection may pair them.
class TreeDiff {
 public:
  TreeDiff(git_repository* repo, const PathFilter& keep) : repo_(repo), keep_(keep) {}

  Result<std::optional<std::vector<FileDelta>>> Run(const git_tree* old_tree,
                                                    const git_tree* new_tree) {
    std::string prefix;
    if (Status walked = Walk(old_tree, new_tree, prefix); !walked) return walked.error();
    if (deletes_ && adds_) return std::optional<std::vector<FileDelta>>();
    return std::optional<std::vector<FileDelta>>(std::move(deltas_));
  }

 private:
  Status Walk(const git_tree* a, const git_tree* b, std::string& prefix) {
    size_t na = a ? git_tree_entrycount(a) : 0;
    size_t nb = b ? git_tree_entrycount(b) : 0;
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
      const git_tree_entry* x = i < na ? git_tree_entry_byindex(a, i) : nullptr;
      const git_tree_entry* y = j < nb ? git_tree_entry_byindex(b, j) : nullptr;
      int c = !x ? 1 : !y ? -1 : CompareEntries(x, y);
      if (c == 0) {
        ++i, ++j;
        if (git_tree_entry_filemode(x) == git_tree_entry_filemode(y) &&
            git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(y))) {
          continue;  // the same blob or the same subtree
        }
      } else if (c < 0) {
        ++i, y = nullptr;
      } else {
        ++j, x = nullptr;
      }
      if (Status visited = Visit(x, y, prefix); !visited) return visited;
    }
    return Ok{};
  }

  // `x` and `y` (either may be null) sit at the same path.
  Status Visit(const git_tree_entry* x, const git_tree_entry* y, std::string& prefix) {
    const git_tree_entry* any = x ? x : y;
    size_t length = prefix.size();
    prefix += git_tree_entry_name(any);
    Status status = Ok{};
    if (git_tree_entry_type(any) == GIT_OBJECT_TREE) {
      TreeHandle old_sub, new_sub;
      if (x && Acquire(old_sub, git_tree_lookup, repo_, git_tree_entry_id(x)) < 0) {
        status = GitError("cannot read tree " + prefix);
      } else if (y && Acquire(new_sub, git_tree_lookup, repo_, git_tree_entry_id(y)) < 0) {
        status = GitError("cannot read tree " + prefix);
      } else {
        prefix += '/';
        status = Walk(old_sub.get(), new_sub.get(), prefix);
      }
    } else {
      Emit(x, y, prefix);
    }
    prefix.resize(length);
    return status;
  }

  void Emit(const git_tree_entry* x, const git_tree_entry* y, const std::string& path) {
    bool old_file = x && IsRegularFileMode(git_tree_entry_filemode(x));
    bool new_file = y && IsRegularFileMode(git_tree_entry_filemode(y));
    if (!old_file && !new_file) return;
    deletes_ = deletes_ || (old_file && !new_file);
    adds_ = adds_ || (new_file && !old_file);
    if (!git::Keeps(keep_, path)) return;
    FileDelta delta;
    if (old_file) {
      delta.old_path = path;
      delta.old_id = git::OidString(*git_tree_entry_id(x));
    }
    if (new_file) {
      delta.new_path = path;
      delta.new_id = git::OidString(*git_tree_entry_id(y));
    }
    delta.status = StatusOf(delta);
    deltas_.push_back(std::move(delta));
  }

  git_repository* repo_;
  const PathFilter& keep_;
  std::vector<FileDelta> deltas_;
  bool deletes_ = false;
  bool adds_ = false;
};

const std::string& SortKey(const FileDelta& delta) {
  return delta.new_path.empty() ? delta.old_path : delta.new_path;
}

std::vector<FileDelta> Sorted(std::vector<FileDelta> deltas) {
  std::stable_sort(deltas.begin(), deltas.end(),
                   [](const FileDelta& a, const FileDelta& b) { return SortKey(a) < SortKey(b); });
  return deltas;
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
  std::vector<FileDelta> deltas;
  if (from_side == Side::kCommit && to_side == Side::kCommit) {
    auto old_tree = TreeOf(repo_.get(), from);
    if (!old_tree) return old_tree.error();
    auto new_tree = TreeOf(repo_.get(), to);
    if (!new_tree) return new_tree.error();
    auto fast = TreeDiff(repo_.get(), keep).Run(old_tree->get(), new_tree->get());
    if (!fast) return fast.error();
    if (fast->has_value()) return Sorted(std::move(**fast));
  }
  Sides sides{from_side, to_side, index.get(), workdir_};
  auto diff = MakeDiff(repo_.get(), from, to, sides);
  if (!diff) return diff.error();
  if (auto renamed = git::DetectRenames(diff->get(), to_side == Side::kWorktree); !renamed) {
    return renamed.error();
  }
  for (size_t i = 0; i < git_diff_num_deltas(diff->get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff->get(), i);
    if (!git::Keeps(keep, delta->old_file.path) && !git::Keeps(keep, delta->new_file.path)) {
      continue;
    }
    if (auto added = AppendFileDelta(*delta, sides, &deltas); !added) return added.error();
  }
  return Sorted(std::move(deltas));
}

}  // namespace skewlint
