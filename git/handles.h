#pragma once

// Move-only owners for the libgit2 handles git/ uses, and the one place where
// libgit2 errors become skewlint::Error. Only git/*.cc include this header.

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "git/git_repository.h"
#include "linter/result.h"

namespace skewlint::git {

template <typename T, void (*Free)(T*)>
struct GitFree {
  void operator()(T* handle) const noexcept { Free(handle); }
};

/// A libgit2 handle freed with `Free` when it goes out of scope.
template <typename T, void (*Free)(T*)>
using GitHandle = std::unique_ptr<T, GitFree<T, Free>>;

using RepositoryHandle = GitRepository::Handle;
using ObjectHandle = GitHandle<git_object, git_object_free>;
using CommitHandle = GitHandle<git_commit, git_commit_free>;
using TreeHandle = GitHandle<git_tree, git_tree_free>;
using TreeEntryHandle = GitHandle<git_tree_entry, git_tree_entry_free>;
using BlobHandle = GitHandle<git_blob, git_blob_free>;
using IndexHandle = GitHandle<git_index, git_index_free>;
using DiffHandle = GitHandle<git_diff, git_diff_free>;
using RevwalkHandle = GitHandle<git_revwalk, git_revwalk_free>;
using ReferenceHandle = GitHandle<git_reference, git_reference_free>;
using ReferenceIteratorHandle = GitHandle<git_reference_iterator, git_reference_iterator_free>;
using ConfigHandle = GitHandle<git_config, git_config_free>;
using ConfigIteratorHandle = GitHandle<git_config_iterator, git_config_iterator_free>;
using RefspecHandle = GitHandle<git_refspec, git_refspec_free>;

/// Owns the memory of a git_buf filled by libgit2.
class Buf {
 public:
  Buf() = default;
  ~Buf() { git_buf_dispose(&buf_); }
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;

  git_buf* out() { return &buf_; }
  std::string str() const { return buf_.ptr ? std::string(buf_.ptr, buf_.size) : std::string(); }

 private:
  git_buf buf_ = GIT_BUF_INIT;
};

/// Owns the strings of a git_strarray filled by libgit2.
class StrArray {
 public:
  StrArray() = default;
  ~StrArray() { git_strarray_dispose(&array_); }
  StrArray(const StrArray&) = delete;
  StrArray& operator=(const StrArray&) = delete;

  git_strarray* out() { return &array_; }
  size_t size() const { return array_.count; }
  std::string_view operator[](size_t i) const { return array_.strings[i]; }

 private:
  git_strarray array_{};
};

/// Calls `create(&raw, args...)`, libgit2's out-parameter convention, and
/// gives whatever it produced to `handle`. Returns libgit2's code.
template <typename Handle, typename Create, typename... Args>
int Acquire(Handle& handle, Create create, Args&&... args) {
  typename Handle::pointer raw = nullptr;
  int code = create(&raw, std::forward<Args>(args)...);
  handle.reset(raw);
  return code;
}

/// An Error without a place, for repository failures (exit 2).
inline Error UsageError(std::string message) { return Error::At({}, std::move(message)); }

/// The last libgit2 error as an Error: "context: libgit2's message". Repository
/// failures are usage errors (exit 2).
Error GitError(std::string_view context, Location where = {});

/// Ok when `code` is not negative, else GitError(context).
Status Check(int code, std::string_view context);

}  // namespace skewlint::git
