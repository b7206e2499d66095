#pragma once

#include <map>
#include <memory>
#include <string>

#include "linter/config.h"
#include "linter/repository.h"
#include "linter/state_builder.h"
#include "rules/history.h"

namespace skewlint {

/// History answered from a Repository, with a StateBuilder for past states
/// (share the engine's, so that a blob is parsed once per run). Caches every
/// answer, each cache up to a bound that Forget applies; one instance per
/// check run.
class RepositoryHistory : public History {
 public:
  RepositoryHistory(Repository& repository, StateBuilder& builder);

  std::vector<CommitInfo> PathCommits(std::string_view rev, std::string_view path,
                                      size_t limit) override;
  std::vector<CommitInfo> Ancestry(std::string_view rev, size_t limit) override;
  std::optional<std::string> FileText(std::string_view rev, std::string_view path) override;
  std::string MissingBlob(std::string_view rev, std::string_view path) override;
  const State* StateAt(std::string_view rev) override;
  std::vector<TagInfo> Tags() override;
  bool IsAncestor(std::string_view ancestor, std::string_view descendant) override;
  void Forget() override;

  /// Past states held (for tests).
  size_t cached_states() const { return states_.size(); }

 private:
  Repository& repository_;
  StateBuilder& builder_;
  std::map<std::string, std::vector<CommitInfo>> path_commits_;
  std::map<std::string, CommitInfo> commits_;  // by id
  std::map<std::string, std::unique_ptr<State>> states_;
  std::optional<std::vector<TagInfo>> tags_;
  std::map<std::string, std::string> missing_;  // "rev\npath" -> blob id
};

}  // namespace skewlint
