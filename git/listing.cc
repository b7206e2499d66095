#include <algorithm>
#include <atomic>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "git/git_repository.h"
#include "git/handles.h"
#include "git/lookup.h"
#include "git/worktree_file.h"

namespace skewlint {
namespace {

using git::Acquire;
using git::GitError;

struct TreeWalk {
  const PathFilter* keep;
  std::vector<FileEntry>* files;
  bool failed = false;
};

/// git_tree_walk callback. A C frame sits between it and the caller, so an
/// exception (from `keep`, or bad_alloc) is stopped here and reported.
int VisitTreeEntry(const char* root, const git_tree_entry* entry, void* payload) {
  auto* walk = static_cast<TreeWalk*>(payload);
  try {
    if (!git::IsRegularFileMode(git_tree_entry_filemode(entry))) return 0;
    std::string path = std::string(root) + git_tree_entry_name(entry);
    if (!git::Keeps(*walk->keep, path)) return 0;
    walk->files->push_back(FileEntry{std::move(path), git::OidString(*git_tree_entry_id(entry))});
    return 0;
  } catch (...) {
    walk->failed = true;
    return -1;
  }
}

Result<std::vector<FileEntry>> ListTree(const git_tree* tree, const PathFilter& keep) {
  std::vector<FileEntry> files;
  TreeWalk walk{&keep, &files};
  int code = git_tree_walk(tree, GIT_TREEWALK_PRE, VisitTreeEntry, &walk);
  if (walk.failed) {
    git_error_clear();
    return Error::Internal("listing a tree failed with an exception");
  }
  if (code < 0) return GitError("cannot list tree " + git::OidString(*git_tree_id(tree)));
  return files;
}

Result<std::vector<FileEntry>> ListIndex(git_repository* repo, const PathFilter& keep) {
  auto index = git::FreshIndex(repo);
  if (!index) return index.error();
  std::vector<FileEntry> files;
  for (size_t i = 0; i < git_index_entrycount(index->get()); ++i) {
    const git_index_entry* entry = git_index_get_byindex(index->get(), i);
    if (!git::IsStagedEntry(*entry) || !git::Keeps(keep, entry->path)) continue;
    files.push_back(FileEntry{entry->path, git::OidString(entry->id)});
  }
  return files;
}

/// Untracked, non-ignored paths of the working tree (as libgit2 reports them:
/// symlinked directories are not entered).
Result<std::vector<std::string>> UntrackedPaths(git_repository* repo, git_index* index) {
  git_diff_options options = git::DiffOptions();
  options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
  git::DiffHandle diff;
  if (Acquire(diff, git_diff_index_to_workdir, repo, index, &options) < 0) {
    return GitError("cannot list untracked files");
  }
  std::vector<std::string> paths;
  for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    if (delta->status == GIT_DELTA_UNTRACKED) paths.emplace_back(delta->new_file.path);
  }
  return paths;
}

/// Tracked (any stage, gitlinks aside) and untracked paths, sorted, unique.
Result<std::vector<std::string>> WorktreeCandidates(git_repository* repo) {
  auto index = git::FreshIndex(repo);
  if (!index) return index.error();
  auto paths = UntrackedPaths(repo, index->get());
  if (!paths) return paths.error();
  for (size_t i = 0; i < git_index_entrycount(index->get()); ++i) {
    const git_index_entry* entry = git_index_get_byindex(index->get(), i);
    if (entry->mode != GIT_FILEMODE_COMMIT) paths->emplace_back(entry->path);
  }
  std::sort(paths->begin(), paths->end());
  paths->erase(std::unique(paths->begin(), paths->end()), paths->end());
  return paths;
}

Result<std::optional<FileEntry>> WorktreeEntry(const std::string& workdir,
                                               const std::string& path) {
  auto id = git::WorktreeBlobId(workdir, path);
  if (!id) return id.error();
  if (!*id) return std::optional<FileEntry>();
  return std::optional<FileEntry>(FileEntry{path, std::move(**id)});
}

Result<std::vector<FileEntry>> ListWorktree(git_repository* repo, const std::string& workdir,
                                            const PathFilter& keep) {
  auto paths = WorktreeCandidates(repo);
  if (!paths) return paths.error();
  std::vector<FileEntry> files;
  for (const std::string& path : *paths) {
    if (!git::Keeps(keep, path)) continue;
    auto entry = WorktreeEntry(workdir, path);
    if (!entry) return entry.error();
    if (*entry) files.push_back(std::move(**entry));
  }
  return files;
}

Result<std::optional<FileEntry>> IndexEntry(git_repository* repo, const std::string& path) {
  auto index = git::FreshIndex(repo);
  if (!index) return index.error();
  if (!git::IsStaged(index->get(), path.c_str())) return std::optional<FileEntry>();
  const git_index_entry* entry = git_index_get_bypath(index->get(), path.c_str(), 0);
  return std::optional<FileEntry>(FileEntry{path, git::OidString(entry->id)});
}

Result<std::optional<FileEntry>> CommitEntry(git_repository* repo, std::string_view rev,
                                             const std::string& path) {
  auto commit = git::ResolveCommit(repo, rev);
  if (!commit) return commit.error();
  auto tree = git::CommitTree(commit->get());
  if (!tree) return tree.error();
  git::TreeEntryHandle entry;
  int code = Acquire(entry, git_tree_entry_bypath, tree->get(), path.c_str());
  if (code == GIT_ENOTFOUND) {
    git_error_clear();
    return std::optional<FileEntry>();
  }
  if (code < 0) return GitError("cannot read " + path + " at " + std::string(rev));
  if (!git::IsRegularFileMode(git_tree_entry_filemode(entry.get()))) {
    return std::optional<FileEntry>();
  }
  return std::optional<FileEntry>(FileEntry{path, git::OidString(*git_tree_entry_id(entry.get()))});
}

Error NoWorktree() { return git::UsageError("the repository has no working tree"); }

Result<std::string> ReadFromWorktree(const std::string& workdir, const std::string& path) {
  auto file = git::ReadWorktreeFile(workdir, path);
  if (!file) return file.error();
  using Kind = git::WorktreeFile::Kind;
  if (file->kind == Kind::kAbsent) return Error::At({path}, "no such file in the working tree");
  if (file->kind == Kind::kNotRegular) {
    return Error::At({path}, "not a regular file (symbolic links are not followed)");
  }
  return std::move(file->content);
}

Result<std::string> ReadBlob(git_repository* repo, const FileEntry& file) {
  auto id = git::ParseOid(file.id, {file.path});
  if (!id) return id.error();
  git::BlobHandle blob;
  if (Acquire(blob, git_blob_lookup, repo, &*id) < 0) {
    return GitError("cannot read blob " + file.id, {file.path});
  }
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::string(data, static_cast<size_t>(git_blob_rawsize(blob.get())));
}

}  // namespace

