#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `policy-changed`: runs without a policy entry. A change that edits the
/// config file gets a notice: the check used the base's config, and the new
/// one takes effect after merge. When the edited config is invalid
/// (RuleContext::head_config_error), the finding is an error at the
/// config's file:line:col with what is wrong, whatever severity `rules:`
/// gives the rule.
std::unique_ptr<Check> MakePolicyChanged(const Config& config);

}  // namespace skewlint
