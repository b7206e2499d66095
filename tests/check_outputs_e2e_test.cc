// End-to-end: a change that breaks the config, --all-findings on a change
// that touches no manifest, `::error` annotations for errors that stop the
// check inside GitHub Actions, colour on and off, and `explain` as text.

#include <gtest/gtest.h>

#include "tests/cli_run.h"
#include "tests/manifests.h"

namespace skewlint::testing {
namespace {

class CheckOutputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.Write(".skewlint.yaml", kSpireOnlyConfig);
    repo_.Write(kProdSpireServer, SpireServer("1.9.6"));
    repo_.Write(kProdSpireAgent, SpireAgent("1.9.6"));
    repo_.Write("README.md", "# prod\n");
    repo_.Commit("prod at 1.9.6");
    repo_.Git("checkout -q -b feature");
  }
  SplitRun Check(const std::string& args, const std::string& env = "") {
    return Skewlint(repo_.root(), "check --base main " + args, env);
  }

  TempRepo repo_;
};

// Every finding as "severity rule path:line:column message".
std::vector<std::string> Described(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = JsonOf(json);
  const YamlNode* findings = root->Get("findings");
  for (const auto& f : findings ? findings->items : std::vector<YamlNodePtr>{}) {
    out.push_back(std::string(f->ScalarAt("severity")) + " " + std::string(f->ScalarAt("rule")) +
                  " " + std::string(f->ScalarAt("path")) + ":" + std::string(f->ScalarAt("line")) +
                  ":" + std::string(f->ScalarAt("column")) + " " +
                  std::string(f->ScalarAt("message")));
  }
  return out;
}

TEST_F(CheckOutputsTest, AChangeThatBreaksTheConfigFailsItself) {
  repo_.Write(".skewlint.yaml", std::string(kSpireOnlyConfig) + "  version-skw: off\n");
  repo_.Write(kProdSpireServer, SpireServer("1.9.7"));
  repo_.Commit("a typo in the config, and a server patch");
  SplitRun r = Check("--format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(Described(r.out),
            (std::vector<std::string>{
                "error policy-changed .skewlint.yaml:6:3 the change leaves .skewlint.yaml "
                "invalid: unknown rule 'version-skw'; `skewlint rules` lists them; fix it in "
                "this change, or every later check fails (this check used the policy as it was "
                "before the change)"}));
  EXPECT_EQ(JsonOf(r.out)->Get("changes")->items.size(), 1u);  // the rest was checked

  // The rest is still judged by the base's policy.
  repo_.Write(kProdSpireAgent, SpireAgent("1.10.0"));
  repo_.Commit("agents past the servers");
  r = Check("--format json");
  EXPECT_EQ(Places(r.out),
            (std::set<std::string>{".skewlint.yaml:6", "clusters/prod/spire/agent.yaml:15"}));

  // Judged by the broken config itself, the check cannot run at all.
  r = Check("--policy-from head");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "skewlint: .skewlint.yaml:6:3: unknown rule 'version-skw'; `skewlint rules` lists "
            "them\n");
}

