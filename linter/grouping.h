#pragma once

#include <vector>

#include "rules/finding.h"

namespace skewlint {

/// Findings that share a cause become one, after suppression:
///  1. findings at one location and commit, about one component and scope,
///     whose fix is to move other components first (`prerequisite`) are one
///     finding whose message names every prerequisite ("spiceai-runtime 1.5.0
///     needs spiceai-operator and spiceai-crds at 1.5 first; both are at
///     1.4.2 in scope prod");
///  2. a finding that `follows` from a change is folded into the finding
///     whose `cause` is that change, wherever it points, and the message of
///     that finding says what else the change breaks.
/// A grouped finding takes the strongest severity, lists each finding it
/// stands for in `related` (rule, policy, own message, location), and is
/// suppressed only when every one of them is. A finding alone is unchanged.
/// Takes and returns findings in report order.
std::vector<Finding> GroupFindings(std::vector<Finding> findings);

}  // namespace skewlint
