#include "rules/upgrade_order.h"

#include "rules/order_check.h"

namespace skewlint {

Result<std::unique_ptr<Check>> MakeUpgradeOrder(const PolicyDef& policy, const Config& config) {
  auto order =
      ReadOrderPolicy(policy, config, OrderPolicy::Direction::kUpgrade, Granularity::kMinor);
  if (!order.ok()) return order.error();
  return MakeOrderCheck(std::move(order).value());
}

}  // namespace skewlint
