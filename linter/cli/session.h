#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linter/config.h"
#include "linter/repository.h"
#include "linter/result.h"

namespace skewlint {

/// Options every repository-reading subcommand shares.
struct RepoOptions {
  std::string directory = ".";       ///< -C DIR
  std::string config_path;           ///< --config FILE ("" = .skewlint.yaml)
  std::vector<std::string> presets;  ///< --preset NAME...
};

/// Opens the repository that holds `options.directory` (any folder inside).
Result<std::unique_ptr<Repository>> OpenRepositoryAt(const RepoOptions& options);

/// The config as it is at `rev` (a commit, kIndexRev or kWorktreeRev):
/// `--config` when given (a path inside the repository is read at `rev`,
/// one outside it from disk), else `.skewlint.yaml` at the root; with no
/// config file, the `--preset`s or every built-in preset.
Result<Config> LoadConfigAt(Repository& repository, const RepoOptions& options,
                            std::string_view rev);

/// The repository-relative path of the config file that LoadConfigAt reads
/// at `rev`, or "" when it reads none from the repository.
std::string ConfigPathInRepo(Repository& repository, const RepoOptions& options);

/// The stderr note of a run that found no instance of any component: it
/// checks nothing, and `skewlint init --detect` writes a config that tracks
/// what the repository holds.
void NoteNothingTracked();

}  // namespace skewlint
