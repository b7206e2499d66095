#pragma once

// Helpers shared by the libFuzzer targets: invariant checks that abort (so
// libFuzzer saves the input), and what a file's text says about positions.

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "linter/location.h"
#include "linter/version.h"
#include "linter/yaml_tree.h"

namespace skewlint::fuzz {

[[noreturn]] inline void Fail(const char* file, int line, const char* what,
                              const std::string& detail) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s\n  %s\n", file, line, what, detail.c_str());
  std::abort();
}

}  // namespace skewlint::fuzz

/// Aborts with the condition and `detail` (a std::string expression) unless
/// `condition` holds.
#define FUZZ_CHECK(condition, detail)                                                   \
  do {                                                                                  \
    if (!(condition)) ::skewlint::fuzz::Fail(__FILE__, __LINE__, #condition, (detail)); \
  } while (false)

namespace skewlint::fuzz {

/// The lengths (in bytes) of the lines of `text` as ParseYaml numbers them:
/// CRLF, LF and a lone CR each end a line; a leading BOM is not counted.
inline std::vector<size_t> LineLengths(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<size_t> lengths{0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (text[i] == '\n' || text[i] == '\r') {
      lengths.push_back(0);
    } else {
      ++lengths.back();
    }
  }
  return lengths;
}

/// True when (line, column) is a position inside a text whose lines have
/// `lengths`: line in [1, lines], column in [1, length + 1].
inline bool InsideText(const std::vector<size_t>& lengths, int line, int column) {
  if (line < 1 || static_cast<size_t>(line) > lengths.size()) return false;
  return column >= 1 && static_cast<size_t>(column) <= lengths[line - 1] + 1;
}

inline std::string Where(int line, int column) {
  return std::to_string(line) + ":" + std::to_string(column);
}

/// Checks that every node reachable from `node` (at most `budget` visits)
/// and every map key sits inside the text.
inline void CheckNodePositions(const YamlNode& node, const std::vector<size_t>& lengths,
                               VisitBudget& budget) {
  if (!budget.Spend()) return;
  FUZZ_CHECK(InsideText(lengths, node.line, node.column),
             "node at " + Where(node.line, node.column) + " of " + std::to_string(lengths.size()) +
                 " lines");
  FUZZ_CHECK(node.IsScalar() || node.scalar.empty(), "a non-scalar node holds a scalar");
  FUZZ_CHECK(node.IsSequence() || node.items.empty(), "a non-sequence node holds items");
  FUZZ_CHECK(node.IsMap() || node.entries.empty(), "a non-map node holds entries");
  for (const auto& item : node.items) {
    FUZZ_CHECK(item != nullptr, "null sequence item");
    CheckNodePositions(*item, lengths, budget);
  }
  for (const auto& entry : node.entries) {
    FUZZ_CHECK(entry.value != nullptr, "null map value for key " + entry.key);
    FUZZ_CHECK(InsideText(lengths, entry.key_line, entry.key_column),
               "key '" + entry.key + "' at " + Where(entry.key_line, entry.key_column));
    CheckNodePositions(*entry.value, lengths, budget);
  }
}

/// The invariants of a parsed version: unversioned values normalise to "",
/// versioned ones to text that parses back to an equal version.
inline void CheckVersion(const Version& v) {
  FUZZ_CHECK(v.Compare(v) == 0, "a version is not equal to itself: " + v.raw);
  std::string normalized = v.Normalized();
  if (!v.versioned) {
    FUZZ_CHECK(normalized.empty(), "unversioned '" + v.raw + "' normalises to " + normalized);
    return;
  }
  FUZZ_CHECK(!normalized.empty(), "versioned '" + v.raw + "' normalises to nothing");
  Version again = Version::Parse(normalized);
  FUZZ_CHECK(again.versioned, "'" + v.raw + "' normalises to unversioned '" + normalized + "'");
  // The normal form leaves a build revision out (`14.7-11` is 14.7.0), but
  // keeps it after a pre-release that is one number (`1.2.3-3-r1`).
  Version release = v;
  if (!again.revision) release.revision.reset();
  FUZZ_CHECK(again.Compare(release) == 0,
             "'" + v.raw + "' != its normal form '" + normalized + "'");
  FUZZ_CHECK(again.major == v.major && again.minor == v.minor && again.patch == v.patch &&
                 again.prerelease == v.prerelease,
             "'" + v.raw + "' and its normal form '" + normalized + "' differ in their parts");
  FUZZ_CHECK(again.Normalized() == normalized, "normal form of '" + v.raw + "' is not stable");
  auto distance = MinorDistance(v, v, Adjacency{});
  FUZZ_CHECK(distance && *distance == 0, "a version is not 0 minors from itself: " + v.raw);
}

}  // namespace skewlint::fuzz
