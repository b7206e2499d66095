#pragma once

// Running the built skewlint binary with stdout and stderr apart, in an
// environment free of the CI and terminal variables that change its output,
// and reading what it wrote.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "linter/yaml_tree.h"
#include "tests/test_repo.h"

namespace skewlint::testing {

/// `env` arguments free of the variables that steer base detection, colour
/// and workflow commands; append VAR=value pairs after it.
inline std::string QuietEnv() {
  return "env -u GITHUB_ACTIONS -u GITHUB_EVENT_NAME -u GITHUB_EVENT_PATH -u GITHUB_STEP_SUMMARY "
         "-u PRE_COMMIT_FROM_REF -u PRE_COMMIT_TO_REF -u NO_COLOR -u FORCE_COLOR "
         "-u CLICOLOR_FORCE TERM=xterm";
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct SplitRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs skewlint in `dir` with stdout and stderr kept apart.
inline SplitRun Skewlint(const std::string& dir, const std::string& args,
                         const std::string& env = "") {
  TempDir scratch;
  std::string err_file = (scratch.path() / "stderr").string();
  SplitRun r;
  r.exit_code = RunCommand("(cd " + ShellQuote(dir) + " && " + QuietEnv() + " " + env + " " +
                               SKEWLINT_BINARY + " " + args + " 2>" + ShellQuote(err_file) + ")",
                           &r.out);
  r.err = ReadText(err_file);
  return r;
}

inline YamlNodePtr JsonOf(const std::string& text) {
  ParsedYaml parsed = ParseYaml(text);
  EXPECT_TRUE(parsed.problems.empty() && !parsed.documents.empty()) << text;
  return parsed.documents.empty() ? std::make_shared<YamlNode>() : parsed.documents[0].root;
}

/// "path:line" of every unsuppressed finding: the same whether findings
/// that share a cause are grouped or not.
inline std::set<std::string> Places(const std::string& json) {
  std::set<std::string> out;
  YamlNodePtr root = JsonOf(json);
  const YamlNode* findings = root->Get("findings");
  for (const auto& f : findings ? findings->items : std::vector<YamlNodePtr>{}) {
    if (f->ScalarAt("suppressed") == "true") continue;
    out.insert(std::string(f->ScalarAt("path")) + ":" + std::string(f->ScalarAt("line")));
  }
  return out;
}

inline std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

inline std::string Short(const std::string& sha) { return sha.substr(0, 12); }

}  // namespace skewlint::testing
