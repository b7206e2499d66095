#pragma once

// Helpers for the tests of the integrations (GitHub, SARIF, pre-commit):
// a small GitOps repository that breaks a SPIRE policy, an environment free
// of the CI variables that change base detection, and the peer validators
// that ci/setup-peers installs.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "linter/yaml_tree.h"
#include "rules/registry.h"
#include "tests/test_repo.h"

namespace skewlint::testing {

/// A SPIRE server StatefulSet; the image is on line 11, column 18.
inline std::string SpireServer(const std::string& version) {
  return "apiVersion: apps/v1\n"
         "kind: StatefulSet\n"
         "metadata:\n"
         "  name: spire-server\n"
         "  namespace: spire\n"
         "spec:\n"
         "  template:\n"
         "    spec:\n"
         "      containers:\n"
         "        - name: server\n"
         "          image: ghcr.io/spiffe/spire-server:" +
         version + "\n";
}

inline constexpr char kProdServer[] = "clusters/prod/server.yaml";

/// A config with the `spire` preset and every rule but minor-jump off, so
/// the fixtures' findings do not change as rules are added.
inline std::string SpireConfig() {
  std::string config = "version: 1\npresets: [spire]\nrules:\n";
  for (const RuleSpec& rule : AllRules()) {
    if (rule.id != "minor-jump") config += "  " + std::string(rule.id) + ": off\n";
  }
  return config;
}

/// `env` arguments that clear the variables base detection reads, so a test
/// behaves the same inside a CI job; append VAR=value pairs after it.
inline std::string CleanEnv() {
  return "env -u GITHUB_EVENT_NAME -u GITHUB_EVENT_PATH -u GITHUB_STEP_SUMMARY -u GITHUB_OUTPUT "
         "-u PRE_COMMIT_FROM_REF -u PRE_COMMIT_TO_REF -u NO_COLOR -u GITHUB_ACTIONS "
         "-u FORCE_COLOR -u CLICOLOR_FORCE";
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

/// The folder that holds the built skewlint binary (for PATH).
inline std::string BinaryDir() {
  return std::filesystem::path(SKEWLINT_BINARY).parent_path().string();
}

/// Runs ci/validate KIND FILE. Returns its exit status; 77 means the
/// validator is not installed. `out` gets what it printed.
inline int RunValidator(const std::string& kind, const std::string& file, std::string* out) {
  std::string script = std::string(SKEWLINT_SOURCE_DIR) + "/ci/validate";
  return RunCommand(ShellQuote(script) + " " + kind + " " + ShellQuote(file), out);
}

inline constexpr int kValidatorMissing = 77;

/// Skips the current test, loudly, when a peer tool is missing.
#define SKEWLINT_SKIP_LOUDLY(what)                                                        \
  do {                                                                                    \
    std::fprintf(stderr,                                                                  \
                 "\n*** SKIPPED: %s is not installed; run ci/setup-peers (needs npm and " \
                 "Debian packages). This check did NOT run. ***\n\n",                     \
                 what);                                                                   \
    GTEST_SKIP() << "*** " << what << " is not installed: run ci/setup-peers ***";        \
  } while (0)

/// Parses JSON (a YAML subset) into a tree; fails the test on a problem.
inline YamlNodePtr ParseJson(const std::string& text) {
  ParsedYaml parsed = ParseYaml(text);
  EXPECT_TRUE(parsed.problems.empty()) << text;
  EXPECT_EQ(parsed.documents.size(), 1u) << text;
  if (parsed.documents.empty()) return std::make_shared<YamlNode>();
  return parsed.documents.front().root;
}

}  // namespace skewlint::testing
