#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "linter/config.h"
#include "linter/model.h"
#include "linter/snapshot.h"

namespace skewlint {

/// Which kustomizations a snapshot holds and which include which: read only
/// from the kustomization files, so it stands until one of them changes
/// (Snapshot::kustomize_graph caches it).
struct KustomizeGraph {
  std::vector<std::pair<std::string, std::string>> dirs;  ///< (folder, file), by folder
  std::unordered_map<std::string, std::string> by_dir;    ///< folder -> its kustomization
  std::vector<std::string> flux;                          ///< Flux Kustomization objects
  /// kustomization -> the kustomizations that list its folder
  std::unordered_map<std::string, std::vector<std::string>> included_by;
  std::vector<std::string> roots;  ///< Flux objects, then those nothing includes
  /// kustomization -> its resources (Kustomize and Flux)
  std::unordered_map<std::string, std::vector<std::string>> resources;
  /// The kustomizations with an `images:` entry a component tracks.
  std::unordered_set<std::string> tracked;
  /// Which kustomizations can build an instance, for a set of files with
  /// instances; filled by the first MakeState that needs it.
  struct ProductiveCache {
    bool valid = false;
    std::vector<std::string> with_instances;
    std::unordered_set<std::string> kustomizations;
  };
  mutable ProductiveCache productive;
};

/// What a kustomization brings to the graph beyond its resources.
bool HasTrackedImage(const FileInstances& found);

/// The graph of `snapshot`; to be built again when a kustomization comes,
/// goes, lists other resources, or gains or loses a tracked `images:` entry.
std::shared_ptr<const KustomizeGraph> BuildKustomizeGraph(const Snapshot& snapshot);

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
