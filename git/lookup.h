#pragma once

// Revision and object lookups shared by the GitRepository methods.

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "git/handles.h"
#include "linter/repository.h"

namespace skewlint::git {

/// What a shallow clone must do to see the history it lacks.
inline constexpr std::string_view kFetchFullHistory =
    "the repository is a shallow clone; fetch full history (actions/checkout with "
    "fetch-depth: 0, or git fetch --unshallow)";

/// True for kIndexRev and kWorktreeRev.
bool IsPseudoRevision(std::string_view rev);

/// `message`, followed by ": " and kFetchFullHistory when `repo` is shallow.
std::string WithShallowAdvice(git_repository* repo, std::string message);

std::string OidString(const git_oid& id);
/// Parses a 40-hex object id; the error carries `where`.
Result<git_oid> ParseOid(std::string_view hex, const Location& where = {});

/// Resolves a revision expression to the commit it names (tags and other
/// objects peeled). Pseudo-revisions are errors here.
Result<git_oid> ResolveCommitId(git_repository* repo, std::string_view rev);
Result<CommitHandle> ResolveCommit(git_repository* repo, std::string_view rev);
Result<CommitHandle> LookupCommit(git_repository* repo, const git_oid& id);
Result<TreeHandle> CommitTree(const git_commit* commit);
/// The first parent of `commit`; a null handle for a root commit. A parent
/// missing from a shallow clone is an error that says how to fetch it.
Result<CommitHandle> FirstParent(git_repository* repo, const git_commit* commit);

CommitInfo ToCommitInfo(git_commit* commit);

/// The repository's index, reloaded from disk so that staging done since the
/// last call is seen.
Result<IndexHandle> FreshIndex(git_repository* repo);

/// Pairs deletions with additions as renames (libgit2's default similarity).
/// `untracked` also considers untracked working-tree files as rename targets.
Status DetectRenames(git_diff* diff, bool untracked);

/// Whether `entry` is a stage-0 regular file that is not merely
/// intent-to-add: what the index would commit.
bool IsStagedEntry(const git_index_entry& entry);
/// Whether the index holds `path` as such an entry.
bool IsStaged(git_index* index, const char* path);

/// Diff options that skip submodules; the rest is libgit2's default.
git_diff_options DiffOptions();

/// Raw tree objects kept between consecutive commit diffs (git/diff.cc).
std::shared_ptr<RawTrees> NewRawTrees(git_repository* repo);
/// The files that differ between commits `from` and `to` ("" for none yet),
/// walking only the subtrees whose id changed and, when `descend` is set,
/// that it keeps (folders as "a/b/"); renames are not paired (a deletion and
/// an addition). Consecutive calls share `trees`.
Result<std::vector<FileDelta>> RawCommitDiff(git_repository* repo, RawTrees& trees,
                                             std::string_view from, std::string_view to,
                                             const PathFilter& keep,
                                             const PathFilter& descend = nullptr);

/// What commit diffs and attribute lookups learnt of root trees'
/// `.gitattributes` files, shared by a repository's handles (so guarded):
/// whether a root tree holds one anywhere, and pairs of root trees between
/// which none was added, changed or removed (so both hold the same ones).
/// A per-commit walk then looks for them once, in its base, not in every
/// commit. Bounded: the oldest trees are forgotten first.
class AttributeFacts {
 public:
  using Id = std::array<unsigned char, 20>;  ///< a raw object id

  /// No `.gitattributes` differs between root trees `from` and `to`.
  void Same(const unsigned char* from, const unsigned char* to);
  void Known(const unsigned char* root, bool any);
  /// Whether `root` holds a `.gitattributes` anywhere, when known.
  std::optional<bool> Lookup(const unsigned char* root);
  /// A tree could not be looked at whole (too many folders, or unreadable):
  /// no other is tried.
  void set_too_large() { too_large_ = true; }
  bool too_large() const { return too_large_; }

 private:
  struct IdHash {
    size_t operator()(const Id& id) const noexcept {
      size_t h;
      std::memcpy(&h, id.data(), sizeof h);  // object ids are uniform
      return h;
    }
  };
  static constexpr size_t kMaxTrees = 4096;
  static constexpr size_t kMaxHops = 1024;
  std::mutex mutex_;
  /// Adds to a map bounded by kMaxTrees, forgetting its oldest entry.
  template <typename Map, typename Value>
  static void Put(Map& map, std::deque<Id>& order, const Id& key, Value value) {
    if (map.insert_or_assign(key, value).second) order.push_back(key);
    while (order.size() > kMaxTrees) {
      map.erase(order.front());
      order.pop_front();
    }
  }
  std::unordered_map<Id, Id, IdHash> same_;  ///< root tree -> one with the same
  std::unordered_map<Id, bool, IdHash> known_;
  std::deque<Id> same_order_, known_order_;  ///< keys, oldest first
  std::atomic<bool> too_large_ = false;
};

/// Whether the tree of commit `rev` holds a `.gitattributes` file in a
/// folder on the way to any of `paths` (the root included), from raw tree
/// objects; nullopt when they cannot be read. A root tree whose answer
/// `facts` knows is not read; otherwise, when the paths hold none, the whole
/// tree is looked at once (if it is not huge) and `facts` learns the answer.
std::optional<bool> AttributesOnPaths(git_repository* repo, RawTrees& trees, AttributeFacts& facts,
                                      std::string_view rev, const std::vector<std::string>& paths);

/// Regular and executable files: not trees, symlinks or gitlinks.
bool IsRegularFileMode(uint32_t mode);
/// `keep(path)`, where an empty filter keeps everything.
bool Keeps(const PathFilter& keep, std::string_view path);

}  // namespace skewlint::git
