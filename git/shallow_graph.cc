#include "git/shallow_graph.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "git/lookup.h"

namespace skewlint::git {
namespace {

/// The commit `id`, or a null handle when the clone does not hold it.
Result<CommitHandle> CommitIfPresent(git_repository* repo, const git_oid& id) {
  CommitHandle commit;
  int code = Acquire(commit, git_commit_lookup, repo, &id);
  if (code == GIT_ENOTFOUND) git_error_clear();
  if (code < 0 && code != GIT_ENOTFOUND) return GitError("cannot read commit " + OidString(id));
  return commit;
}

/// The parents of `commit` that the clone holds.
std::vector<git_oid> ParentIds(const git_commit* commit) {
  std::vector<git_oid> parents;
  for (unsigned i = 0; i < git_commit_parentcount(commit); ++i) {
    parents.push_back(*git_commit_parent_id(commit, i));
  }
  return parents;
}

/// Of `common`, the commits that are not ancestors of another one.
Result<std::vector<git_oid>> BestOf(git_repository* repo, const OidSet& common) {
  std::vector<git_oid> parents;
  for (const git_oid& id : common) {
    auto commit = LookupCommit(repo, id);
    if (!commit) return commit.error();
    for (const git_oid& parent : ParentIds(commit->get())) parents.push_back(parent);
  }
  auto dominated = AncestorsInClone(repo, std::move(parents));
  if (!dominated) return dominated.error();
  std::vector<git_oid> best;
  for (const git_oid& id : common) {
    if (!dominated->contains(id)) best.push_back(id);
  }
  return best;
}

Result<int64_t> CommitTime(git_repository* repo, const git_oid& id) {
  auto commit = LookupCommit(repo, id);
  if (!commit) return commit.error();
  return static_cast<int64_t>(git_commit_time(commit->get()));
}

}  // namespace

Result<OidSet> AncestorsInClone(git_repository* repo, std::vector<git_oid> starts) {
  OidSet seen;
  std::vector<git_oid> pending = std::move(starts);
  while (!pending.empty()) {
    git_oid id = pending.back();
    pending.pop_back();
    if (seen.contains(id)) continue;
    auto commit = CommitIfPresent(repo, id);
    if (!commit) return commit.error();
    if (!*commit) continue;
    seen.insert(id);
    for (const git_oid& parent : ParentIds(commit->get())) pending.push_back(parent);
  }
  return seen;
}

Result<std::optional<git_oid>> MergeBaseInClone(git_repository* repo, const git_oid& a,
                                                const git_oid& b) {
  auto left = AncestorsInClone(repo, {a});
  if (!left) return left.error();
  auto right = AncestorsInClone(repo, {b});
  if (!right) return right.error();
  OidSet common;
  std::set_intersection(left->begin(), left->end(), right->begin(), right->end(),
                        std::inserter(common, common.end()), OidLess());
  auto best = BestOf(repo, common);
  if (!best) return best.error();
  std::optional<git_oid> newest;
  int64_t newest_time = 0;
  for (const git_oid& id : *best) {
    auto time = CommitTime(repo, id);
    if (!time) return time.error();
    if (!newest || *time > newest_time) {
      newest = id;
      newest_time = *time;
    }
  }
  return newest;
}

Result<std::optional<std::vector<git_oid>>> FirstParentsInClone(git_repository* repo,
                                                                const git_oid& head,
                                                                const OidSet& excluded) {
  std::vector<git_oid> chain;
  auto commit = CommitIfPresent(repo, head);
  for (;;) {
    if (!commit) return commit.error();
    if (!*commit) return std::optional<std::vector<git_oid>>();
    const git_oid id = *git_commit_id(commit->get());
    if (excluded.contains(id)) break;
    chain.push_back(id);
    if (git_commit_parentcount(commit->get()) == 0) break;
    commit = CommitIfPresent(repo, *git_commit_parent_id(commit->get(), 0));
  }
  std::reverse(chain.begin(), chain.end());
  return std::optional<std::vector<git_oid>>(std::move(chain));
}

}  // namespace skewlint::git
