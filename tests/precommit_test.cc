// The hooks of .pre-commit-hooks.yaml run by the real pre-commit
// (`pre-commit try-repo`), with the built skewlint first on PATH.

#include <gtest/gtest.h>

#include "tests/integration_util.h"

namespace skewlint {
namespace {

using testing::ReadFile;
using testing::RunCommand;
using testing::ShellQuote;
using testing::SpireServer;
using testing::TempDir;
using testing::TempRepo;

class PreCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (RunCommand("pre-commit --version") != 0) SKEWLINT_SKIP_LOUDLY("pre-commit");
    // try-repo clones the hooks from a git repository: a copy of ours.
    hooks_.Write(".pre-commit-hooks.yaml",
                 ReadFile(std::string(SKEWLINT_SOURCE_DIR) + "/.pre-commit-hooks.yaml"));
    hooks_.Commit("hooks");
    repo_.Write(".skewlint.yaml", testing::SpireConfig());
    repo_.Write(testing::kProdServer, SpireServer("1.9.6"));
    repo_.Write("README.md", "cluster config\n");
    base_ = repo_.Commit("spire 1.9.6");
  }

  testing::RunResult TryRepo(const std::string& args) {
    testing::RunResult r;
    std::string command = "cd " + ShellQuote(repo_.root()) + " && " + testing::CleanEnv() +
                          " PATH=" + ShellQuote(testing::BinaryDir()) + ":\"$PATH\"" +
                          " PRE_COMMIT_HOME=" + ShellQuote(cache_.path().string()) +
                          " PRE_COMMIT_COLOR=never pre-commit try-repo " +
                          ShellQuote(hooks_.root()) + " " + args;
    r.exit_code = RunCommand(command, &r.out);
    return r;
  }

  TempRepo hooks_;
  TempRepo repo_;
  TempDir cache_;
  std::string base_;
};

TEST_F(PreCommitTest, StagedViolationFailsTheCommitHook) {
  repo_.Write(testing::kProdServer, SpireServer("1.11.0"));
  repo_.Git("add -A");
  auto r = TryRepo("skewlint --verbose");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("Failed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("clusters/prod/server.yaml:11:18: error: spire-server jumps from 1.9.6 to "
                       "1.11.0"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[minor-jump]"), std::string::npos) << r.out;
}

TEST_F(PreCommitTest, CleanStagedChangePasses) {
  repo_.Write(testing::kProdServer, SpireServer("1.10.0"));
  repo_.Git("add -A");
  auto r = TryRepo("skewlint --verbose");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Passed"), std::string::npos) << r.out;
}

TEST_F(PreCommitTest, HookSkipsChangesWithoutYaml) {
  repo_.Write("README.md", "cluster config, edited\n");
  repo_.Git("add -A");
  auto r = TryRepo("skewlint");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("(no files to check)Skipped"), std::string::npos) << r.out;
}

TEST_F(PreCommitTest, PushHookChecksThePushedRange) {
  repo_.Write(testing::kProdServer, SpireServer("1.10.0"));
  repo_.Commit("spire 1.10");
  repo_.Write(testing::kProdServer, SpireServer("1.11.0"));
  std::string head = repo_.Commit("spire 1.11");
  auto r = TryRepo("skewlint-push --verbose --hook-stage push --from-ref " + base_ + " --to-ref " +
                   head);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("clusters/prod/server.yaml:11:18: error: spire-server jumps from 1.9.6 to "
                       "1.11.0"),
            std::string::npos)
      << r.out;
  // The commit hook does not run at push time.
  EXPECT_EQ(r.out.find("skewlint (staged change)"), std::string::npos) << r.out;

  std::string first = repo_.Git("rev-parse HEAD~1").substr(0, 40);
  r = TryRepo("skewlint-push --hook-stage push --from-ref " + first + " --to-ref " + head);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

}  // namespace
}  // namespace skewlint
