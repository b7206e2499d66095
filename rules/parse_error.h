#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `parse-error`: a file the change adds or edits that is not valid YAML,
/// one finding per document that failed, at the line and column yaml-cpp
/// reports; the other documents and files are still checked. Helm templates
/// are never parse errors. Files skipped unread (over `limits.max_file_bytes`,
/// binary) are reported too, at line 1, because they could hide instances.
/// Runs with no policy entry; a policy (key `report_skipped: true|false`,
/// default true) replaces that default.
Result<std::unique_ptr<Check>> MakeParseError(const PolicyDef& policy, const Config& config);
std::unique_ptr<Check> MakeDefaultParseError(const Config& config);

}  // namespace skewlint
