#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `zero-downtime`: a change moves a component (up, or back on a rollback)
/// where the vendor's availability requirements for a rollout without
/// downtime are not met. One finding per moved resource, at its first moved
/// instance, naming every unmet requirement. Keys:
///   component: A                the component whose moves are checked
///   kind: K                     optional: only instances in resources of kind K
///   require: [{name, paths, min | equals}]
///                               values of the moved resource's document: the
///                               first of `paths` (dotted, alternatives) that is
///                               present must be a number >= `min`, or equal
///                               `equals`; absent means unmet
///   min_instances: N            optional: the replicas of every instance of A
///                               in the scope after the change (one per
///                               resource) add up to at least N
///   replicas: [paths]           where a resource's replica count is read for
///                               min_instances (default spec.replicas; absent = 1)
/// At least one of `require` and `min_instances` is needed.
Result<std::unique_ptr<Check>> MakeZeroDowntime(const PolicyDef& policy, const Config& config);

}  // namespace skewlint
