#pragma once

#include <string>
#include <vector>

#include "linter/config.h"
#include "linter/model.h"
#include "linter/result.h"

namespace skewlint {

/// One change of a plan: every instance of `component` in `scope` moves.
struct PlanStep {
  std::string scope;
  std::string component;
  std::string from;  ///< normalised version before
  std::string to;    ///< normalised version after
  Location where;    ///< the first instance it moves
  int change = 0;    ///< 1-based: steps with the same number are one change
};

struct Plan {
  std::string scope;
  std::vector<PlanStep> steps;
  /// Empty when the target is reached; otherwise why no compliant next step
  /// exists (the findings the best attempt produced).
  std::string blocked;
};

/// The shortest sequence of policy-compliant changes, found greedily, that
/// takes `component` to `target` in each scope of `state` that has it (or
/// only `scope` when not empty), moving first whatever the policies say must
/// move first (upgrade-order prerequisites, version-skew partners).
/// Every candidate step is judged by the configured checks themselves; a step
/// is kept when it adds no error. Intermediate steps land on the first patch
/// of a minor (X.Y.0): take the latest patch of that minor in practice.
Result<std::vector<Plan>> MakePlan(const State& state, const Config& config,
                                   const std::string& component, const std::string& target,
                                   const std::string& scope);

}  // namespace skewlint