Result<std::vector<FileEntry>> GitRepository::ListFiles(std::string_view rev,
                                                        const PathFilter& keep) {
  Result<std::vector<FileEntry>> files = std::vector<FileEntry>();
  if (rev == kIndexRev) {
    files = ListIndex(repo_.get(), keep);
  } else if (rev == kWorktreeRev) {
    if (workdir_.empty()) return NoWorktree();
    files = ListWorktree(repo_.get(), workdir_, keep);
  } else {
    auto commit = git::ResolveCommit(repo_.get(), rev);
    if (!commit) return commit.error();
    auto tree = git::CommitTree(commit->get());
    if (!tree) return tree.error();
    files = ListTree(tree->get(), keep);
  }
  if (files) {
    std::sort(files->begin(), files->end(),
              [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  }
  return files;
}

Result<std::optional<FileEntry>> GitRepository::FileAt(std::string_view rev,
                                                       std::string_view path) {
  std::string relative(path);
  if (rev == kIndexRev) return IndexEntry(repo_.get(), relative);
  if (rev == kWorktreeRev) {
    if (workdir_.empty()) return NoWorktree();
    return WorktreeEntry(workdir_, relative);
  }
  return CommitEntry(repo_.get(), rev, relative);
}

namespace {

/// The blobs of `files`, read with `mine` and, when there are many, on
/// other threads each with a handle of its own.
std::vector<Result<std::string>> ReadBlobs(git_repository* mine,
                                           const std::vector<FileEntry>& files) {
  constexpr size_t kParallelFrom = 64;
  static const size_t helpers = [] {
    unsigned cores = std::thread::hardware_concurrency();  // reads /sys: once
    return std::min<size_t>(cores > 1 ? cores - 1 : 0, 7);
  }();
  if (files.size() < kParallelFrom || helpers == 0) {
    std::vector<Result<std::string>> out;
    out.reserve(files.size());
    for (const auto& file : files) out.push_back(ReadBlob(mine, file));
    return out;
  }
  std::vector<std::optional<Result<std::string>>> slots(files.size());
  std::atomic<size_t> next{0};
  auto work = [&](git_repository* repo) {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) slots[i] = ReadBlob(repo, files[i]);
  };
  std::string gitdir = git_repository_path(mine);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < helpers; ++t) {
    try {
      threads.emplace_back([&work, gitdir] {
        git::RepositoryHandle own;
        if (Acquire(own, git_repository_open, gitdir.c_str()) < 0) {
          git_error_clear();  // this thread reads nothing; the others do it all
          return;
        }
        work(own.get());
      });
    } catch (const std::system_error&) {
      break;  // no thread to be had (a process limit): this one reads the rest
    }
  }
  work(mine);
  for (auto& thread : threads) thread.join();
  std::vector<Result<std::string>> out;
  out.reserve(files.size());
  for (auto& slot : slots) out.push_back(std::move(*slot));
  return out;
}

}  // namespace

std::vector<Result<std::string>> GitRepository::ReadAll(std::string_view rev,
                                                        const std::vector<FileEntry>& files) {
  if (rev == kWorktreeRev) return Repository::ReadAll(rev, files);
  return ReadBlobs(repo_.get(), files);
}

std::vector<Result<std::string>> GitRepository::ReadAllAside(std::string_view rev,
                                                             const std::vector<FileEntry>& files) {
  if (git::IsPseudoRevision(rev)) {
    std::vector<Result<std::string>> out;
    for (size_t i = 0; i < files.size(); ++i) {
      out.push_back(git::UsageError("revision '" + std::string(rev) + "' is not a commit"));
    }
    return out;
  }
  if (!aside_) {
    git_repository* raw = nullptr;
    if (git_repository_open(&raw, git_repository_path(repo_.get())) < 0) {
      Error error = GitError("cannot open the repository a second time");
      return std::vector<Result<std::string>>(files.size(), error);
    }
    aside_.reset(raw);
  }
  return ReadBlobs(aside_.get(), files);
}

Result<std::string> GitRepository::Read(std::string_view rev, const FileEntry& file) {
  if (rev != kWorktreeRev) return ReadBlob(repo_.get(), file);
  if (workdir_.empty()) return NoWorktree();
  return ReadFromWorktree(workdir_, file.path);
}

}  // namespace skewlint
