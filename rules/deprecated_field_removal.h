#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `deprecated-field-removal`: keys `component: C` (one or a list of
/// components located by `crd:`), `window: 2-minor` (default; `<N>-minor`,
/// `minor`, `major` or `none`), `version_from: marker | history | tags`
/// (default `history`: the version written in the marker, else the
/// component's version when the marker was added).
///
/// For every CRD of C present before and after the change, every property
/// of a served API version that the change removes (compared by full path,
/// per API version) must have been marked deprecated (docs/config.md,
/// `deprecated-field-removal`) at least `window` before the removing version.
/// A removed API version is judged as one unit when it was itself marked
/// deprecated, else property by property. A CRD downgrade is left to
/// `crd-downgrade`. Findings point at the nearest surviving parent property
/// in the head CRD (the `versions:` key for a removed API version).
Result<std::unique_ptr<Check>> MakeDeprecatedFieldRemoval(const PolicyDef& policy,
                                                          const Config& config);

}  // namespace skewlint
