#pragma once

#include <string_view>
#include <vector>

namespace skewlint {

/// A data file compiled into the binary by cmake/embed.cmake.
struct EmbeddedFile {
  std::string_view name;  ///< file name without extension
  std::string_view text;
};

/// presets/*.yaml: the built-in presets, in the config language.
const std::vector<EmbeddedFile>& EmbeddedPresets();
/// rules/*.md: what `skewlint explain` prints.
const std::vector<EmbeddedFile>& EmbeddedRuleDocs();

}  // namespace skewlint
