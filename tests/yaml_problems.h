#pragma once

// The problems ParseYaml reported, one "line:column: message" per line, for
// test failure messages; and a whole parse written out, to compare two.

#include <string>

#include "linter/yaml_tree.h"

namespace skewlint {

inline std::string Problems(const ParsedYaml& parsed) {
  std::string out;
  for (const YamlProblem& problem : parsed.problems) {
    out += std::to_string(problem.line) + ":" + std::to_string(problem.column) + ": " +
           problem.message + "\n";
  }
  return out;
}

/// Every node of `node` with its kind, place, quoting, index and value,
/// one per line, indented by depth.
inline std::string DescribeNode(const YamlNode& node, int depth = 0) {
  static constexpr const char* kKinds[] = {"null", "scalar", "sequence", "map"};
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  std::string out = pad + kKinds[static_cast<int>(node.kind)] + " " + std::to_string(node.line) +
                    ":" + std::to_string(node.column) + (node.quoted ? " quoted" : "") +
                    (node.index ? " indexed" : "");
  if (node.IsScalar()) out += " [" + node.scalar + "]";
  out += "\n";
  for (const auto& item : node.items) out += DescribeNode(*item, depth + 1);
  for (const auto& entry : node.entries) {
    out += pad + "key [" + entry.key + "] " + std::to_string(entry.key_line) + ":" +
           std::to_string(entry.key_column) + "\n" + DescribeNode(*entry.value, depth + 1);
  }
  return out;
}

/// A parse written out: each document (where it starts, its tree), then the
/// problems. Content ids are left out: two parses never share them.
inline std::string DescribeParse(const ParsedYaml& parsed) {
  std::string out;
  for (const YamlDocument& doc : parsed.documents) {
    out += "document " + std::to_string(doc.index) + " from line " +
           std::to_string(doc.first_line) + "\n" + DescribeNode(*doc.root);
  }
  return out + Problems(parsed);
}

}  // namespace skewlint
