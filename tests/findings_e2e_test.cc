// End-to-end: one finding per cause, readable policy ids, and what a pull
// request shows (commit attribution on a synthetic merge, links, SARIF,
// bake time beyond a shallow clone's history).

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "linter/yaml_tree.h"
#include "tests/integration_util.h"
#include "tests/manifests.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

YamlNodePtr Parse(const std::string& text) {
  ParsedYaml parsed = ParseYaml(text);
  EXPECT_TRUE(parsed.problems.empty() && !parsed.documents.empty()) << text;
  return parsed.documents.empty() ? std::make_shared<YamlNode>() : parsed.documents[0].root;
}

const YamlNode& Item(const YamlNode& node, const std::string& key, size_t i) {
  static const YamlNode kNone;
  const YamlNode* list = node.Get(key);
  return list && i < list->items.size() ? *list->items[i] : kNone;
}

// "rule (policy): message" of each related entry of a JSON finding.
std::vector<std::string> Related(const YamlNode& finding) {
  std::vector<std::string> out;
  const YamlNode* related = finding.Get("related");
  for (const auto& r : related ? related->items : std::vector<YamlNodePtr>{}) {
    out.push_back(std::string(r->ScalarAt("rule")) + " (" + std::string(r->ScalarAt("policy")) +
                  "): " + std::string(r->ScalarAt("message")));
  }
  return out;
}

constexpr char kSpire[] =
    "version: 1\npresets: [spire]\nrules:\n  image-digest: off\n  zero-downtime: off\n";
constexpr char kAgent[] = "clusters/prod/spire/agent.yaml";
constexpr char kServer[] = "clusters/prod/spire/server.yaml";
constexpr char kGrouped[] =
    "spire-agent 1.10.0 needs spire-server at 1.10.0 first; it is at 1.9.6 in scope prod";

class Findings : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.Write(".skewlint.yaml", kSpire);
    repo.Write(kServer, SpireServer("1.9.6", 1));
    repo.Write(kAgent, SpireAgent("1.9.6"));
    base = repo.Commit("prod at 1.9.6");
    repo.Git("checkout -q -b feature");
  }
  RunResult Check(const std::string& args, const std::string& env = "") {
    return RunSkewlint(repo.root(), "check --base main " + args, true, CleanEnv() + " " + env);
  }

  TempRepo repo;
  std::string base;
};

