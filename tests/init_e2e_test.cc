// `skewlint init` writes a starter config with commented examples of a
// component and policies; the file loads, and so do the examples once
// uncommented, and they then check a repository.

#include <gtest/gtest.h>

#include "linter/config.h"
#include "tests/integration_util.h"

namespace skewlint {
namespace {

using testing::RunSkewlint;
using testing::TempDir;
using testing::TempRepo;

// Uncomments the example lines: "# key:" for a top-level key and "#   ..."
// inside one; prose comments ("# Your own ...") stay.
std::string Uncommented(const std::string& text) {
  std::istringstream lines(text);
  std::string out;
  for (std::string line; std::getline(lines, line);) {
    bool key = line.size() > 2 && line.rfind("# ", 0) == 0 && std::islower(line[2]) &&
               line.find(':') != std::string::npos && line.find(' ', 2) > line.find(':');
    if (key || line.rfind("#   ", 0) == 0) line = line.substr(2);
    out += line + "\n";
  }
  return out;
}

std::string Backend(const std::string& version) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: backend\nspec:\n"
         "  template:\n    spec:\n      containers:\n        - name: app\n"
         "          image: ghcr.io/acme/app-backend:" +
         version + "\n";
}

TEST(Init, WritesACommentedComponentAndPolicyThatLoad) {
  TempDir dir;
  auto r = RunSkewlint(dir.path().string(), "init -o -", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\n# components:\n#   - name: app-backend\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n# policies:\n#   - rule: upgrade-order"), std::string::npos) << r.out;
  EXPECT_TRUE(LoadConfig(r.out, ".skewlint.yaml").ok());
  std::string examples = Uncommented(r.out);
  auto loaded = LoadConfig(examples, ".skewlint.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString() << "\n" << examples;
  EXPECT_NE(loaded->FindComponent("app-backend"), nullptr);
  EXPECT_NE(loaded->FindComponent("app-operator"), nullptr);
  std::vector<std::string> ids;
  for (const auto& policy : loaded->policies) {
    if (policy.source == "config") ids.push_back(policy.id);
  }
  EXPECT_EQ(ids,
            (std::vector<std::string>{"operator-before-backend", "backend-one-minor-at-a-time"}));
}

TEST(Init, UncommentedExamplesCheckARepository) {
  TempRepo repo;
  auto r = RunSkewlint(repo.root(), "init -o -", true);
  ASSERT_EQ(r.exit_code, 0);
  repo.Write(".skewlint.yaml", Uncommented(r.out));
  repo.Write("clusters/prod/backend.yaml", Backend("1.0.0"));
  repo.Commit("backend 1.0");
  repo.Git("checkout -q -b bump");
  repo.Write("clusters/prod/backend.yaml", Backend("1.2.0"));
  repo.Commit("backend 1.2");
  auto check =
      RunSkewlint(repo.root(), "check --base main --format json", true, testing::CleanEnv());
  EXPECT_EQ(check.exit_code, 1) << check.out;
  std::vector<std::string> findings = testing::FindingsIn(
      check.out, false, [](std::string_view rule) { return rule == "minor-jump"; });
  EXPECT_EQ(findings, std::vector<std::string>{"minor-jump clusters/prod/backend.yaml:10:18"});
}

}  // namespace
}  // namespace skewlint
