#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `upgrade-order`: keys `first: [A, …]`, `then: B`, `granularity:
/// patch|minor|major` (default minor). B may move up to a new series only
/// after every A is there, in an earlier change or earlier in the same one.
Result<std::unique_ptr<Check>> MakeUpgradeOrder(const PolicyDef& policy, const Config& config);

}  // namespace skewlint
