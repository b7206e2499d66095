#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `removed-field-in-use`: key `component: C` (one or a list of components
/// located by `crd:`). An invariant: a custom resource anywhere in the
/// repository (any scope) of a CRD's group and kind sets a field that the
/// CRD's schema for the resource's API version does not define, or uses an
/// API version the CRD does not serve. A resource is judged by the CRDs of
/// its own scope, else by every CRD of that name. Only fields under schema
/// nodes that declare `properties` are judged (see FieldsSet). Findings
/// point at the field's key in the resource (the `apiVersion` key for an
/// API version).
Result<std::unique_ptr<Check>> MakeRemovedFieldInUse(const PolicyDef& policy, const Config& config);

}  // namespace skewlint
