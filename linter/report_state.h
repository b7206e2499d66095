#pragma once

#include <string>

#include "linter/model.h"

namespace skewlint {

/// `skewlint state --format json`.
std::string StateToJson(const State& state);
/// One line per instance: "path:line:col: component version (scope, locator, resource)".
std::string StateToText(const State& state);

}  // namespace skewlint
