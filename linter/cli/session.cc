#include "linter/cli/session.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "git/git_repository.h"

namespace skewlint {
namespace fs = std::filesystem;

Result<std::unique_ptr<Repository>> OpenRepositoryAt(const RepoOptions& options) {
  return OpenRepository(options.directory);
}

std::string ConfigPathInRepo(Repository& repository, const RepoOptions& options) {
  if (options.config_path.empty()) return ".skewlint.yaml";
  // A bare repository has no work tree for the path to lie in.
  if (repository.Workdir().empty()) return "";
  std::error_code ec;
  fs::path full =
      fs::weakly_canonical(fs::absolute(fs::path(options.directory) / options.config_path), ec);
  std::string workdir = fs::weakly_canonical(repository.Workdir(), ec).string();
  if (!workdir.empty() && workdir.back() != '/') workdir += '/';
  std::string text = full.string();
  if (text.rfind(workdir, 0) != 0) return "";
  return text.substr(workdir.size());
}

Result<Config> LoadConfigAt(Repository& repository, const RepoOptions& options,
                            std::string_view rev) {
  std::string in_repo = ConfigPathInRepo(repository, options);
  if (in_repo.empty()) {
    std::ifstream in(fs::path(options.directory) / options.config_path, std::ios::binary);
    if (!in) return Error::At({options.config_path}, "cannot read the config file");
    std::stringstream text;
    text << in.rdbuf();
    return LoadConfig(text.str(), options.config_path, options.presets);
  }
  Result<std::optional<FileEntry>> entry = repository.FileAt(rev, in_repo);
  if (!entry.ok()) return entry.error();
  if (!entry->has_value()) {
    if (!options.config_path.empty()) {
      return Error::At({in_repo}, "the config file does not exist at " + std::string(rev));
    }
    Result<Config> defaults = DefaultConfig(options.presets);
    if (defaults.ok()) defaults->path = in_repo;  // so that adding one is noticed
    return defaults;
  }
  Result<std::string> text = repository.Read(rev, **entry);
  if (!text.ok()) return text.error();
  return LoadConfig(*text, in_repo, options.presets);
}

}  // namespace skewlint

namespace skewlint {

void NoteNothingTracked() {
  std::fputs(
      "note: no tracked component found: no image, chart, field or CRD matches a locator of the "
      "config or the presets, so nothing is checked; `skewlint init --detect` lists what the "
      "repository holds and writes a .skewlint.yaml that tracks it\n",
      stderr);
}

}  // namespace skewlint
