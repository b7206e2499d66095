#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `policy-unmatched`: a policy that cannot judge what it meets, so that it
/// never passes silently. A rule about the whole run (before = the base,
/// after = the head), without a policy entry; reports, once per policy and
/// cause:
///  - a component named by a policy of the user's config (not a preset's)
///    with no instance at the base or the head: a locator that matches
///    nothing, such as a typo in an image name;
///  - a version-skew, upgrade-order or downgrade-order policy without a
///    matrix that meets, at the head, two components on different version lines (majors
///    that differ, with no `adjacent` entry bridging them);
///  - a matrix with no row for a series the repository runs.
/// Findings of the user's policies sit at the policy's line in the config;
/// those of presets' policies at the instance.
Result<std::unique_ptr<Check>> MakePolicyUnmatched(const PolicyDef& policy, const Config& config);
std::unique_ptr<Check> MakeDefaultPolicyUnmatched(const Config& config);

}  // namespace skewlint
