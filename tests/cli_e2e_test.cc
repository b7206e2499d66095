// End-to-end: the built binary on git repositories made by the test.

#include <gtest/gtest.h>

#include "linter/yaml_tree.h"
#include "tests/manifests.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

YamlNodePtr Json(const std::string& text) {
  ParsedYaml parsed = ParseYaml(text);
  EXPECT_TRUE(parsed.problems.empty()) << text;
  return parsed.documents.empty() ? std::make_shared<YamlNode>() : parsed.documents[0].root;
}

// "rule path:line" of every finding, "(suppressed)" appended when it is.
std::vector<std::string> Findings(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = Json(json);
  const YamlNode* findings = root->Get("findings");
  if (!findings) return out;
  for (const auto& f : findings->items) {
    out.push_back(std::string(f->ScalarAt("rule")) + " " + std::string(f->ScalarAt("path")) + ":" +
                  std::string(f->ScalarAt("line")) +
                  (f->ScalarAt("suppressed") == "true" ? " (suppressed)" : ""));
  }
  return out;
}

// The spire preset less its operational rules, so these tests see the
// skew/order/jump rules alone.
constexpr const char* kConfig =
    "version: 1\npresets: [spire]\nrules:\n  image-digest: off\n  zero-downtime: off\n";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.Write(".skewlint.yaml", kConfig);
    repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6"));
    repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.6"));
    base = repo.Commit("prod at 1.9.6");
    repo.Git("checkout -q -b feature");
  }
  RunResult Check(const std::string& args) {
    return RunSkewlint(repo.root(), "check --format json " + args, true);
  }

  TempRepo repo;
  std::string base;
};

TEST_F(CliTest, StateJsonFromASubdirectory) {
  RunResult r = RunSkewlint((repo.path() / "clusters/prod").string(), "state --format json", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  YamlNodePtr root = Json(r.out);
  EXPECT_EQ(root->ScalarAt("rev"), base);
  const YamlNode* instances = root->Get("instances");
  ASSERT_EQ(instances->items.size(), 2u);
  const YamlNode& server = *instances->items[1];
  EXPECT_EQ(server.ScalarAt("component"), "spire-server");
  EXPECT_EQ(server.ScalarAt("scope"), "prod");
  EXPECT_EQ(server.ScalarAt("version"), "1.9.6");
  EXPECT_EQ(server.ScalarAt("raw"), "ghcr.io/spiffe/spire-server:1.9.6");
  EXPECT_TRUE(server.Get("digest")->IsNull());
  EXPECT_EQ(server.ScalarAt("path"), "clusters/prod/spire/server.yaml");
  EXPECT_EQ(server.ScalarAt("line"), "17");
  EXPECT_EQ(server.ScalarAt("column"), "18");
  EXPECT_EQ(server.ScalarAt("kind"), "StatefulSet");
  EXPECT_EQ(server.ScalarAt("namespace"), "spire");
  EXPECT_EQ(server.ScalarAt("name"), "spire-server");
  EXPECT_EQ(server.ScalarAt("locator"), "image");
}

TEST_F(CliTest, StateOfTheIndexAndTheWorktree) {
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.7"));
  RunResult worktree = RunSkewlint(repo.root(), "state :worktree", true);
  EXPECT_NE(worktree.out.find("spire-agent 1.9.7"), std::string::npos) << worktree.out;
  RunResult index = RunSkewlint(repo.root(), "state :index", true);
  EXPECT_NE(index.out.find("spire-agent 1.9.6"), std::string::npos) << index.out;
  repo.Git("add -A");
  index = RunSkewlint(repo.root(), "state :index", true);
  EXPECT_NE(index.out.find("spire-agent 1.9.7"), std::string::npos) << index.out;
}

TEST_F(CliTest, NetModeReportsTheChangeAndExitsOne) {
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.10.0"));
  std::string bump = repo.Commit("agents to 1.10.0");
  RunResult r = Check("--base main");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Findings(r.out),
            (std::vector<std::string>{"upgrade-order clusters/prod/spire/agent.yaml:15",
                                      "version-skew clusters/prod/spire/agent.yaml:15"}));
  YamlNodePtr root = Json(r.out);
  EXPECT_EQ(root->ScalarAt("mode"), "net");
  EXPECT_EQ(root->ScalarAt("base"), base);
  EXPECT_EQ(root->ScalarAt("head"), bump);
  EXPECT_EQ(root->Get("findings")->items[0]->ScalarAt("commit"), bump);
  const YamlNode& change = *root->Get("changes")->items[0];
  EXPECT_EQ(change.ScalarAt("component"), "spire-agent");
  EXPECT_EQ(change.ScalarAt("from"), "1.9.6");
  EXPECT_EQ(change.ScalarAt("to"), "1.10.0");
  EXPECT_EQ(change.ScalarAt("kind"), "minor");
  EXPECT_EQ(root->Path("summary.error")->scalar, "2");
  EXPECT_EQ(root->Path("summary.commits")->scalar, "1");
}

