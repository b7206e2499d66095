#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "linter/config.h"
#include "linter/crd_schema.h"
#include "linter/model.h"
#include "rules/finding.h"
#include "rules/policy_options.h"

namespace skewlint {

/// Reads `component:` (one name or a list) and checks that each component
/// has a `crd:` locator, since only those carry CRD schemas.
std::vector<std::string> CrdComponents(PolicyOptions& options, const Config& config);

/// A CRD found by a `crd:` locator, with its schema model (read once per
/// document and shared: CachedCrdSchema).
struct CrdView {
  const Instance* instance = nullptr;  ///< its version instance in the state
  std::shared_ptr<const CrdSchema> held;
  const CrdSchema& schema;  ///< *held
};

/// The CRDs of `component` in `state` (instances whose locator is `crd`),
/// in state order, with schemas read from their documents and file text.
std::vector<CrdView> CrdsOf(const State& state, const std::string& component);

/// A custom resource: a document of the state whose apiVersion and kind
/// belong to a CRD.
struct CustomResource {
  std::string path;
  std::string scope;
  const YamlNode* root = nullptr;
  std::string version;  ///< the API version part of apiVersion ("v1")
  ResourceRef ref;
  int api_version_line = 0;  ///< the `apiVersion:` key
  int api_version_column = 0;
};

/// Every resource in `state` of the CRD's group and kind, in path and
/// document order.
std::vector<CustomResource> ResourcesOf(const State& state, const CrdSchema& schema,
                                        const Config& config);

/// Whether `crd` judges `resource`: same group and kind, and either the same
/// scope or, when no CRD of that name sits in the resource's scope, any.
bool Judges(const CrdView& crd, const CustomResource& resource, const std::vector<CrdView>& all);

/// Judges each custom resource of `components`' CRDs in `state` that `keep`
/// accepts, by every CRD that judges it (Judges), and appends the findings,
/// the first at each position only.
void JudgeResources(
    const State& state, const Config& config, const std::vector<std::string>& components,
    const std::function<bool(const CustomResource&)>& keep,
    const std::function<std::vector<Finding>(const CrdView&, const CustomResource&)>& judge,
    std::vector<Finding>& out);

/// A finding at `line`/`column` of the resource's file.
Finding ResourceFinding(const CrdView& crd, const CustomResource& resource, int line, int column,
                        std::string message);

/// The `cause` key of removing property `path` from `api_version` of the
/// CRD, which removed-field-in-use findings about that field follow from.
std::string PropertyRemovedCause(const CrdSchema& schema, const std::string& api_version,
                                 const std::string& path);

/// "Kind/namespace/name" or "Kind/name", else the path.
std::string DescribeResource(const CustomResource& resource);

/// "spicepodsets.spice.ai v1" or "spicepodsets.spice.ai" when `api` is empty.
std::string DescribeCrd(const CrdSchema& schema, const std::string& api = "");

/// Names of the served API versions, "v1, v2", or "none".
std::string ServedNames(const CrdSchema& schema);

/// A marker's text for a message: its first line, at most 100 characters.
std::string ShortMarker(const DeprecationMarker& marker);

}  // namespace skewlint
