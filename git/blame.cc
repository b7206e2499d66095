#include <git2.h>

#include "git/git_repository.h"
#include "git/handles.h"
#include "git/lookup.h"

namespace skewlint {

std::vector<std::string> GitRepository::LineCommits(std::string_view rev, std::string_view path,
                                                    std::string_view oldest,
                                                    const std::vector<int>& lines) {
  // libgit2 1.5 does not stop at a shallow clone's boundary.
  if (IsShallow()) return {};
  auto newest_id = git::ResolveCommitId(repo_.get(), rev);
  auto oldest_id = git::ResolveCommitId(repo_.get(), oldest);
  if (!newest_id || !oldest_id) return {};
  git_blame_options options;
  if (git_blame_options_init(&options, GIT_BLAME_OPTIONS_VERSION) != 0) return {};
  options.newest_commit = *newest_id;
  options.oldest_commit = *oldest_id;
  git_blame* blame = nullptr;
  if (git_blame_file(&blame, repo_.get(), std::string(path).c_str(), &options) != 0) return {};
  std::vector<std::string> out;
  for (int line : lines) {
    const git_blame_hunk* hunk =
        line > 0 ? git_blame_get_hunk_byline(blame, static_cast<size_t>(line)) : nullptr;
    out.push_back(hunk && !hunk->boundary ? git::OidString(hunk->final_commit_id) : "");
  }
  git_blame_free(blame);
  return out;
}

}  // namespace skewlint