TEST_F(Findings, OneInstanceWithOnePrerequisiteIsOneFindingInEveryFormat) {
  repo.Write(kAgent, SpireAgent("1.10.0"));
  repo.Commit("agents to 1.10.0");
  RunResult json = Check("--format json");
  EXPECT_EQ(json.exit_code, 1) << json.out;
  YamlNodePtr root = Parse(json.out);
  ASSERT_EQ(root->Get("findings")->items.size(), 1u) << json.out;
  const YamlNode& f = Item(*root, "findings", 0);
  EXPECT_EQ(f.ScalarAt("rule"), "upgrade-order");
  EXPECT_EQ(f.ScalarAt("severity"), "error");
  EXPECT_EQ(f.ScalarAt("message"), kGrouped);
  EXPECT_EQ(
      Related(f),
      (std::vector<std::string>{
          "upgrade-order (spire-servers-before-agents): spire-agent moves to 1.10.0 while "
          "spire-server is still at 1.9.6 in scope prod; upgrade spire-server to 1.10.0 "
          "first, in an earlier change",
          "version-skew (spire-agent-not-newer-than-server): spire-agent 1.10.0 would be newer "
          "than the oldest spire-server 1.9.6 in scope prod; upgrade every spire-server to "
          "at least 1.10.0 first"}));
  EXPECT_EQ(Item(f, "related", 1).ScalarAt("path"), kAgent);
  EXPECT_EQ(Item(f, "related", 1).ScalarAt("line"), "15");

  RunResult text = Check("--format text --no-color");
  EXPECT_NE(text.out.find(std::string(kAgent) + ":15:18: error: " + kGrouped + " [upgrade-order]"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("1 error, 0 warnings"), std::string::npos) << text.out;

  RunResult github = Check("--format github");
  EXPECT_EQ(github.out.find("::error "), github.out.rfind("::error ")) << github.out;
  EXPECT_NE(github.out.find("title=upgrade-order%2C version-skew::" + std::string(kGrouped)),
            std::string::npos)
      << github.out;

  RunResult markdown = Check("--format markdown");
  EXPECT_NE(markdown.out.find("| `upgrade-order, version-skew` | error |"), std::string::npos)
      << markdown.out;
  EXPECT_EQ(markdown.out.find("| error |"), markdown.out.rfind("| error |")) << markdown.out;
}

TEST_F(Findings, TheGroupIsSuppressedOnlyWhenEveryRuleIs) {
  repo.Git("checkout -q main");
  repo.Write(".skewlint.yaml",
             std::string(kSpire) +
                 "ignore:\n  - rule: upgrade-order\n    path: 'clusters/prod/**'\n"
                 "    reason: prod agents follow the vendor's rollout\n"
                 "  - rule: version-skew\n    component: spire-agent\n"
                 "    reason: the vendor certified this pair\n");
  repo.Commit("ignore both rules in prod");
  repo.Git("checkout -q feature");
  repo.Git("rebase -q main");
  repo.Write(kAgent, SpireAgent("1.10.0"));
  repo.Commit("agents");
  RunResult r = Check("--format json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  YamlNodePtr root = Parse(r.out);
  ASSERT_EQ(root->Get("findings")->items.size(), 1u) << r.out;
  const YamlNode& f = Item(*root, "findings", 0);
  EXPECT_EQ(f.ScalarAt("suppressed"), "true");
  EXPECT_EQ(f.ScalarAt("suppression"),
            "prod agents follow the vendor's rollout; the vendor certified this pair");
  EXPECT_EQ(root->Path("summary.suppressed")->scalar, "1");

  // Suppressed by `ignore:` entries: external to the file, for SARIF.
  std::string file = (repo.path() / ".git" / "out.sarif").string();
  Check("--format sarif=" + file);
  YamlNodePtr sarif = Parse(ReadFile(file));
  const YamlNode& run = Item(*sarif, "runs", 0);
  EXPECT_EQ(Item(Item(run, "results", 0), "suppressions", 0).ScalarAt("kind"), "external");
}

TEST_F(Findings, InlineSuppressionOfOneRuleLeavesTheGroupStandingAndOfBothSuppressesIt) {
  std::string agent = SpireAgent("1.10.0");
  std::string one = agent;
  one.insert(one.rfind("          image:"), "          # skewlint: ignore[version-skew] hotfix\n");
  repo.Write(kAgent, one);
  repo.Commit("agents, one rule suppressed");
  RunResult r = Check("--format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Item(*Parse(r.out), "findings", 0).ScalarAt("suppressed"), "false");

  std::string both = agent;
  both.insert(both.rfind("          image:"),
              "          # skewlint: ignore[upgrade-order,version-skew] hotfix\n");
  repo.Write(kAgent, both);
  repo.Commit("both suppressed");
  r = Check("--format json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Item(*Parse(r.out), "findings", 0).ScalarAt("suppressed"), "true");
  std::string file = (repo.path() / ".git" / "out.sarif").string();
  Check("--format sarif=" + file);
  YamlNodePtr sarif = Parse(ReadFile(file));
  const YamlNode& run = Item(*sarif, "runs", 0);
  EXPECT_EQ(Item(Item(run, "results", 0), "suppressions", 0).ScalarAt("kind"), "inSource");
}

TEST_F(Findings, PoliciesWithoutAnIdGetReadableUniqueOnes) {
  repo.Git("checkout -q main");
  repo.Write(".skewlint.yaml", std::string(kSpire) +
                                   "policies:\n"
                                   "  - rule: version-skew\n    newer: spire-agent\n"
                                   "    than: spire-server\n    allow: none\n"
                                   "  - rule: version-skew\n    newer: spire-agent\n"
                                   "    than: spire-server\n    allow: patch\n");
  repo.Commit("two policies of our own");
  repo.Git("checkout -q feature");
  repo.Git("rebase -q main");
  repo.Write(kAgent, SpireAgent("1.10.0"));
  repo.Commit("agents");
  RunResult r = Check("--format json");
  YamlNodePtr root = Parse(r.out);
  const YamlNode& f = Item(*root, "findings", 0);
  ASSERT_NE(f.Get("related"), nullptr) << r.out;
  std::vector<std::string> policies;
  for (const auto& related : f.Get("related")->items) {
    policies.push_back(std::string(related->ScalarAt("policy")));
  }
  EXPECT_EQ(policies, (std::vector<std::string>{"spire-servers-before-agents",
                                                "spire-agent-not-newer-than-server",
                                                "spire-agent-spire-server-version-skew",
                                                "spire-agent-spire-server-version-skew-2"}))
      << r.out;
}

// actions/checkout checks out refs/pull/N/merge: the PR head merged into the
// base. Findings belong to the PR commit that last changed their line, and
// the PR has three commits.
TEST_F(Findings, OnASyntheticMergeTheFindingBelongsToThePullRequestsCommit) {
  repo.Write(kAgent, SpireAgent("1.10.0"));
  std::string bump = repo.Commit("agents to 1.10.0");
  // A later commit of the PR edits the same file, not the line.
  repo.Write(kAgent, SpireAgent("1.10.0") + "# rolled out by the platform team\n");
  repo.Write("docs/notes.md", "notes\n");
  repo.Commit("notes");
  repo.Write("docs/more.md", "more\n");
  std::string pr_head = repo.Commit("more notes");
  repo.Git("checkout -q main");
  repo.Write("docs/main.md", "main moved on\n");
  std::string main_tip = repo.Commit("main moves on");
  repo.Git("checkout -q --detach main");
  repo.Git("merge -q --no-ff --no-edit feature");
  std::string merge = repo.Head();
  ASSERT_EQ(TempRepo::Trim(repo.Git("rev-parse HEAD^1")), main_tip);
  ASSERT_EQ(TempRepo::Trim(repo.Git("rev-parse HEAD^2")), pr_head);

  RunResult r = Check("--format json");
  YamlNodePtr root = Parse(r.out);
  EXPECT_EQ(root->ScalarAt("head"), merge);
  EXPECT_EQ(Item(*root, "findings", 0).ScalarAt("commit"), bump) << r.out;
  EXPECT_EQ(Item(*root, "changes", 0).ScalarAt("commit"), bump) << r.out;
  EXPECT_EQ(root->Path("summary.commits")->scalar, "3");
  RunResult text = Check("--format text --no-color");
  EXPECT_NE(text.out.find("introduced by " + bump.substr(0, 12)), std::string::npos) << text.out;
  // The range line names the merge as the head checked; no finding or
  // change is attributed to it.
  std::string after_range = text.out.substr(text.out.find('\n') + 1);
  EXPECT_EQ(after_range.find(merge.substr(0, 12)), std::string::npos) << text.out;
}

TEST_F(Findings, TheMarkdownSummaryLinksToTheLineAtTheHeadCommit) {
  repo.Write(kAgent, SpireAgent("1.10.0"));
  std::string head = repo.Commit("agents");
  std::string env = "GITHUB_SERVER_URL=https://github.example GITHUB_REPOSITORY=acme/gitops";
  RunResult r = Check("--format markdown", env);
  std::string url = "https://github.example/acme/gitops/blob/" + head + "/" + kAgent + "#L15";
  EXPECT_NE(r.out.find("| [clusters/prod/spire/agent.yaml:15:18](" + url + ") | " + kGrouped),
            std::string::npos)
      << r.out;
  // Without the variables, no links.
  EXPECT_EQ(Check("--format markdown").out.find("](http"), std::string::npos);
}

TEST_F(Findings, SarifNamesToolVersionRuleHelpProvenanceAndRelatedLocations) {
  repo.Write(kAgent, SpireAgent("1.10.0"));
  std::string head = repo.Commit("agents");
  std::string file = (repo.path() / ".git" / "out.sarif").string();
  Check("--format sarif=" + file,
        "GITHUB_SERVER_URL=https://github.example GITHUB_REPOSITORY=acme/gitops");
  YamlNodePtr sarif = Parse(ReadFile(file));
  const YamlNode& run = Item(*sarif, "runs", 0);
  const YamlNode* driver = run.Path("tool.driver");
  ASSERT_NE(driver, nullptr);
  EXPECT_EQ(driver->ScalarAt("version"), SKEWLINT_VERSION);
  EXPECT_EQ(Item(*driver, "rules", 0).ScalarAt("helpUri"),
            "https://github.com/skewlint/skewlint/blob/main/rules/" +
                std::string(Item(*driver, "rules", 0).ScalarAt("id")) + ".md");
  const YamlNode& provenance = Item(run, "versionControlProvenance", 0);
  EXPECT_EQ(provenance.ScalarAt("repositoryUri"), "https://github.example/acme/gitops");
  EXPECT_EQ(provenance.ScalarAt("revisionId"), head);
  const YamlNode& result = Item(run, "results", 0);
  EXPECT_EQ(result.Path("message.text")->scalar, kGrouped);
  ASSERT_EQ(result.Get("relatedLocations")->items.size(), 2u);
  const YamlNode& related = Item(result, "relatedLocations", 1);
  EXPECT_EQ(related.Path("physicalLocation.artifactLocation.uri")->scalar, kAgent);
  EXPECT_EQ(
      related.Path("message.text")->scalar.rfind("version-skew (spire-agent-not-newer-than-", 0),
      0u);
  std::string fingerprint(result.Path("partialFingerprints")->ScalarAt("skewlint/v1"));
  Check("--format sarif=" + file,
        "GITHUB_SERVER_URL=https://github.example GITHUB_REPOSITORY=acme/gitops");
  EXPECT_EQ(Item(Item(*Parse(ReadFile(file)), "runs", 0), "results", 0)
                .Path("partialFingerprints")
                ->ScalarAt("skewlint/v1"),
            fingerprint);

  // Without GitHub's variables, the origin remote names the repository.
  repo.Git("remote add origin git@github.com:acme/gitops.git");
  Check("--format sarif=" + file);
  EXPECT_EQ(Item(Item(*Parse(ReadFile(file)), "runs", 0), "versionControlProvenance", 0)
                .ScalarAt("repositoryUri"),
            "https://github.com/acme/gitops");

  std::string out;
  int status = RunValidator("sarif", file, &out);
  if (status == kValidatorMissing) SKEWLINT_SKIP_LOUDLY("@microsoft/sarif-multitool");
  EXPECT_EQ(status, 0) << out;
}

// The demo pull request of examples/demo, built as ci/demo builds it (same
// author and dates, so the same commit ids): four mistakes, four errors.
class Demo : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.Git("config user.name demo");
    repo.Git("config user.email demo@example.invalid");
    Copy(kDemo / "main");
    repo.Commit("Clusters as they run today", kFirstCommit);
    repo.Git("checkout -q -b feature/upgrades");
    for (int step = 1; step <= 4; ++step) {
      std::filesystem::path dir = kDemo / "pr" / std::to_string(step);
      Copy(dir);
      repo.Commit(TempRepo::Trim(ReadFile(dir / "MESSAGE")), kFirstCommit + step * 3600);
    }
  }
  void Copy(const std::filesystem::path& from) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(from)) {
      if (!entry.is_regular_file() || entry.path().filename() == "MESSAGE") continue;
      repo.Write(std::filesystem::relative(entry.path(), from).string(), ReadFile(entry.path()));
    }
  }

  static constexpr long long kFirstCommit = 1767603600;  // 2026-01-05 09:00 UTC
  const std::filesystem::path kDemo =
      std::filesystem::path(SKEWLINT_SOURCE_DIR) / "examples" / "demo";
  TempRepo repo;
};

