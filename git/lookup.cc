#include "git/lookup.h"

namespace skewlint::git {
namespace {

std::string Quoted(std::string_view rev) { return "'" + std::string(rev) + "'"; }

bool NamesHead(std::string_view rev) { return rev.starts_with("HEAD") || rev.starts_with("@"); }

bool HasReferences(git_repository* repo) {
  ReferenceIteratorHandle references;
  const char* name = nullptr;
  bool any = Acquire(references, git_reference_iterator_new, repo) == 0 &&
             git_reference_next_name(&name, references.get()) == 0;
  git_error_clear();
  return any;
}

/// Why `rev` did not resolve, worded for the user rather than by libgit2.
Error RevisionError(git_repository* repo, std::string_view rev, int code) {
  git_error_clear();
  if (git_repository_head_unborn(repo) == 1) {
    if (!HasReferences(repo)) return UsageError("the repository has no commits yet");
    if (NamesHead(rev)) return UsageError("the current branch has no commits yet");
  }
  if (code == GIT_EAMBIGUOUS) return UsageError("ambiguous revision " + Quoted(rev));
  return UsageError(WithShallowAdvice(repo, "unknown revision " + Quoted(rev)));
}

bool IsMissingRevision(int code) {
  return code == GIT_ENOTFOUND || code == GIT_EINVALIDSPEC || code == GIT_EAMBIGUOUS ||
         code == GIT_EUNBORNBRANCH;
}

}  // namespace

bool IsPseudoRevision(std::string_view rev) { return rev == kIndexRev || rev == kWorktreeRev; }

std::string WithShallowAdvice(git_repository* repo, std::string message) {
  if (git_repository_is_shallow(repo) == 1) message += ": " + std::string(kFetchFullHistory);
  return message;
}

std::string OidString(const git_oid& id) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
}

Result<git_oid> ParseOid(std::string_view hex, const Location& where) {
  git_oid id;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstrn(&id, hex.data(), hex.size()) < 0) {
    git_error_clear();
    return Error::At(where, "invalid object id " + Quoted(hex));
  }
  return id;
}

Result<git_oid> ResolveCommitId(git_repository* repo, std::string_view rev) {
  if (IsPseudoRevision(rev)) return UsageError("revision " + Quoted(rev) + " is not a commit");
  // A full commit id, as the engine passes them for every step: no need
  // for revparse, which looks for references of that name on disk first.
  // Its header says whether it is a commit, without reading it whole.
  if (git_oid id;
      rev.size() == GIT_OID_HEXSZ && git_oid_fromstrn(&id, rev.data(), rev.size()) == 0) {
    git_odb* odb = nullptr;
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    bool commit = git_repository_odb(&odb, repo) == 0 &&
                  git_odb_read_header(&size, &type, odb, &id) == 0 && type == GIT_OBJECT_COMMIT;
    git_odb_free(odb);
    if (commit) return id;
  }
  git_error_clear();
  ObjectHandle object;
  int code = Acquire(object, git_revparse_single, repo, std::string(rev).c_str());
  if (IsMissingRevision(code)) return RevisionError(repo, rev, code);
  if (code < 0) return GitError("cannot resolve revision " + Quoted(rev));
  ObjectHandle commit;
  code = Acquire(commit, git_object_peel, object.get(), GIT_OBJECT_COMMIT);
  if (code == GIT_ENOTFOUND) return RevisionError(repo, rev, code);
  if (code < 0) {
    git_error_clear();
    return UsageError("revision " + Quoted(rev) + " is not a commit");
  }
  return *git_object_id(commit.get());
}

Result<CommitHandle> ResolveCommit(git_repository* repo, std::string_view rev) {
  auto id = ResolveCommitId(repo, rev);
  if (!id) return id.error();
  return LookupCommit(repo, *id);
}

Result<CommitHandle> LookupCommit(git_repository* repo, const git_oid& id) {
  CommitHandle commit;
  if (Acquire(commit, git_commit_lookup, repo, &id) < 0) {
    return GitError("cannot read commit " + OidString(id));
  }
  return commit;
}

Result<TreeHandle> CommitTree(const git_commit* commit) {
  TreeHandle tree;
  if (Acquire(tree, git_commit_tree, commit) < 0) {
    return GitError("cannot read the tree of commit " + OidString(*git_commit_id(commit)));
  }
  return tree;
}

Result<CommitHandle> FirstParent(git_repository* repo, const git_commit* commit) {
  CommitHandle parent;
  if (git_commit_parentcount(commit) == 0) return parent;
  int code = Acquire(parent, git_commit_parent, commit, 0);
  std::string message = "cannot read the parent of commit " + OidString(*git_commit_id(commit));
  if (code < 0 && git_repository_is_shallow(repo) == 1) {
    git_error_clear();
    return UsageError(WithShallowAdvice(repo, std::move(message)));
  }
  if (code < 0) return GitError(message);
  return parent;
}

CommitInfo ToCommitInfo(git_commit* commit) {
  CommitInfo info;
  info.id = OidString(*git_commit_id(commit));
  const char* summary = git_commit_summary(commit);
  info.summary = summary ? summary : "";
  info.time = git_commit_time(commit);
  for (unsigned i = 0; i < git_commit_parentcount(commit); ++i) {
    info.parents.push_back(OidString(*git_commit_parent_id(commit, i)));
  }
  return info;
}

Result<IndexHandle> FreshIndex(git_repository* repo) {
  IndexHandle index;
  if (Acquire(index, git_repository_index, repo) < 0) return GitError("cannot open the index");
  if (git_index_read(index.get(), /*force=*/1) < 0) return GitError("cannot read the index");
  return index;
}

Status DetectRenames(git_diff* diff, bool untracked) {
  git_diff_find_options options;
  git_diff_find_options_init(&options, GIT_DIFF_FIND_OPTIONS_VERSION);
  options.flags = GIT_DIFF_FIND_RENAMES;
  if (untracked) options.flags |= GIT_DIFF_FIND_FOR_UNTRACKED;
  return Check(git_diff_find_similar(diff, &options), "cannot detect renames");
}

bool IsStagedEntry(const git_index_entry& entry) {
  return GIT_INDEX_ENTRY_STAGE(&entry) == 0 &&
         (entry.flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD) == 0 &&
         IsRegularFileMode(entry.mode);
}

bool IsStaged(git_index* index, const char* path) {
  const git_index_entry* entry = git_index_get_bypath(index, path, 0);
  return entry && IsStagedEntry(*entry);
}

git_diff_options DiffOptions() {
  git_diff_options options;
  git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  options.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL;
  return options;
}

bool IsRegularFileMode(uint32_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

bool Keeps(const PathFilter& keep, std::string_view path) { return !keep || keep(path); }

}  // namespace skewlint::git
