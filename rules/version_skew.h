#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `version-skew`: a state invariant between two components, or between the
/// instances of one, inside each scope. Keys: `newer: A, than: B` (each A at
/// most `allow` newer than the oldest B), `older: A, than: B` (each A at most
/// `allow` older than the oldest B), or `within: A` (every A at most `allow`
/// newer than the oldest A).
Result<std::unique_ptr<Check>> MakeVersionSkew(const PolicyDef& policy, const Config& config);

}  // namespace skewlint