TEST_F(CliTest, FailOnDecidesTheExitCode) {
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.10.0"));
  repo.Commit("agents to 1.10.0");
  EXPECT_EQ(Check("--base main --fail-on never").exit_code, 0);
  EXPECT_EQ(Check("--base main --fail-on warning").exit_code, 1);
}

TEST_F(CliTest, ACleanChangeExitsZero) {
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.10.0"));
  repo.Commit("servers to 1.10.0");
  RunResult r = Check("--base main");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Findings(r.out).empty());
  EXPECT_EQ(Json(r.out)->Get("changes")->items.size(), 1u);
}

TEST_F(CliTest, PerCommitModeJudgesEachCommitAsItsOwnDeployment) {
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.10.0"));
  std::string first = repo.Commit("servers to 1.10");
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.11.0"));
  repo.Commit("servers to 1.11");
  // Net: one deployment from 1.9 to 1.11 is a two-minor jump.
  EXPECT_EQ(Findings(Check("--base main").out),
            (std::vector<std::string>{"minor-jump clusters/prod/spire/server.yaml:17",
                                      "version-skew clusters/prod/spire/server.yaml:17"}));
  // Per commit: each step is one minor; the agents fall behind only at the second.
  RunResult r = Check("--base main --per-commit");
  EXPECT_EQ(Findings(r.out),
            (std::vector<std::string>{"version-skew clusters/prod/spire/server.yaml:17"}));
  YamlNodePtr root = Json(r.out);
  EXPECT_EQ(root->ScalarAt("mode"), "per-commit");
  EXPECT_NE(root->Get("findings")->items[0]->ScalarAt("commit"), first);
  EXPECT_EQ(root->Get("changes")->items.size(), 2u);
}

TEST_F(CliTest, PerCommitNamesTheCommitThatIntroducedIt) {
  repo.Write("README.md", "docs\n");
  repo.Commit("docs");
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.7"));
  std::string culprit = repo.Commit("agent patch");
  repo.Write("README.md", "more docs\n");
  repo.Commit("more docs");
  YamlNodePtr root = Json(Check("--base main --per-commit").out);
  ASSERT_EQ(root->Get("findings")->items.size(), 2u);
  EXPECT_EQ(root->Get("findings")->items[0]->ScalarAt("commit"), culprit);
}

TEST_F(CliTest, AViolationOnMainAfterTheBranchPointIsNotThePullRequests) {
  repo.Git("checkout -q main");
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.9"));
  repo.Commit("someone else's mistake on main");
  repo.Git("checkout -q feature");
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.7"));
  repo.Commit("server patch");
  RunResult r = Check("--base main");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Findings(r.out).empty());
  EXPECT_EQ(Json(r.out)->Get("changes")->items.size(), 1u);  // the PR's server patch only
  // Against main itself, main's later agent bump shows up as if the PR undid it.
  EXPECT_EQ(Json(Check("--base main --no-merge-base").out)->Get("changes")->items.size(), 2u);
}

