#pragma once

#include <memory>
#include <string>
#include <vector>

#include "linter/config.h"
#include "linter/model.h"
#include "linter/yaml_tree.h"

namespace skewlint {

/// A patch a kustomization applies to what it builds: an entry of
/// `patches`, `patchesStrategicMerge` or `patchesJson6902` (a Flux
/// Kustomization's `spec.patches`). A document of the patch that is a list
/// is a JSON 6902 patch (`op`, `path`, `value`), a map a strategic merge
/// patch.
struct KustomizePatch {
  std::string file;  ///< the patch file, repository-relative; "" when inline
  std::string text;  ///< an inline patch's text
  /// An inline patch's documents, parsed from `text`.
  std::shared_ptr<const std::vector<YamlDocument>> documents;
  /// Where an inline patch's line 1, column 1 sits in the kustomization
  /// (a block scalar: its first content line and indentation); when the
  /// text is no block scalar, every node is placed at `at` itself.
  Location at;
  bool block = false;
  /// `target:` (kind, name, namespace; "" matches any). With no target a
  /// strategic merge patch names its resource itself.
  ResourceRef target;
  /// A Flux Kustomization's patch: "namespace/name" of that object, which
  /// patches only what it builds itself (OrderingHints::built_by); "" for
  /// a kustomization's.
  std::string built_by;
};

/// Reads the patch entries under `owner` (a kustomization's root, or a
/// Flux Kustomization's `spec`) of the file `path` with text `text`.
std::vector<KustomizePatch> ReadKustomizePatches(const std::string& path, std::string_view text,
                                                 const YamlNode& owner);

/// Whether a document may be a patch file's: a Flux HelmRelease that names
/// no chart, an Argo CD Application whose source names no repository, or a
/// list of JSON 6902 operations. Its content then matters to
/// the state although it holds no instance.
bool IsPatchLike(const YamlNode& root);

/// A patch and its documents (the patch file's, or the inline text's).
struct PatchSource {
  const KustomizePatch* patch = nullptr;
  const std::vector<YamlDocument>* documents = nullptr;
};

/// Applies a kustomization's patches, in order, to the instances it builds:
/// an instance whose resource a patch targets and whose value the patch
/// sets takes the patch's version, at the patch's node (in the patch file,
/// or in the kustomization for an inline patch); a later patch that sets
/// the same value wins. Returns the places that moved an instance. An
/// instance an inner overlay already moved is found again only for a
/// HelmRelease's chart version (a fixed path); an image or field an inner
/// overlay set stays as it is.
std::vector<Location> ApplyKustomizePatches(const std::vector<PatchSource>& patches,
                                            const Config& config, std::vector<Instance>& out);

}  // namespace skewlint
