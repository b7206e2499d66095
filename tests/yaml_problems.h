#pragma once

// The problems ParseYaml reported, one "line:column: message" per line, for
// test failure messages.

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

}  // namespace skewlint