TEST_F(CheckOutputsTest, AConfigErrorIsAnErrorWhateverSeverityTheRuleHas) {
  repo_.Git("checkout -q main");
  repo_.Write(".skewlint.yaml", std::string(kSpireOnlyConfig) + "  policy-changed: notice\n");
  repo_.Commit("policy-changed stays a notice");
  repo_.Git("checkout -q -B feature");
  repo_.Write(".skewlint.yaml", std::string(kSpireOnlyConfig) +
                                    "policies:\n  - rule: version-skew\n    newer: spire-agent\n");
  repo_.Commit("an incomplete policy");
  SplitRun r = Check("--format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::vector<std::string> found = Described(r.out);
  ASSERT_EQ(found.size(), 1u) << r.out;
  EXPECT_EQ(found[0].rfind("error policy-changed .skewlint.yaml:7:5 the change leaves "
                           ".skewlint.yaml invalid: ",
                           0),
            0u)
      << found[0];

  // A valid edit stays a notice; per commit, the commit that broke the
  // config is the one that fails.
  repo_.Write(".skewlint.yaml", std::string(kSpireOnlyConfig) + "  policy-changed: notice\n");
  repo_.Commit("fixed");
  r = Check("--format json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  r = Check("--format json --per-commit");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  YamlNodePtr root = JsonOf(r.out);
  ASSERT_TRUE(root->Get("findings")) << r.out;
  const auto& findings = root->Get("findings")->items;
  ASSERT_EQ(findings.size(), 2u) << r.out;
  EXPECT_EQ(findings[0]->ScalarAt("severity"), "notice");
  EXPECT_EQ(findings[1]->ScalarAt("severity"), "error");
}

TEST_F(CheckOutputsTest, AllFindingsOnAChangeThatTouchesNoManifest) {
  repo_.Git("checkout -q main");
  repo_.Write(kProdSpireAgent, SpireAgent("1.10.0"));
  repo_.Commit("agents past the servers, on main");
  repo_.Git("checkout -q -B feature");
  repo_.Write("README.md", "# prod\n\nRuns SPIRE.\n");
  repo_.Commit("docs");
  SplitRun r = Check("--format json --all-findings");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(Places(r.out), (std::set<std::string>{"clusters/prod/spire/agent.yaml:15"}));
  YamlNodePtr root = JsonOf(r.out);
  ASSERT_TRUE(root->Get("findings")) << r.out;
  for (const auto& f : root->Get("findings")->items) {
    EXPECT_TRUE(f->Get("commit")->IsNull()) << r.out;  // not the README commit's doing
  }
  r = Check("--format json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Places(r.out).empty()) << r.out;
}

TEST_F(CheckOutputsTest, ErrorsThatStopTheCheckAreAnnotationsInGithubActions) {
  repo_.Write(".skewlint.yaml", "version: 1\nrules:\n  nope: off\n");
  repo_.Commit("a bad config");
  SplitRun r = Skewlint(repo_.root(), "check --base HEAD~1 --policy-from head --format json",
                        "GITHUB_ACTIONS=true");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "skewlint: .skewlint.yaml:3:3: unknown rule 'nope'; `skewlint rules` lists them\n"
            "::error file=.skewlint.yaml,line=3,col=3,title=skewlint::unknown rule 'nope'; "
            "`skewlint rules` lists them\n");

  // Escaped as the Actions toolkit does: % and newlines in the message.
  r = Skewlint(repo_.root(), "check --base 'v1%0A\n2'", "GITHUB_ACTIONS=true");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "skewlint: unknown revision 'v1%0A\n2'\n"
            "::error title=skewlint::unknown revision 'v1%250A%0A2'\n");

  // Outside Actions: the message alone.
  r = Skewlint(repo_.root(), "check --base nope");
  EXPECT_EQ(r.err, "skewlint: unknown revision 'nope'\n");
}

TEST_F(CheckOutputsTest, ColourFollowsTheTerminalAndTheEnvironment) {
  repo_.Write(kProdSpireAgent, SpireAgent("1.10.0"));
  repo_.Commit("agents past the servers");
  const std::string red = "\033[1;31merror\033[0m";
  auto coloured = [&](const std::string& args, const std::string& env) {
    SplitRun r = Check(args, env);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    return r.out.find(red) != std::string::npos;
  };
  EXPECT_FALSE(coloured("", ""));  // piped
  EXPECT_TRUE(coloured("", "FORCE_COLOR=1"));
  EXPECT_TRUE(coloured("", "CLICOLOR_FORCE=1"));
  EXPECT_TRUE(coloured("", "FORCE_COLOR=1 TERM=dumb"));
  EXPECT_FALSE(coloured("", "FORCE_COLOR=0"));
  EXPECT_FALSE(coloured("", "FORCE_COLOR=1 NO_COLOR=1"));
  EXPECT_FALSE(coloured("--no-color", "FORCE_COLOR=1"));

  if (RunCommand("command -v script") != 0) GTEST_SKIP() << "script(1) is not installed";
  // On a terminal (script(1) gives the command one): colour unless TERM=dumb.
  auto on_terminal = [&](const std::string& env) {
    std::string out;
    RunCommand("cd " + ShellQuote(repo_.root()) + " && " + QuietEnv() + " " + env +
                   " script -qec " +
                   ShellQuote(std::string(SKEWLINT_BINARY) + " check --base main") + " /dev/null",
               &out);
    return out;
  };
  EXPECT_NE(on_terminal("TERM=xterm").find(red), std::string::npos);
  std::string dumb = on_terminal("TERM=dumb");
  EXPECT_EQ(dumb.find("\033["), std::string::npos) << dumb;
  EXPECT_NE(dumb.find("error: spire-agent"), std::string::npos) << dumb;
  EXPECT_EQ(on_terminal("NO_COLOR=1").find("\033["), std::string::npos);
}

TEST(ExplainTest, TextOnATerminalMarkdownWhenAskedOrPiped) {
  TempDir dir;
  std::string here = dir.path().string();
  SplitRun text = Skewlint(here, "explain version-skew --format text");
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.rfind("version-skew\n============\n\nDefault severity: error. Kind:", 0), 0u)
      << text.out;
  EXPECT_NE(text.out.find("key                     meaning\n"
                          "----------------------  "),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("\n'within: A'             every A is at most 'allow' newer than the "
                          "oldest A\n"),
            std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find('`'), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("|---"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("**"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("```"), std::string::npos) << text.out;

  SplitRun markdown = Skewlint(here, "explain version-skew --format markdown");
  EXPECT_EQ(markdown.out.rfind("# version-skew\n\n**Default severity:** error.", 0), 0u);
  SplitRun piped = Skewlint(here, "explain version-skew");
  EXPECT_EQ(piped.out, markdown.out);
  EXPECT_EQ(Skewlint(here, "explain version-skew --format html").exit_code, 2);

  if (RunCommand("command -v script") != 0) GTEST_SKIP() << "script(1) is not installed";
  std::string out;
  RunCommand("cd " + ShellQuote(here) + " && " + QuietEnv() + " TERM=dumb script -qec " +
                 ShellQuote(std::string(SKEWLINT_BINARY) + " explain version-skew") + " /dev/null",
             &out);
  std::string unix_lines;
  for (char c : out) {
    if (c != '\r') unix_lines += c;
  }
  EXPECT_EQ(unix_lines, text.out);
}

}  // namespace
}  // namespace skewlint::testing
