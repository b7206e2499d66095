#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "linter/config.h"
#include "linter/crd_schema.h"
#include "linter/model.h"
#include "linter/repository.h"
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
  /// The content id of its document (YamlDocument::content_id), 0 when
  /// unknown: two views with the same nonzero id read the same bytes.
  uint64_t content_id = 0;

  /// Whether `other` is read from the same bytes (its lines may differ).
  bool SameContent(const CrdView& other) const {
    return content_id != 0 && content_id == other.content_id;
  }
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
  uint64_t content_id = 0;  ///< its document's (YamlDocument::content_id), 0 when unknown
};

/// Every resource in `state` of the CRD's group and kind, in path and
/// document order.
std::vector<CustomResource> ResourcesOf(const State& state, const CrdSchema& schema,
                                        const Config& config);

/// The copy of its CRD that judges `resource`, or null when `all` has none
/// of its group and kind. A repository often holds one CRD twice (a
/// kubebuilder base and a chart's copy, a bundle), and a resource is judged
/// once, by the copy deployed with it: among the copies of its scope (all
/// copies when its scope has none), a versioned copy older than another
/// versioned one is never chosen; of the rest, the copy whose folder shares
/// the most leading path segments with the resource's, then the first path.
const CrdView* JudgeOf(const CustomResource& resource, const std::vector<CrdView>& all);

/// The same CRD on the other side of a change: the same instance in the same
/// file, or the file it was renamed to (`forward`: `from` is before the
/// change, else after), since each file's CRD is its own instance.
const CrdView* Counterpart(const CrdView& from, const std::vector<CrdView>& others,
                           const std::vector<FileDelta>& changed, bool forward);

/// What a judge of JudgeResources found, by what it read: the CRD document's
/// content id, the copy's file, component and version, and the resource
/// document's content id, line (a memo moves a document's lines), file and
/// scope. A per-commit walk judges the same pairs
/// step after step; a judge that reads nothing else (neither lines of the
/// CRD nor other files) may keep its answers here.
class JudgeMemo {
 public:
  const std::vector<Finding>* Find(const std::string& key) const;
  /// Keeps a copy of `findings`, unless there are more than a few.
  void Keep(std::string key, const std::vector<Finding>& findings);
  /// The key of a pair, or "" when it cannot be keyed (a document without
  /// a content id).
  static std::string KeyOf(const CrdView& crd, const CustomResource& resource);

 private:
  static constexpr size_t kMaxEntries = size_t{1} << 14;
  static constexpr size_t kMaxFindings = 32;  ///< per pair kept
  std::unordered_map<std::string, std::vector<Finding>> by_key_;
};

/// Judges each custom resource of `components`' CRDs in `state` that `keep`
/// accepts, once, by the copy of its CRD that JudgeOf chooses, and appends
/// the findings, the first at each position only (an alias repeats a key).
/// With a `memo`, a pair judged before is not judged again.
void JudgeResources(
    const State& state, const Config& config, const std::vector<std::string>& components,
    const std::function<bool(const CustomResource&)>& keep,
    const std::function<std::vector<Finding>(const CrdView&, const CustomResource&)>& judge,
    std::vector<Finding>& out, JudgeMemo* memo = nullptr);

/// A finding at `line`/`column` of the resource's file.
Finding ResourceFinding(const CrdView& crd, const CustomResource& resource, int line, int column,
                        std::string message);

/// A finding about the CRD file of `crd` at `line`/`column`; it is keyed by
/// its path (Finding::about_file), so two copies are two findings.
Finding CrdFinding(const CrdView& crd, int line, int column, std::string message);

/// The `cause` key of removing property `path` from `api_version` of the
/// CRD in its file, which removed-field-in-use findings about that field
/// (judged by that copy) follow from.
std::string PropertyRemovedCause(const CrdView& crd, const std::string& api_version,
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
