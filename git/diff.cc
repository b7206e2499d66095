#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "git/git_repository.h"
#include "git/handles.h"
#include "git/lookup.h"
#include "git/worktree_file.h"

namespace skewlint {
namespace {

using git::Acquire;
using git::GitError;
using git::IsRegularFileMode;

/// The kinds of diff side, in the order in which they can be compared.
enum class Side { kCommit, kIndex, kWorktree };

Side SideOf(std::string_view rev) {
  if (rev == kIndexRev) return Side::kIndex;
  if (rev == kWorktreeRev) return Side::kWorktree;
  return Side::kCommit;
}

/// What converting a libgit2 delta needs to know about the two sides.
struct Sides {
  Side from;
  Side to;
  git_index* index;  ///< reloaded index; null when neither side needs it
  const std::string& workdir;
};

Result<git::TreeHandle> TreeOf(git_repository* repo, std::string_view rev) {
  if (rev.empty()) return git::TreeHandle{};  // no commit yet: the empty tree
  auto commit = git::ResolveCommit(repo, rev);
  if (!commit) return commit.error();
  return git::CommitTree(commit->get());
}

/// The id of the tree of commit `rev`; none for "" (no commit yet).
///
/// A walk asks for each commit's tree about three times (the diff to it,
/// the diff from it, its attributes), and libgit2 caches no commit: the
/// last few full commit ids' trees are kept, per thread. A full id names
/// the same commit, so the same tree, in every repository that holds it.
Result<std::optional<git_oid>> TreeIdOf(git_repository* repo, std::string_view rev) {
  if (rev.empty()) return std::optional<git_oid>();
  struct Known {
    std::string rev;
    git_oid tree;
  };
  constexpr size_t kKept = 8;
  thread_local std::array<Known, kKept> known;
  thread_local size_t next = 0;
  bool full_id = rev.size() == GIT_OID_HEXSZ;
  if (full_id) {
    for (const Known& k : known) {
      if (k.rev == rev) return std::optional<git_oid>(k.tree);
    }
  }
  auto commit = git::ResolveCommit(repo, rev);
  if (!commit) return commit.error();
  git_oid tree = *git_commit_tree_id(commit->get());
  // Only an id that names the commit itself (not a branch or tag of 40 hex
  // characters) is kept.
  if (full_id && git::OidString(*git_commit_id(commit->get())) == rev) {
    known[next] = Known{std::string(rev), tree};
    next = (next + 1) % kKept;
  }
  return std::optional<git_oid>(tree);
}

/// The libgit2 diff from a commit or the index to a later side.
Result<git::DiffHandle> MakeDiff(git_repository* repo, std::string_view from, std::string_view to,
                                 const Sides& sides) {
  git_diff_options options = git::DiffOptions();
  if (sides.to == Side::kWorktree) {
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
  }
  git::TreeHandle old_tree;
  if (sides.from == Side::kCommit) {
    auto tree = TreeOf(repo, from);
    if (!tree) return tree.error();
    old_tree = std::move(*tree);
  }
  git::DiffHandle diff;
  int code = 0;
  if (sides.to == Side::kCommit) {
    auto new_tree = TreeOf(repo, to);
    if (!new_tree) return new_tree.error();
    code = Acquire(diff, git_diff_tree_to_tree, repo, old_tree.get(), new_tree->get(), &options);
  } else if (sides.to == Side::kIndex) {
    code = Acquire(diff, git_diff_tree_to_index, repo, old_tree.get(), sides.index, &options);
  } else if (sides.from == Side::kCommit) {
    code = Acquire(diff, git_diff_tree_to_workdir_with_index, repo, old_tree.get(), &options);
  } else {
    code = Acquire(diff, git_diff_index_to_workdir, repo, sides.index, &options);
  }
  if (code < 0) return GitError("cannot compare " + std::string(from) + " with " + std::string(to));
  return diff;
}

/// Whether `file` exists as a regular file on its side, as ListFiles would
/// list it. Working-tree files are checked on disk by the caller.
bool ListedOn(Side side, const git_diff_file& file, git_index* index) {
  if (!git::IsRegularFileMode(file.mode)) return false;
  return side != Side::kIndex || git::IsStaged(index, file.path);
}

bool HasOldSide(const git_diff_delta& delta, const Sides& sides) {
  switch (delta.status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_UNTRACKED:
    case GIT_DELTA_IGNORED:
    case GIT_DELTA_UNMODIFIED:
      return false;
    default:
      return ListedOn(sides.from, delta.old_file, sides.index);
  }
}

/// The id of the new side of `delta`; empty when ListFiles would not list
/// it. Working-tree files are hashed from disk, since libgit2 may leave their
/// id unset.
Result<std::string> NewId(const git_diff_delta& delta, const Sides& sides) {
  switch (delta.status) {
    case GIT_DELTA_DELETED:
    case GIT_DELTA_IGNORED:
    case GIT_DELTA_UNREADABLE:
    case GIT_DELTA_UNMODIFIED:
      return std::string();
    default:
      break;
  }
  if (sides.to == Side::kWorktree) {
    auto id = git::WorktreeBlobId(sides.workdir, delta.new_file.path);
    if (!id) return id.error();
    return id->value_or("");
  }
  if (!ListedOn(sides.to, delta.new_file, sides.index)) return std::string();
  return git::OidString(delta.new_file.id);
}

FileDelta::Status StatusOf(const FileDelta& delta) {
  if (delta.old_path.empty()) return FileDelta::Status::kAdded;
  if (delta.new_path.empty()) return FileDelta::Status::kDeleted;
  if (delta.old_path != delta.new_path) return FileDelta::Status::kRenamed;
  return FileDelta::Status::kModified;
}

/// Appends `delta` seen through the contract: only files that ListFiles
/// lists on either side, and nothing when neither content nor mode changed.
Status AppendFileDelta(const git_diff_delta& delta, const Sides& sides,
                       std::vector<FileDelta>* deltas) {
  auto new_id = NewId(delta, sides);
  if (!new_id) return new_id.error();
  FileDelta out;
  if (HasOldSide(delta, sides)) {
    out.old_path = delta.old_file.path;
    out.old_id = git::OidString(delta.old_file.id);
  }
  if (!new_id->empty()) {
    out.new_path = delta.new_file.path;
    out.new_id = std::move(*new_id);
  }
  bool unchanged = out.old_path == out.new_path && out.old_id == out.new_id &&
                   delta.old_file.mode == delta.new_file.mode;
  if ((out.old_path.empty() && out.new_path.empty()) || unchanged) return Ok{};
  out.status = StatusOf(out);
  deltas->push_back(std::move(out));
  return Ok{};
}

/// One entry of a raw tree object: "<octal mode> <name>\0<20-byte id>".
struct RawEntry {
  uint32_t mode = 0;  ///< normalised as libgit2 does
  std::string_view name;
  const unsigned char* id = nullptr;

