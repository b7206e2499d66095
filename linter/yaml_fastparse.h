#pragma once

#include <cstddef>
#include <string_view>

#include "linter/yaml_tree.h"

namespace skewlint {

/// The tree yaml-cpp gives ParseYaml for one document, built without it
/// when the document is in a simple subset of block YAML (see .cc): `text`
/// is the document as ParseYaml cuts it (normalized, no control
/// character), standing at line `first_line` of its file. Null when the
/// document is outside the subset, is deeper than `max_depth` allows, or
/// needs more than `node_budget` nodes: null means "not known", never
/// "invalid". Sets `nodes` to the nodes built (yaml-cpp's count).
///
/// Most manifests, kustomizations, charts and values files are in the
/// subset; yaml-cpp reads them several times slower.
YamlNodePtr ParseFastSubset(std::string_view text, int first_line, size_t max_depth,
                            size_t node_budget, size_t* nodes);

}  // namespace skewlint
