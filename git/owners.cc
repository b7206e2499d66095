// Which commit of a first-parent chain last changed a file, and each wanted
// line of it: one walk back from the head, diffing each commit's tree with
// its first parent's (only changed subtrees are read) and, where a followed
// file changed, its two blobs, mapping the followed lines through the hunks.
// Its cost follows the commits' changes to the followed files, where blame
// diffs every parent of every commit. A walk cut short (a shallow clone)
// leaves the rest unplaced.

#include <git2.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "git/git_repository.h"
#include "git/handles.h"
#include "git/lookup.h"

namespace skewlint {
namespace {

using git::Acquire;

using PatchHandle = git::GitHandle<git_patch, git_patch_free>;

/// A file being followed: its lines, each as numbered now and at the head.
struct Followed {
  std::vector<std::pair<int, int>> lines;  ///< (line now, line at head)
  bool file_placed = false;
};

/// One hunk of a zero-context diff, in the new side's numbers.
struct Hunk {
  int new_start = 0;
  int new_lines = 0;
  int shift = 0;  ///< old_lines - new_lines
};

/// The hunks between two blobs (`old_id` may be absent); nullopt when they
/// cannot be read.
std::optional<std::vector<Hunk>> Hunks(git_repository* repo, const git_oid& old_id,
                                       const git_oid& new_id, size_t& diffed) {
  git::BlobHandle old_blob;
  git::BlobHandle new_blob;
  if (Acquire(old_blob, git_blob_lookup, repo, &old_id) < 0 ||
      Acquire(new_blob, git_blob_lookup, repo, &new_id) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  diffed += static_cast<size_t>(git_blob_rawsize(old_blob.get())) +
            static_cast<size_t>(git_blob_rawsize(new_blob.get()));
  git_diff_options options = git::DiffOptions();
  options.context_lines = 0;
  options.interhunk_lines = 0;
  options.flags |= GIT_DIFF_FORCE_TEXT;
  PatchHandle patch;
  if (Acquire(patch, git_patch_from_blobs, old_blob.get(), nullptr, new_blob.get(), nullptr,
              &options) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  std::vector<Hunk> out;
  for (size_t i = 0; i < git_patch_num_hunks(patch.get()); ++i) {
    const git_diff_hunk* hunk = nullptr;
    if (git_patch_get_hunk(&hunk, nullptr, patch.get(), i) < 0) {
      git_error_clear();
      return std::nullopt;
    }
    out.push_back(Hunk{hunk->new_start, hunk->new_lines, hunk->old_lines - hunk->new_lines});
  }
  return out;
}

/// Moves `file` back over one change of its blob made by `commit` ("" for a
/// change that belongs to no commit of the chain): lines inside a hunk are
/// placed (or dropped), the others renumbered as the old side numbers them.
/// With no hunks to go by (`hunks` nullopt), every line is placed.
void StepBack(const std::optional<std::vector<Hunk>>& hunks, const std::string& path,
              const std::string& commit, Followed& file, ChangeOwners& out) {
  std::vector<std::pair<int, int>> kept;
  for (auto [now, at_head] : file.lines) {
    bool changed = !hunks;
    int shift = 0;
    for (const Hunk& h : hunks ? *hunks : std::vector<Hunk>{}) {
      // A pure deletion (no new lines) sits after its new_start.
      int end = h.new_lines > 0 ? h.new_start + h.new_lines : h.new_start + 1;
      if (h.new_lines > 0 && now >= h.new_start && now < end) {
        changed = true;
        break;
      }
      if (end <= now) shift += h.shift;
    }
    if (!changed) {
      kept.emplace_back(now + shift, at_head);
    } else if (!commit.empty()) {
      out.lines[{path, at_head}] = commit;
    }
  }
  file.lines = std::move(kept);
}

}  // namespace

ChangeOwners GitRepository::Owners(std::string_view head, const std::vector<CommitInfo>& chain,
                                   const std::map<std::string, std::set<int>>& wanted) {
  // Lines are followed through at most this much blob text: a large file
  // changed by every commit of a long range (a CRD bundle) would cost what
  // `git log -p` costs. Past it, a line belongs to its file's owner.
  constexpr size_t kDiffBudget = size_t{32} << 20;
  size_t diffed = 0;
  ChangeOwners out;
  if (chain.empty() || wanted.empty()) return out;
  std::map<std::string, Followed> open;
  for (const auto& [path, lines] : wanted) {
    Followed& file = open[path];
    for (int line : lines) {
      if (line > 0) file.lines.emplace_back(line, line);
    }
  }
  PathFilter followed = [&open](std::string_view path) {
    return open.find(std::string(path)) != open.end();
  };
  // A folder ("a/b/") is read only when a followed file is under it.
  PathFilter holds_followed = [&open](std::string_view folder) {
    auto it = open.lower_bound(std::string(folder));
    return it != open.end() && std::string_view(it->first).substr(0, folder.size()) == folder;
  };
  std::shared_ptr<git::RawTrees> trees = git::NewRawTrees(repo_.get());
  // Takes back the change from `older` to `newer` ("" for the empty tree)
  // made by `commit` ("" for the head's own change) from the files still
  // followed. False when the change cannot be read.
  auto step = [&](const std::string& older, std::string_view newer, const std::string& commit) {
    auto deltas = git::RawCommitDiff(repo_.get(), *trees, older, newer, followed, holds_followed);
    if (!deltas) return false;
    for (const FileDelta& delta : *deltas) {
      auto it = delta.new_path.empty() ? open.end() : open.find(delta.new_path);
      if (it == open.end()) continue;
      Followed& file = it->second;
      if (!commit.empty() && !file.file_placed) {
        out.files[it->first] = commit;
        file.file_placed = true;
      }
      bool added = delta.old_path.empty();
      std::optional<std::vector<Hunk>> hunks;
      if (!file.lines.empty() && !added && diffed <= kDiffBudget) {
        auto old_id = git::ParseOid(delta.old_id);
        auto new_id = git::ParseOid(delta.new_id);
        if (old_id && new_id) hunks = Hunks(repo_.get(), *old_id, *new_id, diffed);
      }
      if (added || hunks) {
        StepBack(hunks, it->first, commit, file, out);
      } else {
        // Unreadable, or past the budget: the lines stay unplaced (the
        // file's owner answers for them).
        file.lines.clear();
      }
      // Added here: nothing older is this file's.
      if (added || (file.lines.empty() && file.file_placed)) open.erase(it);
    }
    return true;
  };
  if (chain.back().id != head && !step(chain.back().id, head, "")) return out;
  for (auto it = chain.rbegin(); it != chain.rend() && !open.empty(); ++it) {
    std::string older = it->parents.empty() ? "" : it->parents.front();
    if (!step(older, it->id, it->id)) break;
  }
  return out;
}

}  // namespace skewlint
