// End to end: every output format from one run, and the GitHub Action
// (action.yml) — validated, free of script injection, and its check step
// run as the runner runs it against a real repository.

#include <gtest/gtest.h>

#include "tests/integration_util.h"

namespace skewlint {
namespace {

using testing::CleanEnv;
using testing::ParseJson;
using testing::ReadFile;
using testing::RunCommand;
using testing::RunSkewlint;
using testing::ShellQuote;
using testing::SpireServer;
using testing::TempDir;
using testing::TempRepo;
using testing::WriteFile;

std::string SourceFile(const std::string& relative) {
  return std::string(SKEWLINT_SOURCE_DIR) + "/" + relative;
}

// main: spire-server 1.9.6; branch `upgrade`: 1.10.0, then 1.11.0 — two
// minors in one change (a minor-jump error), one minor per commit.
class UpgradeRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.Write(".skewlint.yaml", testing::SpireConfig());
    repo_.Write(testing::kProdServer, SpireServer("1.9.6"));
    repo_.Commit("spire 1.9.6");
    repo_.Git("checkout -q -b upgrade");
    repo_.Write(testing::kProdServer, SpireServer("1.10.0"));
    repo_.Commit("spire 1.10");
    repo_.Write(testing::kProdServer, SpireServer("1.11.0"));
    repo_.Commit("spire 1.11");
  }

  std::string Scratch(const std::string& name) { return (scratch_.path() / name).string(); }

  TempRepo repo_;
  TempDir scratch_;
};

TEST_F(UpgradeRepo, EveryFormatFromOneRun) {
  auto r = RunSkewlint(repo_.root(),
                       "check --base main --format github --format json=" + Scratch("r.json") +
                           " --format sarif=" + Scratch("r.sarif") + " --format markdown=" +
                           Scratch("r.md") + " --format text=" + Scratch("r.txt"),
                       true, CleanEnv());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(
      r.out.rfind("::error file=clusters/prod/server.yaml,line=11,col=18,title=minor-jump", 0), 0u)
      << r.out;
  YamlNodePtr json = ParseJson(ReadFile(Scratch("r.json")));
  EXPECT_EQ(json->Path("summary.error")->scalar, "1");
  YamlNodePtr sarif = ParseJson(ReadFile(Scratch("r.sarif")));
  EXPECT_EQ(sarif->Get("runs")->items.at(0)->Get("results")->items.size(), 1u);
  EXPECT_EQ(ReadFile(Scratch("r.md")).rfind("## skewlint\n\n**1 error**", 0), 0u);
  EXPECT_NE(ReadFile(Scratch("r.txt")).find("clusters/prod/server.yaml:11:18: error: "),
            std::string::npos);
}

TEST_F(UpgradeRepo, UnknownFormatNamesTheKnownOnes) {
  auto r = RunSkewlint(repo_.root(), "check --base main --format xml", false, CleanEnv());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(
      r.out.find("unknown format 'xml'; expected one of: github, json, markdown, sarif, text"),
      std::string::npos)
      << r.out;
}

// action.yml, parsed.
class ActionYml : public ::testing::Test {
 protected:
  void SetUp() override {
    text_ = ReadFile(SourceFile("action.yml"));
    ParsedYaml parsed = ParseYaml(text_);
    ASSERT_TRUE(parsed.problems.empty());
    ASSERT_EQ(parsed.documents.size(), 1u);
    root_ = parsed.documents.front().root;
  }

  const YamlNode* Step(std::string_view id) const {
    for (const auto& step : root_->Path("runs.steps")->items) {
      if (step->ScalarAt("id") == id) return step.get();
    }
    return nullptr;
  }

  std::string text_;
  YamlNodePtr root_;
};

TEST_F(ActionYml, PassesActionValidator) {
  std::string out;
  int status = testing::RunValidator("action", SourceFile("action.yml"), &out);
  if (status == testing::kValidatorMissing) SKEWLINT_SKIP_LOUDLY("@action-validator/cli");
  EXPECT_EQ(status, 0) << out;
}

TEST_F(ActionYml, ReadmeWorkflowPassesActionValidator) {
  std::string readme = ReadFile(SourceFile("README.md"));
  size_t section = readme.find("## GitHub Action");
  ASSERT_NE(section, std::string::npos);
  size_t start = readme.find("```yaml\n", section);
  ASSERT_NE(start, std::string::npos);
  start += 8;
  std::string workflow = readme.substr(start, readme.find("```\n", start) - start);
  EXPECT_NE(workflow.find("fetch-depth: 0"), std::string::npos);
  EXPECT_NE(workflow.find("security-events: write"), std::string::npos);
  EXPECT_NE(workflow.find("github/codeql-action/upload-sarif"), std::string::npos);
  TempDir dir;
  std::string file = (dir.path() / ".github/workflows/skewlint.yaml").string();
  WriteFile(file, workflow);
  std::string out;
  int status = testing::RunValidator("action", file, &out);
  if (status == testing::kValidatorMissing) SKEWLINT_SKIP_LOUDLY("@action-validator/cli");
  EXPECT_EQ(status, 0) << out << workflow;
}

