#include "rules/downgrade_order.h"

#include "rules/order_check.h"

namespace skewlint {

Result<std::unique_ptr<Check>> MakeDowngradeOrder(const PolicyDef& policy, const Config& config) {
  auto order =
      ReadOrderPolicy(policy, config, OrderPolicy::Direction::kDowngrade, Granularity::kPatch);
  if (!order.ok()) return order.error();
  return MakeOrderCheck(std::move(order).value());
}

}  // namespace skewlint
