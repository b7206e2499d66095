#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `deprecated-field-in-use`: key `component: C` (one or a list of
/// components located by `crd:`). A custom resource in a file the change
/// touches sets a field (or uses an API version) that the head CRD marks
/// deprecated (docs/config.md, `deprecated-field-removal`). Findings point
/// at the field's key in the resource.
Result<std::unique_ptr<Check>> MakeDeprecatedFieldInUse(const PolicyDef& policy,
                                                        const Config& config);

}  // namespace skewlint
