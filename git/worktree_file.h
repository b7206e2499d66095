#pragma once

// Reading files of the working tree without ever leaving it: every path
// component is opened relative to its parent with O_NOFOLLOW, so neither a
// symlinked file nor a symlinked directory is followed.

#include <optional>
#include <string>
#include <string_view>

#include "linter/result.h"

namespace skewlint::git {

struct WorktreeFile {
  enum class Kind {
    kRegular,     ///< `content` holds the file
    kAbsent,      ///< nothing at the path
    kNotRegular,  ///< a symlink, a directory, a device, or a path through a symlink
  };
  Kind kind = Kind::kAbsent;
  std::string content;
};

/// Reads `relative` ('/'-separated) under `workdir` (absolute, ending in '/').
/// Errors, which carry the path: "path is outside the working tree" for
/// empty, absolute, "." or ".." components; "cannot read: REASON" for I/O.
Result<WorktreeFile> ReadWorktreeFile(const std::string& workdir, std::string_view relative);

/// The git blob id (40 hex) of `content`.
Result<std::string> BlobId(std::string_view content);

/// The blob id of the working-tree file `relative`; nullopt unless it is a
/// regular file that ReadWorktreeFile reaches.
Result<std::optional<std::string>> WorktreeBlobId(const std::string& workdir,
                                                  std::string_view relative);

}  // namespace skewlint::git
