#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "linter/config.h"
#include "linter/model.h"
#include "linter/prefilter.h"
#include "linter/repository.h"
#include "linter/snapshot.h"

namespace skewlint {

/// Reads revisions into snapshots and states. Files are read, parsed and
/// extracted once per blob id, however many revisions hold them.
class StateBuilder {
 public:
  StateBuilder(Repository& repository, const Config& config);

  /// Every configured file of `rev` (a commit, kIndexRev or kWorktreeRev);
  /// "" is the empty tree of a repository with no commit yet. Files the
  /// prefilter rules out are listed but not parsed.
  Result<Snapshot> Read(std::string_view rev);
  /// `previous` moved to `rev` by `deltas` (a Diff from previous.rev to rev):
  /// only the changed files are read, and every one of them is parsed.
  Result<Snapshot> Update(const Snapshot& previous, std::string_view rev,
                          const std::vector<FileDelta>& deltas);
  State MakeState(const Snapshot& snapshot) const;

  /// The predicate that keeps the configured paths.
  PathFilter Filter() const;
  /// Files read (parsed or skipped) so far, for the summary.
  size_t files_read() const { return files_read_; }

 private:
  Result<SnapshotFile> Load(std::string_view rev, const FileEntry& entry, bool must_parse);

  Repository& repository_;
  const Config& config_;
  Prefilter prefilter_;
  std::map<std::string, SnapshotFile> cache_;  // by blob id + path kind
  size_t files_read_ = 0;
};

/// Reads raw file text into FileFacts: size limit, binary detection, Helm
/// template detection, YAML parsing with the configured limits. Pure.
std::shared_ptr<FileFacts> ReadFacts(const std::string& path, const std::string& id,
                                     std::string text, const Limits& limits);

}  // namespace skewlint
