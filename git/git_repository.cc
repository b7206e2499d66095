#include "git/git_repository.h"

#include <git2/sys/repository.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <utility>

#include "git/commit_graph.h"
#include "git/handles.h"
#include "git/lookup.h"
#include "git/shallow_graph.h"

namespace skewlint {
namespace {

using git::Acquire;
using git::GitError;
using git::UsageError;

/// Initialises libgit2 once per process and shuts it down at exit.
class LibGit2 {
 public:
  LibGit2() {
    git_libgit2_init();
    // skewlint only reads objects git itself wrote; re-hashing each one on
    // read costs about a tenth of a check.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // libgit2 caches no tree over 4 KiB, yet a diff walks the same large
    // trees (a cluster folder of hundreds of files) once per commit.
    // Each commit's diff reads the trees the previous one read: a small
    // cache is enough, and its bound keeps memory flat over long ranges.
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, size_t{1} << 20);
    // Commits stay cached: the history rules walk the same commits back at
    // every step (without them, a real operator history took twice as
    // long), though a long walk fills the cache with them (6 MiB).
    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, ssize_t{8} << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, size_t{8} << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, size_t{24} << 20);
  }
  ~LibGit2() { git_libgit2_shutdown(); }
  LibGit2(const LibGit2&) = delete;
  LibGit2& operator=(const LibGit2&) = delete;
};

void EnsureLibGit2() { static const LibGit2 library; }

Error OpenError(int code, const std::string& dir) {
  if (code == GIT_ENOTFOUND) {
    git_error_clear();
    return UsageError("not a git repository: " + dir);
  }
  if (code == GIT_EOWNER) {
    Error error = GitError("cannot open " + dir);
    error.message += " (if you trust it: git config --global --add safe.directory " + dir + ")";
    return error;
  }
  return GitError("cannot open repository " + dir);
}

Result<std::optional<git_oid>> LibGit2MergeBase(git_repository* repo, const git_oid& a,
                                                const git_oid& b) {
  git_oid base;
  int code = git_merge_base(&base, repo, &a, &b);
  if (code == GIT_ENOTFOUND) {
    git_error_clear();
    return std::optional<git_oid>();
  }
  if (code < 0) return GitError("cannot compute a merge base");
  return std::optional<git_oid>(base);
}

}  // namespace

void GitRepository::Free::operator()(git_repository* repo) const noexcept {
  git_repository_free(repo);
}

// Inside a hook of `git commit -a` or `git commit PATH`, git stages into a
// temporary index named by GIT_INDEX_FILE: that is what `:index` must read.
static Status UseIndexFileFromEnvironment(git_repository* repo) {
  const char* path = std::getenv("GIT_INDEX_FILE");
  if (!path || !*path) return Ok{};
  git_index* raw = nullptr;
  if (git_index_open(&raw, path) < 0)
    return GitError("cannot open GIT_INDEX_FILE " + std::string(path));
  int code = git_repository_set_index(repo, raw);
  git_index_free(raw);  // the repository holds its own reference
  if (code < 0) return GitError("cannot use GIT_INDEX_FILE " + std::string(path));
  return Ok{};
}

Result<std::unique_ptr<Repository>> OpenRepository(std::string_view start_dir) {
  EnsureLibGit2();
  std::string dir = start_dir.empty() ? "." : std::string(start_dir);
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return UsageError("no such directory: " + dir);
  GitRepository::Handle repo;
  int code = Acquire(repo, git_repository_open_ext, dir.c_str(), 0u, nullptr);
  if (code < 0) return OpenError(code, dir);
  Status index = UseIndexFileFromEnvironment(repo.get());
  if (!index.ok()) return index.error();
  return std::unique_ptr<Repository>(std::make_unique<GitRepository>(std::move(repo)));
}

