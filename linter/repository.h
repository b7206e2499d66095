#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/result.h"

namespace skewlint {

/// Pseudo-revisions that name the index and the working tree, so that staged
/// and unstaged changes go through the same code as commits.
inline constexpr std::string_view kIndexRev = ":index";
inline constexpr std::string_view kWorktreeRev = ":worktree";

struct CommitInfo {
  std::string id;       ///< 40-hex object id
  std::string summary;  ///< first line of the message
  int64_t time = 0;     ///< committer time, seconds since the epoch
  std::vector<std::string> parents;
  std::string path;  ///< PathHistory: the followed path as this commit holds it
};

/// A file of a revision. `id` is the git blob id (40 hex), also for the
/// working tree, where it is the hash of the file as it is on disk; files with
/// the same id have the same content.
struct FileEntry {
  std::string path;  ///< repository-relative, '/' separators
  std::string id;
};

struct FileDelta {
  enum class Status { kAdded, kDeleted, kModified, kRenamed };
  Status status = Status::kModified;
  std::string old_path;  ///< empty when added
  std::string new_path;  ///< empty when deleted
  std::string old_id;
  std::string new_id;
};

/// Which commit last changed a file, and a line of it (Repository::Owners).
struct ChangeOwners {
  std::map<std::string, std::string> files;                  ///< path -> commit
  std::map<std::pair<std::string, int>, std::string> lines;  ///< (path, line) -> commit
};

struct TagInfo {
  std::string name;       ///< without refs/tags/
  std::string commit_id;  ///< peeled target
  int64_t time = 0;
};

/// Which paths a listing or diff keeps (configured globs), as a predicate.
using PathFilter = std::function<bool(std::string_view path)>;

/// Read access to a git repository. The only implementation that touches a
/// real repository lives in git/ (libgit2); tests may substitute fakes.
///
/// Revisions are any expression libgit2 accepts (`HEAD~2`, `origin/main`, a
/// SHA) plus kIndexRev and kWorktreeRev. Symlinks are never followed and
/// submodule entries (gitlinks) are never listed.
class Repository {
 public:
  virtual ~Repository() = default;

  /// Absolute path of the working directory, with a trailing '/'.
  virtual std::string Workdir() const = 0;
  virtual bool IsShallow() const = 0;

  /// Resolves `rev` to a commit id (40 hex), or returns kIndexRev /
  /// kWorktreeRev unchanged. A missing revision in a shallow clone says so
  /// and tells how to fetch full history.
  virtual Result<std::string> Resolve(std::string_view rev) = 0;
  virtual Result<std::string> MergeBase(std::string_view a, std::string_view b) = 0;
  virtual Result<CommitInfo> Commit(std::string_view id) = 0;
  /// First-parent commits reachable from `head` and not from `base`, oldest
  /// first (`base` itself excluded).
  virtual Result<std::vector<CommitInfo>> FirstParentRange(std::string_view base,
                                                           std::string_view head) = 0;
  /// Every regular file of `rev` that `keep` accepts, sorted by path.
  virtual Result<std::vector<FileEntry>> ListFiles(std::string_view rev,
                                                   const PathFilter& keep) = 0;
  /// Files that differ between two revisions (renames detected), sorted by
  /// the new path (old path for deletions). A delta is kept when `keep`
  /// accepts its old or its new path.
  virtual Result<std::vector<FileDelta>> Diff(std::string_view from, std::string_view to,
                                              const PathFilter& keep) = 0;
  /// Diff of each step of `revs`, revs[i - 1] to revs[i], all commits ("" is
  /// the empty tree). Unlike every other call, it may run on another thread
  /// while the others run: an implementation keeps its own handles for it.
  virtual std::vector<Result<std::vector<FileDelta>>> DiffCommits(
      const std::vector<std::string>& revs, const PathFilter& keep) = 0;
  /// The content of a file listed by ListFiles or Diff. For the working tree
  /// this reads the file (never through a symlink); otherwise the blob.
  virtual Result<std::string> Read(std::string_view rev, const FileEntry& file) = 0;
  /// Read of each file, in order; an implementation may read them on
  /// several threads.
  virtual std::vector<Result<std::string>> ReadAll(std::string_view rev,
                                                   const std::vector<FileEntry>& files) {
    std::vector<Result<std::string>> out;
    out.reserve(files.size());
    for (const auto& file : files) out.push_back(Read(rev, file));
    return out;
  }
  /// ReadAll of commit files from another thread, while this one goes on
  /// with the other calls: an implementation reads with handles of its own.
  /// Calls must not overlap one another.
  virtual std::vector<Result<std::string>> ReadAllAside(std::string_view rev,
                                                        const std::vector<FileEntry>& files) = 0;
  /// For each file, in order: true when `.gitattributes` at `rev` (the
  /// commit's, the index's, or the working tree's) gives it a `filter`
  /// (git-crypt and other clean/smudge filters), `-diff` or `binary`: its
  /// bytes are not text a reader could judge. All false by default.
  virtual std::vector<bool> NotText(std::string_view rev, const std::vector<FileEntry>& files) {
    (void)rev;
    return std::vector<bool>(files.size(), false);
  }
  /// The file at `path` in commit `rev`, or nullopt when absent.
  virtual Result<std::optional<FileEntry>> FileAt(std::string_view rev, std::string_view path) = 0;
  /// First-parent history of `head`, newest first: the commits (at most
  /// `limit`) whose change touched `path`, following renames.
  virtual Result<std::vector<CommitInfo>> PathHistory(std::string_view head, std::string_view path,
                                                      size_t limit) = 0;
  /// Every tag that points (after peeling) at a commit, sorted by name.
  virtual Result<std::vector<TagInfo>> Tags() = 0;
  /// True when `ancestor` is `descendant` or one of its ancestors.
  virtual Result<bool> IsAncestor(std::string_view ancestor, std::string_view descendant) = 0;
  /// `origin/HEAD`, `origin/main`, `main`, `origin/master`, `master`: the
  /// first that resolves, or nullopt. Never the current branch's upstream.
  virtual std::optional<std::string> DefaultBase() = 0;
  /// Which commit of `chain` (a first-parent chain, oldest first, as
  /// FirstParentRange gives it) last changed each file of `lines`, and each
  /// of its lines (1-based, numbered as at `head`). `head` is the chain's
  /// newest commit or a commit made on top of it (a synthetic merge), whose
  /// own changes belong to no commit of the chain. What no commit of the
  /// chain changed, or what cannot be told (a shallow clone cut inside the
  /// chain), is left out; renames are not followed. Empty by default.
  virtual ChangeOwners Owners(std::string_view head, const std::vector<CommitInfo>& chain,
                              const std::map<std::string, std::set<int>>& lines) {
    (void)head, (void)chain, (void)lines;
    return {};
  }
  /// The URL of remote `name` as configured, or nullopt.
  virtual std::optional<std::string> RemoteUrl(std::string_view name) {
    (void)name;
    return std::nullopt;
  }
};

}  // namespace skewlint