// An invariant finding the base already had stays old when the change
// touches the other side of it (version-skew then points at the touched
// file) or renames the file it points at.
TEST_F(CliTest, AViolationTheBaseHadStaysOldWhereverItPoints) {
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.9"));
  repo.Commit("agent ahead of the server on the branch point");
  repo.Git("branch -f main");
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6", 3));
  repo.Commit("more servers");
  RunResult touched = Check("--base main");
  EXPECT_EQ(touched.exit_code, 0) << touched.out;
  EXPECT_TRUE(Findings(touched.out).empty()) << touched.out;
  EXPECT_EQ(Findings(Check("--base main --all-findings").out),
            (std::vector<std::string>{"version-skew clusters/prod/spire/server.yaml:17"}));
  repo.Git("mv clusters/prod/spire/agent.yaml clusters/prod/spire/agent-ds.yaml");
  repo.Commit("rename");
  RunResult renamed = Check("--base main");
  EXPECT_EQ(renamed.exit_code, 0) << renamed.out;
  EXPECT_TRUE(Findings(renamed.out).empty()) << renamed.out;
}

TEST_F(CliTest, InlineSuppressionNeedsAReason) {
  std::string agent = SpireAgent("1.10.0");
  std::string with_reason = agent;
  with_reason.insert(
      with_reason.rfind("          image:"),
      "          # skewlint: ignore[version-skew] agents pinned by the vendor hotfix\n");
  repo.Write("clusters/prod/spire/agent.yaml", with_reason);
  repo.Commit("agents to 1.10.0, suppressed");
  RunResult r = Check("--base main");
  EXPECT_EQ(Findings(r.out), (std::vector<std::string>{
                                 "upgrade-order clusters/prod/spire/agent.yaml:16",
                                 "version-skew clusters/prod/spire/agent.yaml:16 (suppressed)"}));
  EXPECT_EQ(Json(r.out)->Path("summary.suppressed")->scalar, "1");

  std::string no_reason = agent;
  no_reason.insert(no_reason.rfind("          image:"),
                   "          # skewlint: ignore[version-skew]\n");
  repo.Write("clusters/prod/spire/agent.yaml", no_reason);
  repo.Commit("no reason");
  r = Check("--base main");
  EXPECT_EQ(Findings(r.out),
            (std::vector<std::string>{"upgrade-order clusters/prod/spire/agent.yaml:16",
                                      "version-skew clusters/prod/spire/agent.yaml:16"}));
  EXPECT_NE(r.out.find("does not suppress this: it gives no reason"), std::string::npos) << r.out;
}

TEST_F(CliTest, AnnotationAndConfigSuppressions) {
  repo.Write(
      "clusters/prod/spire/agent.yaml",
      SpireAgent(
          "1.10.0",
          "  annotations:\n    skewlint.io/ignore: \"upgrade-order,version-skew canary agent\"\n"));
  repo.Commit("canary");
  EXPECT_EQ(
      Findings(Check("--base main").out),
      (std::vector<std::string>{"upgrade-order clusters/prod/spire/agent.yaml:17 (suppressed)",
                                "version-skew clusters/prod/spire/agent.yaml:17 (suppressed)"}));
  EXPECT_EQ(Check("--base main").exit_code, 0);
}

TEST_F(CliTest, ConfigIgnoreEntries) {
  repo.Git("checkout -q main");
  repo.Write(".skewlint.yaml",
             std::string(kConfig) +
                 "ignore:\n  - rule: upgrade-order\n    path: 'clusters/prod/**'\n"
                 "    reason: prod agents follow the vendor's rollout\n");
  repo.Commit("ignore order in prod");
  repo.Git("checkout -q feature");
  repo.Git("rebase -q main");
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.10.0"));
  repo.Commit("agents");
  EXPECT_EQ(
      Findings(Check("--base main").out),
      (std::vector<std::string>{"upgrade-order clusters/prod/spire/agent.yaml:15 (suppressed)",
                                "version-skew clusters/prod/spire/agent.yaml:15"}));
}