GitRepository::GitRepository(Handle repo)
    : repo_(std::move(repo)), attribute_facts_(std::make_shared<git::AttributeFacts>()) {
  const char* workdir = git_repository_workdir(repo_.get());
  if (workdir) workdir_ = workdir;
  if (!workdir_.empty() && workdir_.back() != '/') workdir_ += '/';
}

std::string GitRepository::Workdir() const { return workdir_; }

bool GitRepository::IsShallow() const { return git_repository_is_shallow(repo_.get()) == 1; }

Result<std::string> GitRepository::Resolve(std::string_view rev) {
  if (git::IsPseudoRevision(rev)) return std::string(rev);
  auto id = git::ResolveCommitId(repo_.get(), rev);
  if (!id) return id.error();
  return git::OidString(*id);
}

Result<std::string> GitRepository::MergeBase(std::string_view a, std::string_view b) {
  auto a_id = git::ResolveCommitId(repo_.get(), a);
  if (!a_id) return a_id.error();
  auto b_id = git::ResolveCommitId(repo_.get(), b);
  if (!b_id) return b_id.error();
  auto base = IsShallow() ? git::MergeBaseInClone(repo_.get(), *a_id, *b_id)
                          : LibGit2MergeBase(repo_.get(), *a_id, *b_id);
  if (!base) return base.error();
  if (!*base) {
    return UsageError(git::WithShallowAdvice(
        repo_.get(),
        "no merge base between '" + std::string(a) + "' and '" + std::string(b) + "'"));
  }
  return git::OidString(**base);
}

Result<CommitInfo> GitRepository::Commit(std::string_view id) {
  auto commit = git::ResolveCommit(repo_.get(), id);
  if (!commit) return commit.error();
  return git::ToCommitInfo(commit->get());
}

Result<bool> GitRepository::IsAncestor(std::string_view ancestor, std::string_view descendant) {
  auto ancestor_id = git::ResolveCommitId(repo_.get(), ancestor);
  if (!ancestor_id) return ancestor_id.error();
  auto descendant_id = git::ResolveCommitId(repo_.get(), descendant);
  if (!descendant_id) return descendant_id.error();
  if (git_oid_equal(&*ancestor_id, &*descendant_id)) return true;
  if (IsShallow()) {
    auto ancestors = git::AncestorsInClone(repo_.get(), {*descendant_id});
    if (!ancestors) return ancestors.error();
    return ancestors->contains(*ancestor_id);
  }
  if (!commit_graph_) commit_graph_ = std::make_unique<git::CommitGraph>(repo_.get());
  if (std::optional<bool> known = commit_graph_->IsAncestor(*ancestor_id, *descendant_id)) {
    return *known;
  }
  int code = git_graph_descendant_of(repo_.get(), &*descendant_id, &*ancestor_id);
  if (code < 0) {
    return GitError("cannot tell whether '" + std::string(ancestor) + "' is an ancestor of '" +
                    std::string(descendant) + "'");
  }
  return code == 1;
}

std::optional<std::string> GitRepository::DefaultBase() {
  // Never the branch's own upstream: that is where it is pushed, not what
  // it merges into.
  for (const char* candidate : {"origin/HEAD", "origin/main", "main", "origin/master", "master"}) {
    if (git::ResolveCommitId(repo_.get(), candidate)) return std::string(candidate);
  }
  git_error_clear();
  return std::nullopt;
}

std::optional<std::string> GitRepository::RemoteUrl(std::string_view name) {
  // Read from the config, not git_remote_lookup: the lookup matches
  // `remote.*` keys with PCRE2 and leaks its match data in the libgit2 that
  // Debian ships (LeakSanitizer sees it in every run with a remote).
  git_config* config = nullptr;
  if (git_repository_config_snapshot(&config, repo_.get()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  std::string key = "remote." + std::string(name) + ".url";
  const char* url = nullptr;
  std::optional<std::string> out;
  if (git_config_get_string(&url, config, key.c_str()) == 0 && url) out = std::string(url);
  git_error_clear();
  git_config_free(config);
  return out;
}

}  // namespace skewlint
