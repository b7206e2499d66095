#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "linter/config.h"
#include "linter/model.h"
#include "linter/snapshot.h"

namespace skewlint {

struct KustomizeResult {
  /// Instances as the kustomizations build them, with scopes assigned.
  std::vector<Instance> instances;
  /// Files whose instances are represented through a kustomization (and
  /// must not be counted again on their own).
  std::set<std::string> covered;
};

/// Builds every root kustomization (one no other kustomization includes)
/// the way `kustomize build` would for images: the instances of the files
/// it includes, transitively, with each level's `images:` overrides applied
/// (inner first). An instance from a file that has a scope of its own keeps
/// it; one from an unscoped base takes the kustomization's scope. An
/// override that matches nothing in its bases stands as an instance itself.
KustomizeResult ResolveKustomizations(const Snapshot& snapshot,
                                      const std::map<std::string, std::vector<Instance>>& by_file,
                                      const Config& config);

}  // namespace skewlint