TEST_F(CliTest, ThePolicyComesFromTheBase) {
  repo.Write(".skewlint.yaml",
             std::string(kConfig) + "  version-skew: off\n  upgrade-order: off\n");
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.10.0"));
  repo.Commit("turn the check off and bump the agents");
  EXPECT_EQ(Findings(Check("--base main").out),
            (std::vector<std::string>{"policy-changed .skewlint.yaml:1",
                                      "upgrade-order clusters/prod/spire/agent.yaml:15",
                                      "version-skew clusters/prod/spire/agent.yaml:15"}));
  EXPECT_EQ(Findings(Check("--base main --policy-from head").out),
            (std::vector<std::string>{"policy-changed .skewlint.yaml:1"}));
}

TEST(CliPolicy, AddingAConfigIsNoticed) {
  TempRepo repo;
  repo.Write("clusters/prod/server.yaml", SpireServer("1.9.6"));
  repo.Commit("no config yet");
  repo.Write(".skewlint.yaml", "version: 1\npresets: [spire]\n");
  repo.Commit("add a config");
  RunResult r = RunSkewlint(repo.root(), "check --base HEAD~1 --format json", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Findings(r.out), (std::vector<std::string>{"policy-changed .skewlint.yaml:1"}));
}

TEST_F(CliTest, StagedChangesAreChecked) {
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.10.0"));
  EXPECT_EQ(Check("--staged").exit_code, 0);  // not staged yet
  EXPECT_EQ(Check("--worktree").exit_code, 1);
  repo.Git("add -A");
  RunResult r = Check("--staged");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  YamlNodePtr root = Json(r.out);
  EXPECT_EQ(root->ScalarAt("mode"), "staged");
  EXPECT_EQ(root->ScalarAt("head"), ":index");
  EXPECT_TRUE(root->Get("findings")->items[0]->Get("commit")->IsNull());
}

// `git commit -a` runs hooks with a temporary index named by GIT_INDEX_FILE.
TEST_F(CliTest, StagedChangesInATemporaryIndex) {
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.10.0"));
  std::string index = (repo.path() / ".git" / "next-index.lock").string();
  repo.Git("read-tree --index-output=" + ShellQuote(index) + " HEAD");
  ASSERT_EQ(RunCommand("cd " + ShellQuote(repo.root()) + " && GIT_INDEX_FILE=" + ShellQuote(index) +
                       " git add -A"),
            0);
  EXPECT_EQ(Check("--staged").exit_code, 0);  // the ordinary index has nothing staged
  RunResult r = RunSkewlint(repo.root(), "check --staged --format json", true,
                            "GIT_INDEX_FILE=" + ShellQuote(index));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Findings(r.out).size(), 2u);
}

TEST_F(CliTest, SeveralFormatsAtOnce) {
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.10.0"));
  repo.Commit("agents");
  std::string file = (repo.path() / "out.json").string();
  RunResult r = RunSkewlint(
      repo.root(), "check --base main --no-color --format text --format json=" + file, true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.out.find(
          "clusters/prod/spire/agent.yaml:15:18: error: spire-agent 1.10.0 would be newer than "
          "the oldest spire-server 1.9.6 in scope prod; upgrade every spire-server to at "
          "least 1.10.0 first [version-skew]"),
      std::string::npos)
      << r.out;
  std::ifstream in(file);
  std::stringstream json;
  json << in.rdbuf();
  EXPECT_EQ(Findings(json.str()).size(), 2u);
}

TEST_F(CliTest, UnknownRevisionExitsTwo) {
  RunResult r = RunSkewlint(repo.root(), "check --base no-such-branch");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("no-such-branch"), std::string::npos) << r.out;
}

TEST_F(CliTest, BadConfigExitsTwoWithItsPosition) {
  repo.Write(".skewlint.yaml", std::string(kConfig) + "  minor-jump: loud\n");
  repo.Commit("bad config");
  std::string expected =
      "skewlint: .skewlint.yaml:6:15: rules.minor-jump: expected off, error, warning or notice, "
      "found 'loud'\n";
  RunResult state = RunSkewlint(repo.root(), "state");
  EXPECT_EQ(state.exit_code, 2);
  EXPECT_EQ(state.out, expected);
  RunResult check = RunSkewlint(repo.root(), "check --base main --policy-from head");
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_EQ(check.out, expected);
  // Judged by the base's valid config, the change is checked, and the edit
  // that breaks the config fails it where the config is wrong.
  RunResult judged = Check("--base main");
  EXPECT_EQ(judged.exit_code, 1);
  EXPECT_EQ(Findings(judged.out), (std::vector<std::string>{"policy-changed .skewlint.yaml:6"}));
}

