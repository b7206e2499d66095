#include <git2.h>

#include <array>

#include "git/git_repository.h"
#include "git/lookup.h"

namespace skewlint {
namespace {

constexpr std::array<const char*, 3> kNames = {"filter", "diff", "binary"};

/// `filter` set to anything, `-diff`, or `binary` (which also unsets diff).
bool NotTextValues(const std::array<const char*, 3>& values) {
  git_attr_value_t filter = git_attr_value(values[0]);
  return filter == GIT_ATTR_VALUE_STRING || filter == GIT_ATTR_VALUE_TRUE ||
         git_attr_value(values[1]) == GIT_ATTR_VALUE_FALSE ||
         git_attr_value(values[2]) == GIT_ATTR_VALUE_TRUE;
}

}  // namespace

std::vector<bool> GitRepository::NotText(std::string_view rev,
                                         const std::vector<FileEntry>& files) {
  std::vector<bool> out(files.size(), false);
  git_attr_options options = GIT_ATTR_OPTIONS_INIT;
  options.flags = GIT_ATTR_CHECK_NO_SYSTEM;
  if (rev == kIndexRev) {
    options.flags |= GIT_ATTR_CHECK_INDEX_ONLY;
  } else if (rev == kWorktreeRev) {
    options.flags |= GIT_ATTR_CHECK_FILE_THEN_INDEX;
  } else {
    Result<git_oid> commit = git::ResolveCommitId(repo_.get(), rev);
    if (!commit.ok()) return out;
    options.flags |= GIT_ATTR_CHECK_INDEX_ONLY | GIT_ATTR_CHECK_INCLUDE_COMMIT;
    options.attr_commit_id = *commit;
  }
  std::array<const char*, 3> values{};
  for (size_t i = 0; i < files.size(); ++i) {
    if (git_attr_get_many_ext(values.data(), repo_.get(), &options, files[i].path.c_str(),
                              kNames.size(), const_cast<const char**>(kNames.data())) < 0) {
      git_error_clear();  // unreadable attributes: read the file as text
      continue;
    }
    out[i] = NotTextValues(values);
  }
  return out;
}

}  // namespace skewlint
