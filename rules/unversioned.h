#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `unversioned`: a tracked instance the change adds or edits whose tag
/// carries no version (`latest`, a branch, a commit SHA, a bare digest, an
/// empty tag), so no version rule can check it. Runs with no policy entry for
/// every component; policies (`component:` one name or a list) replace that
/// default and narrow it.
Result<std::unique_ptr<Check>> MakeUnversioned(const PolicyDef& policy, const Config& config);
std::unique_ptr<Check> MakeDefaultUnversioned(const Config& config);

}  // namespace skewlint
