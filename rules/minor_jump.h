#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `minor-jump`: keys `component: A` (or a list), `max: N` (default 1). One
/// change may move an instance of A up at most N minors; a move across majors
/// counts through `adjacent` series only, else it is a jump.
Result<std::unique_ptr<Check>> MakeMinorJump(const PolicyDef& policy, const Config& config);

}  // namespace skewlint
