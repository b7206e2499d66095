#include "linter/history_service.h"

namespace skewlint {

RepositoryHistory::RepositoryHistory(Repository& repository, StateBuilder& builder)
    : repository_(repository), builder_(builder) {}

std::vector<CommitInfo> RepositoryHistory::PathCommits(std::string_view rev, std::string_view path,
                                                       size_t limit) {
  std::string key = std::string(rev) + "\n" + std::string(path) + "\n" + std::to_string(limit);
  if (auto it = path_commits_.find(key); it != path_commits_.end()) return it->second;
  auto commits = repository_.PathHistory(rev, path, limit);
  std::vector<CommitInfo> out =
      commits.ok() ? std::move(commits).value() : std::vector<CommitInfo>{};
  path_commits_[key] = out;
  return out;
}

std::vector<CommitInfo> RepositoryHistory::Ancestry(std::string_view rev, size_t limit) {
  std::vector<CommitInfo> out;
  std::string id(rev);
  while (out.size() < limit && !id.empty()) {
    auto it = commits_.find(id);
    if (it == commits_.end()) {
      auto commit = repository_.Commit(id);
      if (!commit.ok()) break;
      it = commits_.emplace(id, std::move(commit).value()).first;
    }
    out.push_back(it->second);
    id = it->second.parents.empty() ? "" : it->second.parents.front();
  }
  return out;
}

std::optional<std::string> RepositoryHistory::FileText(std::string_view rev,
                                                       std::string_view path) {
  auto entry = repository_.FileAt(rev, path);
  if (!entry.ok() || !entry->has_value()) return std::nullopt;
  auto text = repository_.Read(rev, **entry);
  if (!text.ok()) {
    missing_[std::string(rev) + "\n" + std::string(path)] = (*entry)->id;
    return std::nullopt;
  }
  return std::move(text).value();
}

std::string RepositoryHistory::MissingBlob(std::string_view rev, std::string_view path) {
  auto it = missing_.find(std::string(rev) + "\n" + std::string(path));
  return it == missing_.end() ? "" : it->second;
}

const State* RepositoryHistory::StateAt(std::string_view rev) {
  std::string key(rev);
  if (auto it = states_.find(key); it != states_.end()) return it->second.get();
  auto snapshot = builder_.Read(rev);
  std::unique_ptr<State> state;
  if (snapshot.ok()) state = std::make_unique<State>(builder_.MakeState(*snapshot));
  return (states_[key] = std::move(state)).get();
}

std::vector<TagInfo> RepositoryHistory::Tags() {
  if (!tags_) {
    auto tags = repository_.Tags();
    tags_ = tags.ok() ? std::move(tags).value() : std::vector<TagInfo>{};
  }
  return *tags_;
}

bool RepositoryHistory::IsAncestor(std::string_view ancestor, std::string_view descendant) {
  auto result = repository_.IsAncestor(ancestor, descendant);
  return result.ok() && *result;
}

void RepositoryHistory::Forget() {
  // Bounds well above what one step asks (promotion-order walks at most a
  // few thousand commits back): a cache over its bound starts again empty.
  constexpr size_t kStates = 16;
  constexpr size_t kCommits = 4096;
  constexpr size_t kPathHistories = 256;
  constexpr size_t kMissing = 1024;
  if (states_.size() > kStates) states_.clear();
  if (commits_.size() > kCommits) commits_.clear();
  if (path_commits_.size() > kPathHistories) path_commits_.clear();
  if (missing_.size() > kMissing) missing_.clear();
}

}  // namespace skewlint
