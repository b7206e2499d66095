#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `downgrade-order`: keys `first: [A, …]`, `then: B`, `granularity`
/// (default patch). B may move down to an older series only after every A is
/// already there (a rollback undoes an upgrade in reverse order).
Result<std::unique_ptr<Check>> MakeDowngradeOrder(const PolicyDef& policy, const Config& config);

}  // namespace skewlint