  bool IsTree() const { return mode == GIT_FILEMODE_TREE; }
};

/// libgit2's normalize_filemode: what git_tree_entry_filemode reports.
uint32_t NormalizedMode(uint32_t mode) {
  if ((mode & 0170000) == GIT_FILEMODE_TREE) return GIT_FILEMODE_TREE;
  if ((mode & 0111) != 0) return GIT_FILEMODE_BLOB_EXECUTABLE;
  if ((mode & 0170000) == GIT_FILEMODE_COMMIT) return GIT_FILEMODE_COMMIT;
  if ((mode & 0170000) == GIT_FILEMODE_LINK) return GIT_FILEMODE_LINK;
  return GIT_FILEMODE_BLOB;
}

/// Reads the entry at `p`, moving past it; false at the end or on a
/// malformed tree (`bad` set).
bool NextEntry(const char*& p, const char* end, RawEntry& out, bool& bad) {
  if (p >= end) return false;
  uint32_t mode = 0;
  const char* q = p;
  for (; q < end && *q >= '0' && *q <= '7'; ++q) mode = mode * 8 + static_cast<uint32_t>(*q - '0');
  if (q == p || q >= end || *q != ' ') return !(bad = true);
  const char* name = ++q;
  const char* nul =
      static_cast<const char*>(std::memchr(name, '\0', static_cast<size_t>(end - name)));
  if (!nul || nul == name || end - nul < 1 + GIT_OID_RAWSZ) return !(bad = true);
  out.mode = NormalizedMode(mode);
  out.name = std::string_view(name, static_cast<size_t>(nul - name));
  out.id = reinterpret_cast<const unsigned char*>(nul + 1);
  p = nul + 1 + GIT_OID_RAWSZ;
  return true;
}

/// Git's order of tree entries: by name, a tree's as if it ended in '/'.
int CompareEntries(const RawEntry& a, const RawEntry& b) {
  size_t n = std::min(a.name.size(), b.name.size());
  if (int c = std::memcmp(a.name.data(), b.name.data(), n); c != 0) return c;
  auto next = [n](const RawEntry& e) -> unsigned char {
    if (e.name.size() > n) return static_cast<unsigned char>(e.name[n]);
    return e.IsTree() ? '/' : '\0';
  };
  return static_cast<int>(next(a)) - static_cast<int>(next(b));
}

std::string OidHex(const unsigned char* id) {
  git_oid oid;
  git_oid_fromraw(&oid, id);
  return git::OidString(oid);
}

}  // namespace

namespace git {

/// Raw tree objects read by the last two commit diffs, by id: a commit's
/// diff reads, for its old side, the trees the diff before read for its new
/// side. Bounded by what two diffs read.
class RawTrees {
 public:
  explicit RawTrees(git_repository* repo) : repo_(repo) {}
  ~RawTrees() {
    if (odb_) git_odb_free(odb_);
  }
  RawTrees(const RawTrees&) = delete;
  RawTrees& operator=(const RawTrees&) = delete;

