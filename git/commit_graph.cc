#include "git/commit_graph.h"

#include <algorithm>

#include "git/handles.h"

namespace skewlint::git {

std::optional<uint32_t> CommitGraph::Read(const git_oid& id) {
  if (auto it = index_.find(id); it != index_.end()) return it->second;
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo_, &id) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  CommitHandle commit(raw);
  std::vector<git_oid> parents;
  unsigned count = git_commit_parentcount(raw);
  parents.reserve(count);
  for (unsigned i = 0; i < count; ++i) parents.push_back(*git_commit_parent_id(raw, i));
  auto n = static_cast<uint32_t>(nodes_.size());
  nodes_.emplace_back();
  unread_parents_.push_back(std::move(parents));
  seen_.push_back(0);
  index_.emplace(id, n);
  return n;
}

std::optional<uint32_t> CommitGraph::Load(const git_oid& id) {
  std::optional<uint32_t> root = Read(id);
  if (!root) return std::nullopt;
  // Depth first, without recursion: a node is numbered once its parents are.
  std::vector<uint32_t> stack = {*root};
  while (!stack.empty()) {
    uint32_t n = stack.back();
    if (nodes_[n].generation) {
      stack.pop_back();
      continue;
    }
    if (!unread_parents_[n].empty()) {
      std::vector<git_oid> parents = std::move(unread_parents_[n]);
      unread_parents_[n] = {};
      for (const git_oid& parent : parents) {
        std::optional<uint32_t> p = Read(parent);
        if (!p) return std::nullopt;
        nodes_[n].parents.push_back(*p);
      }
    }
    uint32_t generation = 0;
    bool ready = true;
    for (uint32_t p : nodes_[n].parents) {
      if (nodes_[p].generation == 0) {
        stack.push_back(p);
        ready = false;
      } else {
        generation = std::max(generation, nodes_[p].generation);
      }
    }
    if (ready) {
      nodes_[n].generation = generation + 1;
      stack.pop_back();
    }
  }
  return root;
}

std::optional<bool> CommitGraph::IsAncestor(const git_oid& ancestor, const git_oid& descendant) {
  if (broken_) return std::nullopt;
  std::optional<uint32_t> a = Load(ancestor);
  std::optional<uint32_t> d = a ? Load(descendant) : std::nullopt;
  if (!a || !d) {
    broken_ = true;
    return std::nullopt;
  }
  if (*a == *d) return true;
  // Only commits newer than the ancestor can lead to it.
  uint32_t floor = nodes_[*a].generation;
  if (floor >= nodes_[*d].generation) return false;
  if (++query_ == 0) {
    std::fill(seen_.begin(), seen_.end(), 0);
    query_ = 1;
  }
  work_.assign(1, *d);
  while (!work_.empty()) {
    uint32_t n = work_.back();
    work_.pop_back();
    for (uint32_t p : nodes_[n].parents) {
      if (p == *a) return true;
      if (nodes_[p].generation <= floor || seen_[p] == query_) continue;
      seen_[p] = query_;
      work_.push_back(p);
    }
  }
  return false;
}

}  // namespace skewlint::git
