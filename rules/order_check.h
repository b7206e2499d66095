#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rules/matrix.h"
#include "rules/policy_options.h"
#include "rules/rule.h"

namespace skewlint {

/// What upgrade-order and downgrade-order share: THEN may reach a new series
/// (at `granularity`) in a direction only after every FIRST has reached it in
/// an earlier change, or in the same change when declared ordering applies
/// FIRST before THEN. With a `matrix`, a FIRST it relates to THEN has
/// "reached" THEN's new version when the two are compatible by the matrix;
/// other FIRSTs compare numbers, and only on one version line.
struct OrderPolicy {
  enum class Direction { kUpgrade, kDowngrade };
  Direction direction = Direction::kUpgrade;
  std::vector<std::string> first;
  std::string then;
  Granularity granularity = Granularity::kMinor;
  Adjacency adjacency;
  std::optional<Matrix> matrix;
};

std::unique_ptr<Check> MakeOrderCheck(OrderPolicy policy);

/// Reads `first`, `then`, `granularity` and `matrix` from a policy entry.
Result<OrderPolicy> ReadOrderPolicy(const PolicyDef& policy, const Config& config,
                                    OrderPolicy::Direction direction, Granularity fallback);

}  // namespace skewlint