TEST(CliRepository, TheFirstCommitCanBeChecked) {
  TempRepo repo;
  repo.Write("clusters/prod/server.yaml", SpireServer("1.9.6"));
  repo.Write("clusters/prod/agent.yaml", SpireAgent("1.10.0"));
  repo.Git("add -A");
  RunResult r = RunSkewlint(repo.root(), "check --staged --preset spire --no-color");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("spire-agent 1.10.0 would be newer than the oldest spire-server 1.9.6"),
            std::string::npos)
      << r.out;
  repo.Write("clusters/prod/agent.yaml", SpireAgent("1.9.6"));
  repo.Git("add -A");
  EXPECT_EQ(RunSkewlint(repo.root(), "check --staged --preset spire").exit_code, 0);
}

TEST(CliRepository, OutsideARepositoryExitsTwo) {
  TempDir dir;
  RunResult r = RunSkewlint(dir.path().string(), "state");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("not a git repository"), std::string::npos) << r.out;
}

TEST(CliRepository, EmptyRepositoryExitsTwo) {
  TempRepo repo;
  RunResult r = RunSkewlint(repo.root(), "state");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("no commits"), std::string::npos) << r.out;
}

TEST(CliRepository, ShallowCloneMissingTheBaseSaysToFetchHistory) {
  TempRepo origin;
  origin.Write("a.yaml", SpireServer("1.9.6"));
  origin.Commit("one");
  origin.Write("a.yaml", SpireServer("1.9.7"));
  origin.Commit("two");
  TempDir clone;
  std::string path = (clone.path() / "c").string();
  ASSERT_EQ(RunCommand("git clone -q --depth 1 file://" + origin.root() + " " + ShellQuote(path)),
            0);
  RunResult r = RunSkewlint(path, "check --base HEAD~1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("fetch-depth: 0"), std::string::npos) << r.out;
}

TEST(CliMisc, InitWritesAConfigThatLoads) {
  TempRepo repo;
  RunResult r = RunSkewlint(repo.root(), "init --preset spire", true);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "wrote .skewlint.yaml\n");
  RunResult again = RunSkewlint(repo.root(), "init");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.out, "skewlint: .skewlint.yaml: already exists; pass --force to overwrite\n");
  repo.Write("clusters/prod/server.yaml", SpireServer("1.9.6"));
  repo.Commit("config and a server");
  RunResult state = RunSkewlint(repo.root(), "state", true);
  EXPECT_EQ(state.exit_code, 0);
  EXPECT_EQ(
      state.out.substr(0, state.out.find('\n')),
      "clusters/prod/server.yaml:17:18: spire-server 1.9.6 (ghcr.io/spiffe/spire-server:1.9.6) "
      "[scope prod, image 'spiffe(-io)?/spire-server', StatefulSet/spire/spire-server]");
  EXPECT_EQ(RunSkewlint(repo.root(), "init --preset nope").exit_code, 2);
}

TEST(CliMisc, RulesAndExplain) {
  TempDir dir;
  RunResult rules = RunSkewlint(dir.path().string(), "rules --format json", true);
  EXPECT_EQ(rules.exit_code, 0);
  EXPECT_EQ(Json(rules.out)->Get("rules")->items.size(), 16u);
  RunResult explain = RunSkewlint(dir.path().string(), "explain minor-jump", true);
  EXPECT_EQ(explain.exit_code, 0);
  EXPECT_EQ(explain.out.rfind("# minor-jump", 0), 0u) << explain.out;
  RunResult unknown = RunSkewlint(dir.path().string(), "explain no-such-rule");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.out, "skewlint: unknown rule 'no-such-rule'; `skewlint rules` lists them\n");
}

}  // namespace
}  // namespace skewlint::testing
