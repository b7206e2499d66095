#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `policy-changed`: runs without a policy entry. A change that edits the
/// config file gets a notice: the check used the base's config, and the new
/// one takes effect after merge.
std::unique_ptr<Check> MakePolicyChanged(const Config& config);

}  // namespace skewlint
