#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `forced-rollout`: a change whose only edits to a resource of the policy's
/// kinds are in the fields that roll every pod (Spice.ai: annotations and
/// labels of a SpicepodSet, in metadata or spec). The before and after
/// documents of the same resource (kind, namespace, name, in the changed
/// file) are compared; any other difference means a real rollout, and no
/// finding. Keys:
///   kind: K or [K...]      default SpicepodSet
///   fields: [paths]        default metadata.annotations, metadata.labels,
///                          spec.annotations, spec.labels
///   component: A           optional: only resources holding an instance of A
///   reason: TEXT           optional: what such a change is for, in the message
Result<std::unique_ptr<Check>> MakeForcedRollout(const PolicyDef& policy, const Config& config);

}  // namespace skewlint
