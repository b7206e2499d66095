#pragma once

#include <vector>

#include "linter/extract_util.h"
#include "linter/yaml_tree.h"

namespace skewlint {

/// Whole manifests written into chart values, read as resources of their
/// own: the items of `resources`, `rawResources`, `extraObjects`,
/// `extraDeploy` and `extraManifests` lists (at the top of the values) that
/// have an `apiVersion` and a `kind`, in a Flux `HelmRelease`'s
/// `spec.values` and an Argo CD `Application`'s `helm.valuesObject`
/// (`spec.source` and each of `spec.sources`). Generic charts such as
/// bedag/raw and the CloudNativePG cluster chart apply them as they are.
/// Each is a document whose root is the item, so its nodes keep their lines.
std::vector<YamlDocument> EmbeddedResources(const DocContext& ctx);

}  // namespace skewlint
