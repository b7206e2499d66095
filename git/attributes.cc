#include <git2.h>
#include <git2/sys/repository.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <string>

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

/// Whether a file exists at `path` (errors read as no).
bool Exists(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::exists(path, error);
}

/// A second handle of `repo` whose index is empty (null when it cannot be
/// opened: the caller then uses `repo` itself).
GitRepository::Handle WithEmptyIndex(git_repository* repo) {
  GitRepository::Handle own;
  git_repository* raw = nullptr;
  git_index* empty = nullptr;
  if (git_repository_open(&raw, git_repository_path(repo)) == 0) own.reset(raw);
  if (own && (git_index_new(&empty) < 0 || git_repository_set_index(own.get(), empty) < 0)) {
    own.reset();
  }
  git_index_free(empty);
  git_error_clear();
  return own;
}

}  // namespace

bool GitRepository::OutsideAttributes() {
  if (outside_attributes_) return *outside_attributes_;
  bool outside =
      Exists(std::filesystem::path(git_repository_path(repo_.get())) / "info" / "attributes");
  git_config* config = nullptr;
  if (!outside && git_repository_config_snapshot(&config, repo_.get()) == 0) {
    const char* file = nullptr;
    outside = git_config_get_string(&file, config, "core.attributesfile") == 0 && file && *file;
    git_config_free(config);
  }
  git_error_clear();
  // The user's own attributes file, where libgit2 looks for it.
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (!outside && xdg && *xdg) outside = Exists(std::filesystem::path(xdg) / "git" / "attributes");
  if (!outside && home && *home) {
    outside = Exists(std::filesystem::path(home) / ".config" / "git" / "attributes");
  }
  outside_attributes_ = outside;
  return outside;
}

std::vector<bool> GitRepository::NotText(std::string_view rev,
                                         const std::vector<FileEntry>& files) {
  std::vector<bool> out(files.size(), false);
  git_repository* repo = repo_.get();
  git_attr_options options = GIT_ATTR_OPTIONS_INIT;
  options.flags = GIT_ATTR_CHECK_NO_SYSTEM;
  if (rev == kIndexRev) {
    options.flags |= GIT_ATTR_CHECK_INDEX_ONLY;
  } else if (rev == kWorktreeRev) {
    options.flags |= GIT_ATTR_CHECK_FILE_THEN_INDEX;
  } else {
    // Most repositories have no attributes at all: asking libgit2 for each
    // file of each commit would cost a tenth of a per-commit walk.
    if (!OutsideAttributes()) {
      if (!attribute_trees_) attribute_trees_ = git::NewRawTrees(repo_.get());
      std::vector<std::string> paths;
      for (const FileEntry& file : files) paths.push_back(file.path);
      std::optional<bool> any =
          git::AttributesOnPaths(repo_.get(), *attribute_trees_, *attribute_facts_, rev, paths);
      if (any && !*any) return out;
    }
    Result<git_oid> commit = git::ResolveCommitId(repo_.get(), rev);
    if (!commit.ok()) return out;
    options.flags |= GIT_ATTR_CHECK_INDEX_ONLY | GIT_ATTR_CHECK_INCLUDE_COMMIT;
    options.attr_commit_id = *commit;
    if (!commit_attributes_) commit_attributes_ = WithEmptyIndex(repo_.get());
    if (commit_attributes_) repo = commit_attributes_.get();
  }
  std::array<const char*, 3> values{};
  for (size_t i = 0; i < files.size(); ++i) {
    if (git_attr_get_many_ext(values.data(), repo, &options, files[i].path.c_str(), kNames.size(),
                              const_cast<const char**>(kNames.data())) < 0) {
      git_error_clear();  // unreadable attributes: read the file as text
      continue;
    }
    out[i] = NotTextValues(values);
  }
  // libgit2 keeps the attribute files it read, per commit: forget them, so
  // that a walk over many commits does not grow with them.
  if (options.flags & GIT_ATTR_CHECK_INCLUDE_COMMIT) git_attr_cache_flush(repo);
  return out;
}

}  // namespace skewlint
