#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/repository.h"
#include "linter/result.h"

// libgit2's repository type, opaque here so that <git2.h> stays inside git/.
struct git_repository;

namespace skewlint {
namespace git {
class RawTrees;        // git/diff.cc
class AttributeFacts;  // git/diff.cc
class CommitGraph;     // git/commit_graph.h
}  // namespace git

/// Opens the repository that contains `start_dir` (any directory inside its
/// working tree, or its .git directory), searching upwards like git does.
/// Errors (exit code kUsage): "no such directory: DIR" and
/// "not a git repository: DIR".
Result<std::unique_ptr<Repository>> OpenRepository(std::string_view start_dir);

/// Repository implemented with libgit2. Besides the contract of Repository:
///
/// - Revision errors: "unknown revision 'X'", "ambiguous revision 'X'",
///   "revision 'X' is not a commit", "the repository has no commits yet",
///   "the current branch has no commits yet" (unborn HEAD); in a
///   shallow clone a missing revision or merge base adds how to fetch full
///   history.
/// - Where a commit is needed (MergeBase, Commit, FirstParentRange,
///   PathHistory, IsAncestor), kIndexRev and kWorktreeRev are errors.
/// - FirstParentRange with an empty `base` walks the whole first-parent chain.
/// - ListFiles, FileAt and Read accept commits, kIndexRev and kWorktreeRev.
///   The index omits intent-to-add entries and unmerged stages; the working
///   tree is the tracked paths plus untracked, non-ignored files, each as it
///   is on disk, reached without following any symlink.
/// - Diff compares a commit or the index with a later side: commit -> commit,
///   commit -> kIndexRev, commit or kIndexRev -> kWorktreeRev. A revision
///   compared with itself gives no deltas; the working tree as the old side
///   is an error.
/// - An empty PathFilter keeps every path.
/// - In a shallow clone, MergeBase, IsAncestor and FirstParentRange answer as
///   git does there (a parent the clone lacks counts as absent); when the
///   answer needs history the clone lacks (no merge base, a range or
///   PathHistory running past the boundary) the error says how to fetch it.
class GitRepository final : public Repository {
 public:
  /// Frees the libgit2 handle; defined in git/, where <git2.h> is visible.
  struct Free {
    void operator()(git_repository* repo) const noexcept;
  };
  using Handle = std::unique_ptr<git_repository, Free>;

  explicit GitRepository(Handle repo);

  std::string Workdir() const override;
  bool IsShallow() const override;
  Result<std::string> Resolve(std::string_view rev) override;
  Result<std::string> MergeBase(std::string_view a, std::string_view b) override;
  Result<CommitInfo> Commit(std::string_view id) override;
  Result<std::vector<CommitInfo>> FirstParentRange(std::string_view base,
                                                   std::string_view head) override;
  Result<std::vector<FileEntry>> ListFiles(std::string_view rev, const PathFilter& keep) override;
  Result<std::vector<FileDelta>> Diff(std::string_view from, std::string_view to,
                                      const PathFilter& keep) override;
  std::vector<Result<std::vector<FileDelta>>> DiffCommits(const std::vector<std::string>& revs,
                                                          const PathFilter& keep) override;
  Result<std::string> Read(std::string_view rev, const FileEntry& file) override;
  std::vector<bool> NotText(std::string_view rev, const std::vector<FileEntry>& files) override;
  /// Blobs are read on every core, each thread with its own handle of the
  /// repository (libgit2 objects serve one thread at a time).
  std::vector<Result<std::string>> ReadAll(std::string_view rev,
                                           const std::vector<FileEntry>& files) override;
  /// With a second handle of the repository, kept for these calls.
  std::vector<Result<std::string>> ReadAllAside(std::string_view rev,
                                                const std::vector<FileEntry>& files) override;
  Result<std::optional<FileEntry>> FileAt(std::string_view rev, std::string_view path) override;
  Result<std::vector<CommitInfo>> PathHistory(std::string_view head, std::string_view path,
                                              size_t limit) override;
  Result<std::vector<TagInfo>> Tags() override;
  Result<bool> IsAncestor(std::string_view ancestor, std::string_view descendant) override;
  std::optional<std::string> DefaultBase() override;
  std::optional<std::string> RemoteUrl(std::string_view name) override;
  ChangeOwners Owners(std::string_view head, const std::vector<CommitInfo>& chain,
                      const std::map<std::string, std::set<int>>& lines) override;

 private:
  /// Whether attributes may come from outside a commit's tree: the
  /// repository's info/attributes, core.attributesFile, or the user's
  /// attributes file. Read once.
  bool OutsideAttributes();

  Handle repo_;
  std::string workdir_;                       ///< empty for a bare repository
  std::shared_ptr<git::RawTrees> raw_trees_;  ///< trees the last diffs read
  /// Whether attributes may come from outside a commit's tree (NotText).
  std::optional<bool> outside_attributes_;
  std::shared_ptr<git::RawTrees> attribute_trees_;  ///< trees NotText last read
  /// A second handle with an empty index, for a commit's attributes: libgit2
  /// reads the index's beside the commit's, and the checked-out index's
  /// would apply to every commit of a walk. Opened on first use.
  Handle commit_attributes_;
  Handle aside_;  ///< ReadAllAside's handle, used on its thread only
  /// What diffs and NotText learnt of root trees' `.gitattributes` (shared
  /// with DiffCommits' thread).
  std::shared_ptr<git::AttributeFacts> attribute_facts_;
  /// The commits IsAncestor has read, with their generations.
  std::unique_ptr<git::CommitGraph> commit_graph_;
};

}  // namespace skewlint
