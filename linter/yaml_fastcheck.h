#pragma once

#include <string_view>

#include "linter/yaml_tree.h"

namespace skewlint {

/// True only when ParseYaml(text, limits) would return no problem: `text`
/// is block YAML of a simple subset (see .cc). False means "not known",
/// never "invalid". Linear in the text, no allocation per line.
bool CertainlyParses(std::string_view text, const YamlLimits& limits);

}  // namespace skewlint