// The README's sample output is the demo's real output.
TEST_F(Demo, TheReadmeShowsTheDemosOutput) {
  std::string readme = ReadFile(std::filesystem::path(SKEWLINT_SOURCE_DIR) / "README.md");
  std::string prompt = "```\n$ skewlint check --base main\n";
  size_t start = readme.find(prompt);
  ASSERT_NE(start, std::string::npos);
  start += prompt.size();
  std::string sample = readme.substr(start, readme.find("```\n", start) - start);
  RunResult r = RunSkewlint(repo.root(), "check --base main --no-color", true, CleanEnv());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(sample, r.out);
}

TEST_F(Demo, FourMistakesAreFourErrors) {
  RunResult r = RunSkewlint(repo.root(), "check --base main --format json", true, CleanEnv());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  YamlNodePtr root = Parse(r.out);
  std::vector<std::string> errors, others;
  for (const auto& f : root->Get("findings")->items) {
    std::string line = std::string(f->ScalarAt("rule")) + " " + std::string(f->ScalarAt("path")) +
                       ":" + std::string(f->ScalarAt("line"));
    (f->ScalarAt("severity") == "error" ? errors : others).push_back(line);
  }
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "upgrade-order clusters/prod/spiceai/spicepod.yaml:11",
                        "upgrade-order clusters/prod/spire/agent.yaml:21",
                        "minor-jump clusters/staging/spire/server.yaml:22",
                        "deprecated-field-removal crds/spicepodsets.spice.ai.yaml:21",
                    }))
      << r.out;
  EXPECT_EQ(others, (std::vector<std::string>{
                        "image-digest clusters/prod/spiceai/spicepod.yaml:11",
                        "image-digest clusters/prod/spire/agent.yaml:21",
                        "image-digest clusters/staging/spire/server.yaml:22",
                        "zero-downtime clusters/staging/spire/server.yaml:22",
                    }))
      << r.out;
  EXPECT_EQ(Item(*root, "findings", 1).ScalarAt("message"),
            "spiceai-runtime 1.5.0 needs spiceai-crds and spiceai-operator at 1.5 first; both "
            "are at 1.4.2 in scope prod");
  EXPECT_EQ(Related(Item(*root, "findings", 1)).size(), 4u);
}

