#pragma once

#include <string>
#include <utility>
#include <vector>

#include "linter/config.h"
#include "linter/kustomize_patch.h"
#include "linter/model.h"

namespace skewlint {

/// What one file says, before cross-file passes (scopes, Kustomize
/// overrides, Chart.yaml appVersion fallbacks) are applied.
struct FileInstances {
  std::vector<Instance> instances;  ///< scope left empty
  /// Kustomize `images:` overrides declared by this file (a kustomization).
  struct ImageOverride {
    std::string name;      ///< the image name it matches
    std::string new_name;  ///< "" when unchanged
    Version version;       ///< from newTag and digest
    bool has_tag = false;
    Location location;
    /// Its image (new_name, else name) is one a component tracks: when it
    /// matches nothing in its bases, it stands as an instance itself.
    bool tracked = false;
  };
  std::vector<ImageOverride> overrides;
  /// Paths this kustomization builds on (resources/bases/components),
  /// repository-relative and normalised; empty for other files.
  std::vector<std::string> kustomize_resources;
  /// The patches this kustomization applies (patches,
  /// patchesStrategicMerge, patchesJson6902; a Flux Kustomization's
  /// spec.patches).
  std::vector<KustomizePatch> patches;
  /// The file may be a patch a kustomization applies (IsPatchLike).
  bool patch_like = false;
  /// (spec.path, "namespace/name") of each Flux Kustomization of the file.
  std::vector<std::pair<std::string, std::string>> flux_builders;
  bool is_kustomization = false;
  /// Chart.yaml: the chart name, and `appVersion` candidates (one per
  /// chart_app_version locator that matched), to use when the chart's values
  /// leave the tag empty.
  std::string chart_name;
  std::vector<Instance> app_version_candidates;
  /// Chart.yaml: its `appVersion` and where it is written (unversioned with
  /// an empty raw text when absent), the version an image of the chart's
  /// values with an empty tag takes.
  Version app_version;
  Location app_version_at;
  /// Instances whose Helm values tag is empty: candidates for appVersion.
  std::vector<size_t> empty_tag_instances;
};

/// Finds every instance of the configured components in one parsed file
/// (docs/config.md "Components and locators"): images in any `image:` key (workloads, Helm values
/// maps and strings, Compose), Kustomize `images:`, Flux HelmRelease, Argo CD
/// Application sources, Chart.yaml dependencies, Kustomize helmCharts, CRDs
/// and field locators. Pure: reads only `facts`.
FileInstances ExtractInstances(const FileFacts& facts, const Config& config);

}  // namespace skewlint
