#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace skewlint {

/// A block `NAME { … }` found in HCL configuration (SPIRE's server.conf and
/// agent.conf), or its JSON form `"NAME": { … }`, which SPIRE also reads.
struct HclBlock {
  int line = 0;      ///< 1-based line of the block's name in the scanned text
  int column = 0;    ///< 1-based column (bytes) of the name
  std::string text;  ///< from the name to the closing brace (to the end when unclosed)
};

/// Every block named `name`, at any depth, in text order. Also accepts the
/// attribute forms `NAME = { … }` and `"NAME" = { … }`. Strings (with
/// backslash escapes) and comments (`#`, `//`, `/* */`) are skipped, so a
/// name inside them never counts. Pure; never fails: malformed text yields
/// the blocks found before the damage, an unclosed block runs to the end.
std::vector<HclBlock> FindHclBlocks(std::string_view text, std::string_view name);

/// `text` with every run of whitespace made one space and the ends trimmed,
/// so re-indenting a block does not count as editing it.
std::string CollapseWhitespace(std::string_view text);

}  // namespace skewlint
