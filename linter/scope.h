#pragma once

#include <string>
#include <string_view>

#include "linter/config.h"

namespace skewlint {

/// The scope (cluster or environment) a file belongs to (docs/config.md "Scopes"):
/// the named group `scope` of the first configured pattern that matches, else
/// the path segment after `clusters/`, `environments/`, `envs/` or
/// `overlays/`, else "" (the whole repository is one scope).
std::string ScopeOf(const Config& config, std::string_view path);

/// How a scope is named in messages: "scope prod", or "the repository".
std::string DescribeScope(std::string_view scope);

}  // namespace skewlint
