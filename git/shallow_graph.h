#pragma once

// Commit-graph queries for shallow clones. libgit2 1.5 does not read
// .git/shallow, so its walks and merge bases fail at the clone's boundary even
// when the answer lies inside it. These do what git does there: a parent the
// clone lacks is treated as absent.

#include <optional>
#include <set>
#include <vector>

#include "git/handles.h"

namespace skewlint::git {

struct OidLess {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_cmp(&a, &b) < 0; }
};
using OidSet = std::set<git_oid, OidLess>;

/// `starts` and all their ancestors that the clone holds.
Result<OidSet> AncestorsInClone(git_repository* repo, std::vector<git_oid> starts);

/// The best common ancestor of `a` and `b` inside the clone (the newest when
/// there are several); nullopt when they share none.
Result<std::optional<git_oid>> MergeBaseInClone(git_repository* repo, const git_oid& a,
                                                const git_oid& b);

/// The first-parent chain from `head`, oldest first, down to (not including)
/// the first commit in `excluded` or to a root commit; nullopt when the chain
/// runs into the clone's boundary first.
Result<std::optional<std::vector<git_oid>>> FirstParentsInClone(git_repository* repo,
                                                                const git_oid& head,
                                                                const OidSet& excluded);

}  // namespace skewlint::git
