#pragma once

// The commit graph of a repository, read into memory as ancestry questions
// need it, with a generation number for each commit, so that "is A an
// ancestor of B" reads no object twice and walks only the commits between
// the two. libgit2 answers each such question with a merge-base walk that
// reads its commits again; a walk that asks it of every release tag at every
// step (ReleaseTags) read a long history thousands of times over.

#include <git2.h>

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace skewlint::git {

class CommitGraph {
 public:
  explicit CommitGraph(git_repository* repo) : repo_(repo) {}

  /// Whether `ancestor` is `descendant` or one of its ancestors; nullopt
  /// when a commit of either history cannot be read (a partial or broken
  /// repository), for the caller to ask libgit2.
  std::optional<bool> IsAncestor(const git_oid& ancestor, const git_oid& descendant);

  /// Commits read so far (for tests).
  size_t size() const { return nodes_.size(); }

 private:
  struct OidHash {
    size_t operator()(const git_oid& id) const {
      size_t h = 0;
      for (size_t i = 0; i < sizeof(h); ++i) h = (h << 8) | id.id[i];
      return h;
    }
  };
  struct OidEqual {
    bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
  };
  struct Node {
    std::vector<uint32_t> parents;
    /// 1 + the largest generation of its parents (1 for a root): an
    /// ancestor's is always smaller.
    uint32_t generation = 0;
  };

  /// The node of `id`, with every ancestor read and numbered; nullopt when
  /// one cannot be read.
  std::optional<uint32_t> Load(const git_oid& id);
  /// The node of `id`, read (its parents' ids noted, not read).
  std::optional<uint32_t> Read(const git_oid& id);

  git_repository* repo_;
  std::vector<Node> nodes_;
  std::vector<std::vector<git_oid>> unread_parents_;  // per node, until its parents are read
  std::unordered_map<git_oid, uint32_t, OidHash, OidEqual> index_;
  std::vector<uint32_t> seen_;  // per node, the query that last visited it
  std::vector<uint32_t> work_;
  uint32_t query_ = 0;
  bool broken_ = false;  // a commit could not be read: every answer is libgit2's
};

}  // namespace skewlint::git