  void NextDiff() {
    last_ = std::move(now_);
    now_.clear();
  }

  /// The raw bytes of tree `id`, or an error.
  Result<std::string_view> Get(const unsigned char* id) {
    std::string key(reinterpret_cast<const char*>(id), GIT_OID_RAWSZ);
    if (auto it = now_.find(key); it != now_.end()) return Bytes(*it->second);
    if (auto it = last_.find(key); it != last_.end()) {
      auto object = it->second;
      now_.emplace(key, object);
      return Bytes(*object);
    }
    if (!odb_ && git_repository_odb(&odb_, repo_) < 0)
      return GitError("cannot open the object database");
    git_oid oid;
    git_oid_fromraw(&oid, id);
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb_, &oid) < 0) return GitError("cannot read tree " + OidString(oid));
    std::shared_ptr<git_odb_object> object(raw, git_odb_object_free);
    if (git_odb_object_type(raw) != GIT_OBJECT_TREE) {
      return GitError("object " + OidString(oid) + " is not a tree");
    }
    now_.emplace(std::move(key), object);
    return Bytes(*object);
  }

 private:
  static std::string_view Bytes(git_odb_object& object) {
    return std::string_view(static_cast<const char*>(git_odb_object_data(&object)),
                            git_odb_object_size(&object));
  }

  git_repository* repo_;
  git_odb* odb_ = nullptr;
  std::unordered_map<std::string, std::shared_ptr<git_odb_object>> now_;
  std::unordered_map<std::string, std::shared_ptr<git_odb_object>> last_;
};

}  // namespace git

