#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/version.h"
#include "linter/yaml_tree.h"

namespace skewlint {

/// A deprecation marker on a CRD property or API version (docs/config.md,
/// `deprecated-field-removal`).
/// A deprecation marker on a CRD property or API version: a `# Deprecated`
/// comment, a `description` that begins so, or `deprecated: true`.
struct DeprecationMarker {
  enum class Source { kComment, kDescription, kVersionField };
  Source source = Source::kComment;
  std::string text;              ///< the comment or description, trimmed
  std::optional<Version> since;  ///< a version written in the marker
  int line = 0;                  ///< where the marker is written

  bool operator==(const DeprecationMarker&) const = default;
};

/// The deprecation marker a comment line or description text carries:
/// text that begins with the word "deprecated" in any case (after `#`,
/// spaces and Markdown emphasis), or, for descriptions, a line that begins
/// so after a blank line or a line ending a sentence (the Go doc paragraph
/// "Deprecated: use x"). A "deprecated" inside a sentence ("Widgets to
/// select. *Deprecated:* if neither …") is not a marker. nullopt when it
/// carries none.
std::optional<DeprecationMarker> ParseMarker(std::string_view text,
                                             DeprecationMarker::Source source);

/// A version written in a marker: right after the word ("Deprecated 1.3",
/// "deprecated in v1.3.0", "Deprecated since version 1.3"), or after
/// "since"/"as of" anywhere in it ("Deprecated: use mode (since 1.3)").
/// "removed in 2.0" is not a deprecation version.
std::optional<Version> MarkerVersion(std::string_view text);

/// One node of an API version's schema, by its path from the resource root:
/// named properties are joined with '.', list items add "[]", and
/// `additionalProperties` adds ".*" ("spec.stores.*.bucket").
struct SchemaNode {
  std::string path;
  bool is_property = false;  ///< a key of a `properties:` map
  int line = 0;              ///< its key (property name, `items`, …)
  int column = 0;
  /// Its marker, or null (shared: most nodes have none, and a copy of the
  /// schema with its lines moved copies only the markers).
  std::shared_ptr<const DeprecationMarker> deprecation;
  bool preserve_unknown = false;     ///< x-kubernetes-preserve-unknown-fields: true
  bool declares_properties = false;  ///< has a `properties:` map
  bool has_items = false;            ///< `items` is a schema
  bool has_additional = false;       ///< `additionalProperties` is a schema
  bool open_additional = false;      ///< `additionalProperties: true`
};

/// One API version of a CRD (`spec.versions[]`).
struct CrdApiVersion {
  std::string name;  ///< "v1alpha1"
  bool served = true;
  bool storage = false;
  bool has_schema = false;
  /// The schema was too large (or aliased) to read whole: absent paths
  /// prove nothing.
  bool truncated = false;
  /// The API server keeps fields the schema does not describe: a
  /// non-structural CRD (`preserveUnknownFields`, true by default in
  /// apiextensions.k8s.io/v1beta1). Unknown fields are neither rejected nor
  /// pruned.
  bool keeps_unknown = false;
  std::optional<DeprecationMarker> deprecation;  ///< `deprecated: true` or a comment
  int line = 0;                                  ///< its `name:` key
  int column = 0;
  std::map<std::string, SchemaNode> nodes;  ///< by path; "" is the schema root

  const SchemaNode* Find(std::string_view path) const;
  /// The marker of `path` itself (the version's own marker for "").
  const DeprecationMarker* MarkerOf(std::string_view path) const;
  /// The deepest node at or above `path` that exists (the root at worst).
  const SchemaNode* NearestExisting(std::string_view path) const;
};

/// The schema model of one CustomResourceDefinition document.
struct CrdSchema {
  std::string name;  ///< metadata.name, e.g. "spicepodsets.spice.ai"
  std::string group;
  std::string kind;       ///< spec.names.kind
  int versions_line = 0;  ///< the `versions:` key (or `version:` for v1beta1)
  int versions_column = 0;
  std::vector<CrdApiVersion> versions;

  const CrdApiVersion* Find(std::string_view api_version) const;
  /// Versions that are served, in file order.
  std::vector<const CrdApiVersion*> Served() const;
};

/// Reads the schema of a CRD document. `text` is the raw text of the file
/// the document comes from (comment markers are read there, by line).
/// Supports apiextensions v1 (`spec.versions[].schema.openAPIV3Schema`) and
/// v1beta1 (`spec.validation.openAPIV3Schema` shared by every version).
/// Pure; bounded by a visit budget.
CrdSchema ReadCrdSchema(const YamlNode& crd, std::string_view text);

/// ReadCrdSchema of a document of `text` (may be null: no comments), read
/// once for as long as both live: later calls with the same document and
/// text share the first answer. Thread-safe; holds neither alive.
std::shared_ptr<const CrdSchema> CachedCrdSchema(const YamlNodePtr& crd,
                                                 const std::shared_ptr<const std::string>& text);

/// The same for a whole document of `text`, keyed by its content id when it
/// has one: a document with the same bytes (the same CRD in the next
/// version of a bundle, lines moved by an edit above it) shares the schema
/// read the first time, its lines moved (ShiftLines). Thread-safe.
std::shared_ptr<const CrdSchema> CachedCrdSchema(const YamlDocument& document,
                                                 const std::shared_ptr<const std::string>& text);

/// `schema` with every line moved by `delta` (lines that are 0, unknown,
/// stay 0).
CrdSchema ShiftLines(const CrdSchema& schema, int delta);

/// The parent path of a schema path ("spec.a[]" -> "spec.a", "spec" -> "").
std::string ParentPath(std::string_view path);

/// A field a custom resource sets, as judged against one API version.
struct FieldUse {
  std::string path;   ///< schema path ("spec.stores.*.bucket")
  std::string shown;  ///< as set in the resource ("spec.stores.eu.bucket")
  int line = 0;       ///< its key in the resource
  int column = 0;
  bool known = false;  ///< the schema has it
};

/// Every field `resource` sets that the schema can judge, in document
/// order. Not judged: `apiVersion`, `kind`, `metadata` and `status` at the
/// root, null values (`field: ~`, or a key with no value: they set
/// nothing), anything under a node that does not declare properties, and
/// anything at or under x-kubernetes-preserve-unknown-fields or
/// `additionalProperties: true`. An unknown field is reported once; what is
/// under it is not walked. Nothing is unknown in a truncated schema, nor in
/// one whose CRD keeps unknown fields.
std::vector<FieldUse> FieldsSet(const CrdApiVersion& version, const YamlNode& resource);

}  // namespace skewlint
