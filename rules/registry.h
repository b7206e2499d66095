#pragma once

#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace skewlint {

/// Every rule skewlint knows, sorted by id (docs/config.md "Rules and their policy keys").
const std::vector<RuleSpec>& AllRules();
/// The rule with this id, or nullptr.
const RuleSpec* FindRule(std::string_view id);
/// The rule's documentation (rules/<id>.md, embedded), or "" when missing.
std::string_view RuleDoc(std::string_view id);

}  // namespace skewlint