// promotion-order measures how long the previous environment has run a
// version by walking history; a shallow clone cuts that walk short.
class ShallowBake : public ::testing::Test {
 protected:
  static constexpr long long kNow = 1800000000;
  void SetUp() override {
    repo.Write(".skewlint.yaml",
               "version: 1\npresets: [spire]\nrules:\n  image-digest: off\n"
               "  zero-downtime: off\npromotion:\n  order: [staging, prod]\n  bake_hours: 24\n");
    repo.Write("clusters/staging/spire/server.yaml", SpireServer("1.9.6", 1));
    repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6", 1));
    repo.Commit("both at 1.9.6", kNow - 100 * 3600);
    repo.Write("clusters/staging/spire/server.yaml", SpireServer("1.10.0", 1));
    repo.Commit("staging to 1.10.0", kNow - 25 * 3600);
    repo.Write("docs/notes.md", "notes\n");
    repo.Commit("notes", kNow - 23 * 3600);
    repo.Git("checkout -q -b promote");
    repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.10.0", 1));
    repo.Commit("prod to 1.10.0", kNow - 3600);
  }
  RunResult Check(const std::string& dir, const std::string& base) {
    return RunSkewlint(dir, "check --base " + base + " --format json", true,
                       CleanEnv() + " SKEWLINT_NOW=" + std::to_string(kNow));
  }

