#pragma once

#include <optional>
#include <string>

#include "git/handles.h"

namespace skewlint::git {

/// The upstream of the checked-out branch as a short revision ("origin/main",
/// or "main" for a local upstream); nullopt when HEAD is detached, no upstream
/// is configured, or its ref does not exist. Reads branch.NAME.remote/merge
/// and maps the merge ref through the remote's fetch refspecs here, because
/// libgit2 1.5's git_branch_upstream leaks memory (libgit2 pull request 6382).
std::optional<std::string> UpstreamOfHead(git_repository* repo);

}  // namespace skewlint::git