TEST_F(ActionYml, DeclaresTheInputsAndOutputs) {
  EXPECT_EQ(root_->Path("runs.using")->scalar, "composite");
  for (const char* input : {"base", "head", "config", "fail-on", "sarif-file", "args"}) {
    EXPECT_NE(root_->Get("inputs")->Get(input), nullptr) << input;
  }
  for (const char* output : {"errors", "warnings", "notices", "sarif-file"}) {
    EXPECT_NE(root_->Get("outputs")->Get(output), nullptr) << output;
  }
}

TEST_F(ActionYml, NoExpressionInsideAnyScript) {
  for (const auto& step : root_->Path("runs.steps")->items) {
    EXPECT_EQ(step->ScalarAt("run").find("${{"), std::string_view::npos)
        << "step " << step->ScalarAt("name") << " expands an expression inside its script";
  }
}

// Runs a step's script as the runner runs `shell: bash`.
class ActionStep : public UpgradeRepo {
 protected:
  void SetUp() override {
    UpgradeRepo::SetUp();
    ParsedYaml parsed = ParseYaml(ReadFile(SourceFile("action.yml")));
    ASSERT_EQ(parsed.documents.size(), 1u);
    for (const auto& step : parsed.documents.front().root->Path("runs.steps")->items) {
      std::string id(step->ScalarAt("id"));
      WriteFile(Scratch(id + ".sh"), std::string(step->ScalarAt("run")));
    }
    WriteFile(Scratch("output"), "");
    WriteFile(Scratch("summary"), "");
  }

  testing::RunResult RunStep(const std::string& id, const std::string& env) {
    testing::RunResult r;
    std::string command = "cd " + ShellQuote(repo_.root()) + " && " + CleanEnv() +
                          " GITHUB_OUTPUT=" + ShellQuote(Scratch("output")) +
                          " GITHUB_STEP_SUMMARY=" + ShellQuote(Scratch("summary")) +
                          " RUNNER_TEMP=" + ShellQuote(scratch_.path().string()) + " " + env +
                          " bash --noprofile --norc -eo pipefail " +
                          ShellQuote(Scratch(id + ".sh"));
    r.exit_code = RunCommand(command, &r.out);
    return r;
  }

  std::string CheckEnv(const std::string& fail_on, const std::string& args,
                       const std::string& base = "main") {
    return "SKEWLINT=" + ShellQuote(SKEWLINT_BINARY) + " INPUT_BASE=" + ShellQuote(base) +
           " INPUT_HEAD= INPUT_CONFIG= INPUT_FAIL_ON=" + fail_on +
           " INPUT_SARIF_FILE=skewlint.sarif INPUT_ARGS=" + ShellQuote(args);
  }
};

TEST_F(ActionStep, CheckAnnotatesWritesSarifAndCountsThenFails) {
  auto r = RunStep("check", CheckEnv("error", ""));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("::error file=clusters/prod/server.yaml,line=11,col=18,title=minor-jump"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(ReadFile(Scratch("output")),
            "sarif-file=skewlint.sarif\nerrors=1\nwarnings=0\nnotices=0\n");
  EXPECT_EQ(ReadFile(Scratch("summary")).rfind("## skewlint\n\n**1 error**", 0), 0u);
  std::string sarif = (repo_.path() / "skewlint.sarif").string();
  ASSERT_TRUE(std::filesystem::exists(sarif));
  std::string out;
  int status = testing::RunValidator("sarif", sarif, &out);
  if (status == testing::kValidatorMissing) SKEWLINT_SKIP_LOUDLY("@microsoft/sarif-multitool");
  EXPECT_EQ(status, 0) << out;
}

TEST_F(ActionStep, FailOnNeverAndExtraArgsAreHonoured) {
  auto r = RunStep("check", CheckEnv("never", ""));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(ReadFile(Scratch("output")).find("errors=1\n"), std::string::npos);
  WriteFile(Scratch("output"), "");
  r = RunStep("check", CheckEnv("error", "--per-commit  --no-color"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(ReadFile(Scratch("output")),
            "sarif-file=skewlint.sarif\nerrors=0\nwarnings=0\nnotices=0\n");
}

TEST_F(ActionStep, InputsAreNeverRunAsShell) {
  auto r =
      RunStep("check", CheckEnv("error", "$(touch pwned1) `touch pwned2`", "main; touch pwned3"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  for (const char* file : {"pwned1", "pwned2", "pwned3"}) {
    EXPECT_FALSE(std::filesystem::exists(repo_.path() / file)) << file;
  }
}

TEST_F(ActionStep, FindUsesTheSkewlintOnPath) {
  auto r = RunStep("find", "PATH=" + ShellQuote(testing::BinaryDir()) + ":\"$PATH\"");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(ReadFile(Scratch("output")), "found=true\nbin=" + std::string(SKEWLINT_BINARY) + "\n");
}

TEST_F(ActionStep, FindKeysTheBuildCacheOnTheSource) {
  auto r =
      RunStep("find", "PATH=/usr/bin:/bin GITHUB_ACTION_PATH=" + ShellQuote(SKEWLINT_SOURCE_DIR) +
                          " RUNNER_TOOL_CACHE=/opt/cache");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::string output = ReadFile(Scratch("output"));
  EXPECT_EQ(output.rfind("found=false\nkey=skewlint-", 0), 0u) << output;
  EXPECT_NE(output.find("\ndir=/opt/cache/skewlint/"), std::string::npos) << output;
}

}  // namespace
}  // namespace skewlint