namespace {

/// A commit-to-commit diff over raw tree objects that skips every subtree
/// whose id did not change, so that its cost follows the change rather than
/// the tree; it allocates nothing per entry. It gives up (nullopt) when the
/// change both deletes and adds files, where libgit2's rename detection may
/// pair them.
class TreeDiff {
 public:
  /// `pair_renames` false: a rename is a deletion and an addition, and the
  /// walk never gives up. `descend` (when set) says which folders ("a/b/")
  /// can hold a kept file: the others are not read.
  TreeDiff(git::RawTrees& trees, const PathFilter& keep, bool pair_renames = true,
           const PathFilter& descend = nullptr)
      : trees_(trees), keep_(keep), pair_renames_(pair_renames), descend_(descend) {}

  /// Whether the last Run met a `.gitattributes` file that differs (added,
  /// changed or removed); only a walk with no `descend` filter sees them all.
  bool attributes_differ() const { return attributes_differ_; }

  Result<std::optional<std::vector<FileDelta>>> Run(const unsigned char* old_tree,
                                                    const unsigned char* new_tree) {
    std::string prefix;
    if (Status walked = Walk(old_tree, new_tree, prefix); !walked) return walked.error();
    if (pair_renames_ && deletes_ && adds_) return std::optional<std::vector<FileDelta>>();
    return std::optional<std::vector<FileDelta>>(std::move(deltas_));
  }

 private:
  // Walks trees `a` and `b` (ids; either may be null, for an empty tree).
  Status Walk(const unsigned char* a, const unsigned char* b, std::string& prefix) {
    std::string_view old_bytes, new_bytes;
    if (a) {
      auto bytes = trees_.Get(a);
      if (!bytes) return bytes.error();
      old_bytes = *bytes;
    }
    if (b) {
      auto bytes = trees_.Get(b);
      if (!bytes) return bytes.error();
      new_bytes = *bytes;
    }
    const char* p = old_bytes.data();
    const char* p_end = p + old_bytes.size();
    const char* q = new_bytes.data();
    const char* q_end = q + new_bytes.size();
    bool bad = false;
    RawEntry x, y;
    bool has_x = NextEntry(p, p_end, x, bad);
    bool has_y = NextEntry(q, q_end, y, bad);
    while ((has_x || has_y) && !bad) {
      int c = !has_x ? 1 : !has_y ? -1 : CompareEntries(x, y);
      const RawEntry* old_entry = c <= 0 ? &x : nullptr;
      const RawEntry* new_entry = c >= 0 ? &y : nullptr;
      bool same = c == 0 && x.mode == y.mode && std::memcmp(x.id, y.id, GIT_OID_RAWSZ) == 0;
      if (!same) {
        if (Status visited = Visit(old_entry, new_entry, prefix); !visited) return visited;
      }
      if (old_entry) has_x = NextEntry(p, p_end, x, bad);
      if (new_entry) has_y = NextEntry(q, q_end, y, bad);
    }
    if (bad) return GitError("malformed tree under '" + prefix + "'");
    return Ok{};
  }

  // `x` and `y` (either may be null) sit at the same path.
  Status Visit(const RawEntry* x, const RawEntry* y, std::string& prefix) {
    const RawEntry& any = x ? *x : *y;
    for (const RawEntry* entry : {x, y}) {
      if (entry && !entry->IsTree() && entry->name == ".gitattributes") attributes_differ_ = true;
    }
    size_t length = prefix.size();
    prefix += any.name;
    Status status = Ok{};
    if (any.IsTree()) {
      prefix += '/';
      if (!descend_ || descend_(prefix)) {
        status = Walk(x ? x->id : nullptr, y ? y->id : nullptr, prefix);
      }
    } else {
      Emit(x, y, prefix);
    }
    prefix.resize(length);
    return status;
  }

  void Emit(const RawEntry* x, const RawEntry* y, const std::string& path) {
    bool old_file = x && IsRegularFileMode(x->mode);
    bool new_file = y && IsRegularFileMode(y->mode);
    if (!old_file && !new_file) return;
    deletes_ = deletes_ || (old_file && !new_file);
    adds_ = adds_ || (new_file && !old_file);
    if (!git::Keeps(keep_, path)) return;
    FileDelta delta;
    if (old_file) {
      delta.old_path = path;
      delta.old_id = OidHex(x->id);
    }
    if (new_file) {
      delta.new_path = path;
      delta.new_id = OidHex(y->id);
    }
    delta.status = StatusOf(delta);
    deltas_.push_back(std::move(delta));
  }

