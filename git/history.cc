#include <algorithm>
#include <utility>

#include "git/git_repository.h"
#include "git/handles.h"
#include "git/lookup.h"
#include "git/shallow_graph.h"

namespace skewlint {
namespace {

using git::Acquire;
using git::GitError;

/// `git rev-list --first-parent --reverse base..head` (no base: all of it).
Result<std::vector<git_oid>> WalkFirstParents(git_repository* repo, const git_oid& head,
                                              const std::optional<git_oid>& base) {
  git::RevwalkHandle walk;
  if (Acquire(walk, git_revwalk_new, repo) < 0 ||
      git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
      git_revwalk_simplify_first_parent(walk.get()) < 0 ||
      git_revwalk_push(walk.get(), &head) < 0 ||
      (base && git_revwalk_hide(walk.get(), &*base) < 0)) {
    return GitError("cannot walk history from " + git::OidString(head));
  }
  std::vector<git_oid> ids;
  git_oid id;
  int code;
  while ((code = git_revwalk_next(&id, walk.get())) == 0) ids.push_back(id);
  if (code != GIT_ITEROVER) return GitError("cannot walk history from " + git::OidString(head));
  return ids;
}

/// FirstParentRange in a shallow clone: git's answer inside the clone, or
/// nullopt when the chain from `head` leaves the clone before meeting `base`.
Result<std::optional<std::vector<git_oid>>> FirstParentsInShallowClone(
    git_repository* repo, const git_oid& head, const std::optional<git_oid>& base) {
  git::OidSet excluded;
  if (base) {
    auto ancestors = git::AncestorsInClone(repo, {*base});
    if (!ancestors) return ancestors.error();
    excluded = std::move(*ancestors);
  }
  return git::FirstParentsInClone(repo, head, excluded);
}

Result<std::vector<CommitInfo>> ToCommitInfos(git_repository* repo,
                                              const std::vector<git_oid>& ids) {
  std::vector<CommitInfo> infos;
  for (const git_oid& id : ids) {
    auto commit = git::LookupCommit(repo, id);
    if (!commit) return commit.error();
    infos.push_back(git::ToCommitInfo(commit->get()));
  }
  return infos;
}

/// What a tree holds at a path: enough to tell whether a commit changed it.
struct PathState {
  git_oid id;
  git_filemode_t mode;

  bool operator==(const PathState& other) const {
    return git_oid_equal(&id, &other.id) && mode == other.mode;
  }
};

Result<std::optional<PathState>> StateAt(const git_tree* tree, const std::string& path) {
  std::optional<PathState> state;
  if (!tree) return state;
  git::TreeEntryHandle entry;
  int code = Acquire(entry, git_tree_entry_bypath, tree, path.c_str());
  if (code == GIT_ENOTFOUND) {
    git_error_clear();
    return state;
  }
  if (code < 0) return GitError("cannot read " + path);
  state = PathState{*git_tree_entry_id(entry.get()), git_tree_entry_filemode(entry.get())};
  return state;
}

/// The path that `path` of `after` was renamed from in `before`, if any.
Result<std::optional<std::string>> RenamedFrom(git_repository* repo, git_tree* before,
                                               git_tree* after, const std::string& path) {
  git::DiffHandle diff;
  if (Acquire(diff, git_diff_tree_to_tree, repo, before, after, nullptr) < 0) {
    return GitError("cannot compare trees");
  }
  if (auto renamed = git::DetectRenames(diff.get(), false); !renamed) return renamed.error();
  std::optional<std::string> origin;
  for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    if (delta->status == GIT_DELTA_RENAMED && path == delta->new_file.path) {
      origin = delta->old_file.path;
    }
  }
  return origin;
}

/// Whether `commit` changed `*path` from its `parent` (null for a root
/// commit). When it added `*path` by renaming another file, `*path` becomes
/// that file's name, so that older commits are searched for it.
Result<bool> Touches(git_repository* repo, const git_commit* commit, const git_commit* parent,
                     std::string* path) {
  auto tree = git::CommitTree(commit);
  if (!tree) return tree.error();
  git::TreeHandle parent_tree;
  if (parent) {
    auto found = git::CommitTree(parent);
    if (!found) return found.error();
    parent_tree = std::move(*found);
  }
  auto now = StateAt(tree->get(), *path);
  if (!now) return now.error();
  auto before = StateAt(parent_tree.get(), *path);
  if (!before) return before.error();
  if (*now == *before) return false;
  if (*now && !*before && parent) {
    auto origin = RenamedFrom(repo, parent_tree.get(), tree->get(), *path);
    if (!origin) return origin.error();
    if (*origin) *path = std::move(**origin);
  }
  return true;
}

/// Appends the tag `name` peeled to a commit, unless it names something else.
Status AppendTag(git_repository* repo, std::string_view name, std::vector<TagInfo>* tags) {
  std::string ref = "refs/tags/" + std::string(name);
  git::ReferenceHandle reference;
  if (Acquire(reference, git_reference_lookup, repo, ref.c_str()) < 0) {
    return GitError("cannot read tag " + std::string(name));
  }
  git::ObjectHandle target;
  int code = Acquire(target, git_reference_peel, reference.get(), GIT_OBJECT_COMMIT);
  if (code == GIT_EPEEL || code == GIT_ENOTFOUND || code == GIT_EINVALIDSPEC) {
    git_error_clear();
    return Ok{};
  }
  if (code < 0) return GitError("cannot peel tag " + std::string(name));
  auto commit = git::LookupCommit(repo, *git_object_id(target.get()));
  if (!commit) return commit.error();
  tags->push_back(TagInfo{std::string(name), git::OidString(*git_commit_id(commit->get())),
                          git_commit_time(commit->get())});
  return Ok{};
}

}  // namespace

