#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "linter/location.h"
#include "linter/version.h"
#include "linter/yaml_tree.h"

namespace skewlint {

/// The Kubernetes object an instance sits in (empty fields for values files,
/// Chart.yaml and Compose files).
struct ResourceRef {
  std::string api_version;
  std::string kind;
  std::string namespace_;
  std::string name;

  auto operator<=>(const ResourceRef&) const = default;
  /// "Kind/namespace/name", "Kind/name", or "" when unknown.
  std::string ToString() const;
};

/// What a GitOps controller uses to order the application of resources.
struct OrderingHints {
  std::optional<int64_t> sync_wave;     ///< argocd.argoproj.io/sync-wave
  std::vector<std::string> depends_on;  ///< Flux spec.dependsOn, "namespace/name"
  std::optional<int64_t> hook_weight;   ///< helm.sh/hook-weight
  /// The Flux Kustomization whose spec.path applies it, "namespace/name";
  /// that object's dependsOn orders it too.
  std::string built_by;

  auto operator<=>(const OrderingHints&) const = default;
};

/// One place where a component's version is set.
struct Instance {
  std::string component;
  std::string scope;
  Version version;
  std::string locator;  ///< image | field | chart | chart_app_version | crd
  std::string image;    ///< image repository for image-like locators, else ""
  /// The pattern of the locator that found it (re2 source; "Kind path" for
  /// a field locator), as `skewlint state` shows it.
  std::string pattern;
  /// Where an image with no tag takes its version from when the repository
  /// does not hold it ("chart rook-ceph v1.17.7": the chart's appVersion);
  /// "" otherwise.
  std::string version_from;
  Location location;
  ResourceRef resource;
  OrderingHints hints;
  /// Its version is written by a kustomization over its base: an
  /// `images:` entry or a patch (kustomize_patch.h) in an overlay, which
  /// moves the base's instance in the overlay's scope.
  bool overlay = false;
  /// The whole YAML document the instance was found in, for rules that read
  /// more of the resource (replicas, update strategy). May be null.
  YamlNodePtr document;

  /// Identity of the place, independent of the version and of the line:
  /// same component, scope, resource (or file when it has none) and locator
  /// means "the same instance" across two states.
  std::string Key() const;
};

std::ostream& operator<<(std::ostream& os, const Instance& instance);

/// A file of a revision as skewlint understood it.
struct FileFacts {
  std::string path;
  std::string id;                           ///< blob id
  std::shared_ptr<const std::string> text;  ///< raw text (kept for comment markers)
  std::vector<YamlDocument> documents;
  std::vector<YamlProblem> problems;  ///< YAML that could not be read
  bool is_template = false;           ///< a Helm template: never parsed
  /// Not a manifest: binary (a NUL byte in the first 8 KiB), encrypted
  /// (git-crypt), or marked `filter`, `-diff` or `binary` in
  /// `.gitattributes`. Never parsed, and skipped without a finding.
  bool not_manifest = false;
  std::string skipped;    ///< why it was not read, or ""
  bool filtered = false;  ///< not parsed: nothing in it can matter (prefilter.h)
  bool relevant = true;   ///< the prefilter keeps it (parsed or not)
  /// It holds what rules read across files (a needle or a CRD's kind), not
  /// only structure the cross-file passes read: State::files keeps it.
  bool content = true;

  /// The document whose root is `root` (an instance's `document`), or null.
  const YamlDocument* DocumentOf(const YamlNode* root) const;
};

/// Everything found at one revision.
struct State {
  std::string rev;
  std::vector<Instance> instances;  ///< sorted by scope, component, location
  /// Files read, by path: those with content (FileFacts::content), and in a
  /// check the changed files and the Chart.yaml beside them. Others may be
  /// absent.
  std::map<std::string, std::shared_ptr<const FileFacts>> files;

  /// Instances of `component` in `scope`, in state order.
  std::vector<const Instance*> Of(const std::string& component, const std::string& scope) const;
  /// Every scope that has at least one instance, sorted.
  std::vector<std::string> Scopes() const;
};

}  // namespace skewlint
