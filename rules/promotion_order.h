#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `promotion-order`: with `promotion: {order: [dev, staging, prod],
/// bake_hours: N}`, a scope may move a component up (or to a new digest of
/// the same version) only when the scope before it in the order already ran
/// that version before the change (the same digest when the new one is
/// pinned by digest) and has run it for at least N hours: from the oldest
/// commit since which it has run it without a break (first-parent history of
/// the base) to the time of the check. The first scope is free; scopes not in
/// the order, added instances and rollbacks are not checked.
///
/// Runs from the config's `promotion:` with no policy entry. A policy
/// (`component:` one name or a list, `order:`, `bake_hours:`, each defaulting
/// to the config's) replaces that default, so components can bake apart.
Result<std::unique_ptr<Check>> MakePromotionOrder(const PolicyDef& policy, const Config& config);
std::unique_ptr<Check> MakeDefaultPromotionOrder(const Config& config);

}  // namespace skewlint
