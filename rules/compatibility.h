#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `compatibility`: a state invariant. Keys `component: A`, `with: B`,
/// `matrix: {SERIES: RANGE}`. In each scope, every versioned A whose series
/// has a row must be paired only with Bs inside that row's range. A series
/// with no row is not judged here (policy-unmatched says so). Other
/// policies name it in their own `matrix:` to reuse the map.
Result<std::unique_ptr<Check>> MakeCompatibility(const PolicyDef& policy, const Config& config);

}  // namespace skewlint
