#pragma once

#include <vector>

#include "linter/config.h"
#include "linter/model.h"
#include "rules/finding.h"

namespace skewlint {

/// Marks findings suppressed (docs/config.md "ignore"): a `# skewlint: ignore[RULE] reason`
/// comment on the finding's line or the line above (a comment with no reason
/// does not suppress, and the finding says so), the resource annotation
/// `skewlint.io/ignore: "RULE[,RULE] reason"`, and config `ignore:` entries.
/// `rule` may be `*` in all three. Reads the files of `state` only.
void ApplySuppressions(const State& state, const Config& config, std::vector<Finding>& findings);

}  // namespace skewlint
