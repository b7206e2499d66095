#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `deprecated-field-removal`: keys `component: C` (one or a list of
/// components located by `crd:`), `window: 2-minor` (default; `<N>-minor`,
/// `minor`, `major` or `none`), `version_from: marker | history | tags`
/// (default `history`: the version written in the marker, else the
/// component's version when the marker was added), and for CRDs without a
/// version label `version`, `version_file` (+ `version_field` or
/// `version_regex`) and `tag_pattern` (VersionSource); `alpha_exempt`
/// (default true).
///
/// For every CRD of C present before and after the change, every property
/// of a served API version that the change removes (compared by full path,
/// per API version) must have been marked deprecated (docs/config.md,
/// `deprecated-field-removal`) at least `window` before the removing version.
/// For every CRD of C present before and after the change in the same file
/// (each file's CRD is its own instance), every property of a served API
/// version that the change removes (compared by full path, per API version)
/// must have been marked deprecated (the `Deprecated` markers of
/// crd_schema.h) at least `window` before the removing version. Not judged:
/// what the last release did not have (with tags), `status`, the root
/// `metadata`, `apiVersion` and `kind`, what a node that still takes
/// anything keeps, and alpha API versions unless `alpha_exempt: false`.
/// A removed API version is judged as one unit when it was itself marked
/// deprecated, else property by property. A CRD downgrade is left to
/// `crd-downgrade`. Findings point at the nearest surviving parent property
/// in the head CRD (the `versions:` key for a removed API version).
Result<std::unique_ptr<Check>> MakeDeprecatedFieldRemoval(const PolicyDef& policy,
                                                          const Config& config);

}  // namespace skewlint