  git::RawTrees& trees_;
  const PathFilter& keep_;
  bool pair_renames_;
  PathFilter descend_;
  std::vector<FileDelta> deltas_;
  bool deletes_ = false;
  bool adds_ = false;
  bool attributes_differ_ = false;
};

const std::string& SortKey(const FileDelta& delta) {
  return delta.new_path.empty() ? delta.old_path : delta.new_path;
}

std::vector<FileDelta> Sorted(std::vector<FileDelta> deltas) {
  std::stable_sort(deltas.begin(), deltas.end(),
                   [](const FileDelta& a, const FileDelta& b) { return SortKey(a) < SortKey(b); });
  return deltas;
}

}  // namespace

namespace {

/// Diff with everything it needs passed in, so that a second handle of the
/// repository (DiffCommits) can run it on another thread.
Result<std::vector<FileDelta>> DiffOn(git_repository* repo, const std::string& workdir,
                                      std::shared_ptr<git::RawTrees>& raw_trees,
                                      git::AttributeFacts& facts, std::string_view from,
                                      std::string_view to, const PathFilter& keep) {
  Side from_side = SideOf(from);
  Side to_side = SideOf(to);
  if (from_side > to_side) {
    return git::UsageError("cannot diff from '" + std::string(from) + "' to '" + std::string(to) +
                           "': the old side must be a commit or an earlier pseudo-revision");
  }
  if (to_side != Side::kCommit && from_side == to_side) return std::vector<FileDelta>();
  if (to_side == Side::kWorktree && workdir.empty()) {
    return git::UsageError("the repository has no working tree");
  }
  git::IndexHandle index;
  if (to_side != Side::kCommit) {
    auto fresh = git::FreshIndex(repo);
    if (!fresh) return fresh.error();
    index = std::move(*fresh);
  }
  std::vector<FileDelta> deltas;
  if (from_side == Side::kCommit && to_side == Side::kCommit) {
    auto old_tree = TreeIdOf(repo, from);
    if (!old_tree) return old_tree.error();
    auto new_tree = TreeIdOf(repo, to);
    if (!new_tree) return new_tree.error();
    if (!raw_trees) raw_trees = std::make_shared<git::RawTrees>(repo);
    raw_trees->NextDiff();
    TreeDiff tree_diff(*raw_trees, keep);
    auto fast = tree_diff.Run(old_tree->has_value() ? (*old_tree)->id : nullptr,
                              new_tree->has_value() ? (*new_tree)->id : nullptr);
    if (!fast) return fast.error();
    if (old_tree->has_value() && new_tree->has_value() && !tree_diff.attributes_differ()) {
      facts.Same((*old_tree)->id, (*new_tree)->id);
    }
    if (fast->has_value()) return Sorted(std::move(**fast));
  }
  Sides sides{from_side, to_side, index.get(), workdir};
  auto diff = MakeDiff(repo, from, to, sides);
  if (!diff) return diff.error();
  if (auto renamed = git::DetectRenames(diff->get(), to_side == Side::kWorktree); !renamed) {
    return renamed.error();
  }
  for (size_t i = 0; i < git_diff_num_deltas(diff->get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff->get(), i);
    if (!git::Keeps(keep, delta->old_file.path) && !git::Keeps(keep, delta->new_file.path)) {
      continue;
    }
    if (auto added = AppendFileDelta(*delta, sides, &deltas); !added) return added.error();
  }
  return Sorted(std::move(deltas));
}

}  // namespace