  TempRepo repo;
};

TEST_F(ShallowBake, FullHistoryMeasuresTheBakeTime) {
  RunResult r = Check(repo.root(), "main");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(FindingsIn(r.out).empty()) << r.out;
}

TEST_F(ShallowBake, AShallowCloneSaysWhichHistoryIsMissingInsteadOfMismeasuring) {
  TempDir clone;
  std::string target = (clone.path() / "repo").string();
  ASSERT_EQ(RunCommand("git clone -q --depth 2 --branch promote " +
                       ShellQuote("file://" + repo.root()) + " " + ShellQuote(target)),
            0);
  std::string boundary;
  RunCommand("git -C " + ShellQuote(target) + " rev-parse HEAD~1", &boundary);
  boundary = TempRepo::Trim(boundary);
  RunResult r = Check(target, boundary);
  EXPECT_EQ(FindingsIn(r.out, true),
            (std::vector<std::string>{
                "promotion-order clusters/prod/spire/server.yaml:17:18 spire-server moves to "
                "1.10.0 in scope prod but the history that shows how long scope staging has run "
                "it ends at commit " +
                boundary.substr(0, 12) +
                " (23h ago), where scope staging already ran it; fetch the full history "
                "(actions/checkout with fetch-depth: 0, or git fetch --unshallow) so the 24h bake "
                "time can be measured"}))
      << r.out;
}

}  // namespace
}  // namespace skewlint::testing