Result<std::vector<CommitInfo>> GitRepository::FirstParentRange(std::string_view base,
                                                                std::string_view head) {
  auto head_id = git::ResolveCommitId(repo_.get(), head);
  if (!head_id) return head_id.error();
  std::optional<git_oid> base_id;
  if (!base.empty()) {
    auto found = git::ResolveCommitId(repo_.get(), base);
    if (!found) return found.error();
    base_id = *found;
  }
  if (!IsShallow()) {
    auto ids = WalkFirstParents(repo_.get(), *head_id, base_id);
    if (!ids) return ids.error();
    return ToCommitInfos(repo_.get(), *ids);
  }
  auto ids = FirstParentsInShallowClone(repo_.get(), *head_id, base_id);
  if (!ids) return ids.error();
  if (!*ids) {
    return git::UsageError(git::WithShallowAdvice(
        repo_.get(), "the first-parent history of '" + std::string(head) + "' leaves the clone" +
                         (base.empty() ? "" : " before reaching '" + std::string(base) + "'")));
  }
  return ToCommitInfos(repo_.get(), **ids);
}

Result<std::vector<CommitInfo>> GitRepository::PathHistory(std::string_view head,
                                                           std::string_view path, size_t limit) {
  auto commit = git::ResolveCommit(repo_.get(), head);
  if (!commit) return commit.error();
  git::CommitHandle current = std::move(*commit);
  std::string followed(path);
  std::vector<CommitInfo> history;
  while (current && history.size() < limit) {
    auto parent = git::FirstParent(repo_.get(), current.get());
    if (!parent) return parent.error();
    std::string path_here = followed;  // Touches moves `followed` to a rename's source
    auto touched = Touches(repo_.get(), current.get(), parent->get(), &followed);
    if (!touched) return touched.error();
    if (*touched) {
      history.push_back(git::ToCommitInfo(current.get()));
      history.back().path = path_here;
    }
    current = std::move(*parent);
  }
  return history;
}

Result<std::vector<TagInfo>> GitRepository::Tags() {
  git::StrArray names;
  if (git_tag_list(names.out(), repo_.get()) < 0) return GitError("cannot list tags");
  std::vector<TagInfo> tags;
  for (size_t i = 0; i < names.size(); ++i) {
    if (auto added = AppendTag(repo_.get(), names[i], &tags); !added) return added.error();
  }
  std::sort(tags.begin(), tags.end(),
            [](const TagInfo& a, const TagInfo& b) { return a.name < b.name; });
  return tags;
}

}  // namespace skewlint