namespace git {

std::shared_ptr<RawTrees> NewRawTrees(git_repository* repo) {
  return std::make_shared<RawTrees>(repo);
}

namespace {

std::string RawKey(const unsigned char* id) {
  return std::string(reinterpret_cast<const char*>(id), GIT_OID_RAWSZ);
}

/// Reads tree `id`: true when it holds a `.gitattributes` file (it stops
/// there), false when not, nullopt when it cannot be read; `subtree` is
/// called with each folder entry met before.
template <typename OnSubtree>
std::optional<bool> ScanForAttributes(RawTrees& trees, const unsigned char* id,
                                      OnSubtree&& subtree) {
  auto bytes = trees.Get(id);
  if (!bytes) {
    git_error_clear();
    return std::nullopt;
  }
  const char* p = bytes->data();
  const char* end = p + bytes->size();
  RawEntry entry;
  bool bad = false;
  while (NextEntry(p, end, entry, bad)) {
    if (!entry.IsTree()) {
      if (entry.name == ".gitattributes") return true;
    } else {
      subtree(entry);
    }
  }
  if (bad) return std::nullopt;
  return false;
}

/// Whether tree `root` holds a `.gitattributes` file anywhere; nullopt when
/// a tree cannot be read or the tree has more than `max_trees` folders.
std::optional<bool> AttributesAnywhere(RawTrees& trees, const unsigned char* root,
                                       size_t max_trees) {
  std::vector<const unsigned char*> pending{root};
  std::unordered_set<std::string> seen{RawKey(root)};
  bool too_many = false;
  while (!pending.empty() && !too_many) {
    const unsigned char* tree = pending.back();
    pending.pop_back();
    std::optional<bool> found = ScanForAttributes(trees, tree, [&](const RawEntry& entry) {
      if (seen.insert(RawKey(entry.id)).second) pending.push_back(entry.id);
      too_many = too_many || seen.size() > max_trees;
    });
    if (!found || *found) return found;
  }
  if (too_many) return std::nullopt;
  return false;
}

}  // namespace

namespace {
AttributeFacts::Id ToId(const unsigned char* raw) {
  AttributeFacts::Id id;
  std::memcpy(id.data(), raw, id.size());
  return id;
}
}  // namespace

void AttributeFacts::Same(const unsigned char* from, const unsigned char* to) {
  if (std::memcmp(from, to, GIT_OID_RAWSZ) == 0) return;
  std::lock_guard lock(mutex_);
  Put(same_, same_order_, ToId(to), ToId(from));
}

void AttributeFacts::Known(const unsigned char* root, bool any) {
  std::lock_guard lock(mutex_);
  Put(known_, known_order_, ToId(root), any);
}

std::optional<bool> AttributeFacts::Lookup(const unsigned char* root) {
  std::lock_guard lock(mutex_);
  Id key = ToId(root);
  // Along trees with the same `.gitattributes`, to one whose answer is known
  // (a cycle, a commit reverted to an older tree, ends the search).
  Id at = key;
  for (size_t hops = 0; hops < kMaxHops; ++hops) {
    if (auto it = known_.find(at); it != known_.end()) {
      bool any = it->second;
      if (at != key) Put(known_, known_order_, key, any);
      return any;
    }
    auto next = same_.find(at);
    if (next == same_.end()) break;
    at = next->second;
  }
  return std::nullopt;
}

std::optional<bool> AttributesOnPaths(git_repository* repo, RawTrees& trees, AttributeFacts& facts,
                                      std::string_view rev, const std::vector<std::string>& paths) {
  auto root = TreeIdOf(repo, rev);
  if (!root) {
    git_error_clear();
    return std::nullopt;
  }
  if (!root->has_value()) return false;
  std::optional<bool> known = facts.Lookup((*root)->id);
  if (known && !*known) return false;
  trees.NextDiff();
  // Each folder's tree is scanned once, however many of the paths it holds:
  // its subtrees' ids are noted by folder ("a/b/"), and it answers whether
  // it holds a `.gitattributes`.
  std::unordered_map<std::string, const unsigned char*> subtrees;
  std::unordered_set<std::string> scanned;
  auto scan = [&](const std::string& folder, const unsigned char* tree) {
    return ScanForAttributes(trees, tree, [&](const RawEntry& entry) {
      std::string sub = folder;
      sub.append(entry.name).push_back('/');
      subtrees.emplace(std::move(sub), entry.id);
    });
  };
  subtrees.emplace("", (*root)->id);
  for (const std::string& path : paths) {
    // The path's folders, from the root down: "", "a/", "a/b/".
    size_t folder_end = 0;
    while (true) {
      std::string folder = path.substr(0, folder_end);
      if (!scanned.count(folder)) {
        auto tree = subtrees.find(folder);
        if (tree == subtrees.end()) break;  // not a folder of this commit
        scanned.insert(folder);
        std::optional<bool> found = scan(folder, tree->second);
        if (!found || *found) return found;
      }
      size_t slash = path.find('/', folder_end);
      if (slash == std::string::npos) break;
      folder_end = slash + 1;
    }
  }
  // None on the paths' folders: whether the tree holds one anywhere, so
  // that commits whose diffs change none need not be looked into.
  constexpr size_t kMaxScannedTrees = 20000;
  // Not when it is known to hold one elsewhere, nor in a tree too large to
  // look at whole (then only the paths' folders are, at every commit).
  if (known || facts.too_large()) return false;
  if (std::optional<bool> any = AttributesAnywhere(trees, (*root)->id, kMaxScannedTrees)) {
    facts.Known((*root)->id, *any);
  } else {
    facts.set_too_large();
  }
  return false;
}

Result<std::vector<FileDelta>> RawCommitDiff(git_repository* repo, RawTrees& trees,
                                             std::string_view from, std::string_view to,
                                             const PathFilter& keep, const PathFilter& descend) {
  auto old_tree = TreeIdOf(repo, from);
  if (!old_tree) return old_tree.error();
  auto new_tree = TreeIdOf(repo, to);
  if (!new_tree) return new_tree.error();
  trees.NextDiff();
  auto deltas = TreeDiff(trees, keep, false, descend)
                    .Run(old_tree->has_value() ? (*old_tree)->id : nullptr,
                         new_tree->has_value() ? (*new_tree)->id : nullptr);
  if (!deltas) return deltas.error();
  return Sorted(std::move(**deltas));
}

}  // namespace git

