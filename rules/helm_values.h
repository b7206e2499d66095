#pragma once

#include <string>
#include <vector>

#include "linter/model.h"

namespace skewlint {

/// Helm values found in one file, and which charts they may configure.
struct ValuesSource {
  /// Identity within the file, stable across revisions: the resource and
  /// where in it ("HelmRelease/ns/name spec.values"), or the document index
  /// of a values file ("document 0").
  std::string key;
  /// Chart names these values may configure: the release's chart; for a
  /// values file, its Chart.yaml's name and dependencies, and the names of
  /// the folders it sits in (`clusters/prod/spire-server/values.yaml`).
  std::vector<std::string> charts;
  const YamlNode* root = nullptr;
};

/// Values in `file`: Flux HelmRelease `spec.values`, Argo CD Application
/// `helm.valuesObject` of `spec.source` and `spec.sources[]`, Kustomize
/// `helmCharts[].valuesInline`, and every document of a file named
/// `values*.yaml` / `values*.yml`. `state` holds the file's Chart.yaml, if
/// any. Pure.
std::vector<ValuesSource> FindValues(const FileFacts& file, const State& state);

}  // namespace skewlint
