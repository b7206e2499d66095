#include "git/worktree_file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>
#include <utility>
#include <vector>

#include "git/handles.h"
#include "git/lookup.h"

namespace skewlint::git {
namespace {

/// Owns a file descriptor.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) close(fd_);
  }
  Descriptor(Descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Descriptor& operator=(Descriptor&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  bool ok() const { return fd_ >= 0; }
  int get() const { return fd_; }

 private:
  int fd_;
};

Error ReadError(std::string_view relative, int error) {
  return Error::At({std::string(relative)},
                   "cannot read: " + std::error_code(error, std::generic_category()).message());
}

/// The components of `relative`, or an error when it could leave the tree.
Result<std::vector<std::string>> Components(std::string_view relative) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= relative.size()) {
    size_t end = std::min(relative.find('/', start), relative.size());
    std::string part(relative.substr(start, end - start));
    if (part.empty() || part == "." || part == ".." || part.find('\0') != std::string::npos) {
      return Error::At({std::string(relative)}, "path is outside the working tree");
    }
    parts.push_back(std::move(part));
    start = end + 1;
  }
  return parts;
}

/// How a failed open of a path component is reported.
Result<WorktreeFile> OpenFailure(std::string_view relative, int error) {
  if (error == ENOENT) return WorktreeFile{WorktreeFile::Kind::kAbsent, ""};
  if (error == ELOOP || error == ENOTDIR) return WorktreeFile{WorktreeFile::Kind::kNotRegular, ""};
  return ReadError(relative, error);
}

Result<std::string> ReadAll(const Descriptor& file, std::string_view relative) {
  std::string content;
  char buffer[65536];
  for (;;) {
    ssize_t n = read(file.get(), buffer, sizeof buffer);
    if (n == 0) return content;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ReadError(relative, errno);
    content.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

Result<WorktreeFile> ReadWorktreeFile(const std::string& workdir, std::string_view relative) {
  auto parts = Components(relative);
  if (!parts) return parts.error();
  Descriptor dir(open(workdir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.ok()) return ReadError(relative, errno);
  for (size_t i = 0; i + 1 < parts->size(); ++i) {
    Descriptor next(
        openat(dir.get(), (*parts)[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next.ok()) return OpenFailure(relative, errno);
    dir = std::move(next);
  }
  const std::string& name = parts->back();
  struct stat status;
  if (fstatat(dir.get(), name.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0) {
    return OpenFailure(relative, errno);
  }
  if (!S_ISREG(status.st_mode)) return WorktreeFile{WorktreeFile::Kind::kNotRegular, ""};
  Descriptor file(openat(dir.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!file.ok()) return OpenFailure(relative, errno);
  if (fstat(file.get(), &status) != 0) return ReadError(relative, errno);
  if (!S_ISREG(status.st_mode)) return WorktreeFile{WorktreeFile::Kind::kNotRegular, ""};
  auto content = ReadAll(file, relative);
  if (!content) return content.error();
  return WorktreeFile{WorktreeFile::Kind::kRegular, std::move(*content)};
}

Result<std::string> BlobId(std::string_view content) {
  git_oid id;
  if (git_odb_hash(&id, content.data(), content.size(), GIT_OBJECT_BLOB) < 0) {
    return GitError("cannot hash file content");
  }
  return OidString(id);
}

Result<std::optional<std::string>> WorktreeBlobId(const std::string& workdir,
                                                  std::string_view relative) {
  auto file = ReadWorktreeFile(workdir, relative);
  if (!file) return file.error();
  if (file->kind != WorktreeFile::Kind::kRegular) return std::optional<std::string>();
  auto id = BlobId(file->content);
  if (!id) return id.error();
  return std::optional<std::string>(std::move(*id));
}

}  // namespace skewlint::git