Result<std::vector<FileDelta>> GitRepository::Diff(std::string_view from, std::string_view to,
                                                   const PathFilter& keep) {
  return DiffOn(repo_.get(), workdir_, raw_trees_, *attribute_facts_, from, to, keep);
}

// GCC 12 at -O3 sees the vector of a moved Result (a std::variant) as
// maybe uninitialized when `out` grows: a known false positive.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
std::vector<Result<std::vector<FileDelta>>> GitRepository::DiffCommits(
    const std::vector<std::string>& revs, const PathFilter& keep) {
  std::vector<Result<std::vector<FileDelta>>> out;
  git::RepositoryHandle own;
  if (Acquire(own, git_repository_open, git_repository_path(repo_.get())) < 0) {
    Error error = GitError("cannot open the repository a second time");
    for (size_t i = 1; i < revs.size(); ++i) out.push_back(error);
    return out;
  }
  std::shared_ptr<git::RawTrees> trees;
  for (size_t i = 1; i < revs.size(); ++i) {
    for (const auto& rev : {revs[i - 1], revs[i]}) {
      if (git::IsPseudoRevision(rev)) {
        out.push_back(git::UsageError("revision '" + rev + "' is not a commit"));
        break;
      }
    }
    if (out.size() == i) continue;
    out.emplace_back(DiffOn(own.get(), "", trees, *attribute_facts_, revs[i - 1], revs[i], keep));
  }
  return out;
}

#pragma GCC diagnostic pop

}  // namespace skewlint
