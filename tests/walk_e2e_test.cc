// A per-commit walk longer than the chunks its diffs are taken in, and net
// mode's attribution over a long range: findings land on the right commits.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "linter/yaml_tree.h"
#include "tests/manifests.h"
#include "tests/test_repo.h"

namespace skewlint {
namespace {

using testing::FindingsIn;
using testing::RunResult;
using testing::RunSkewlint;
using testing::ShellQuote;
using testing::SpireAgent;
using testing::SpireServer;
using testing::TempRepo;

constexpr const char* kConfig =
    "version: 1\npresets: [spire]\nrules:\n  image-digest: off\n  zero-downtime: off\n";

YamlNodePtr Json(const std::string& text) {
  ParsedYaml parsed = ParseYaml(text);
  EXPECT_TRUE(parsed.problems.empty()) << text;
  return parsed.documents.empty() ? std::make_shared<YamlNode>() : parsed.documents[0].root;
}

// One fast-import blob command for `text`.
std::string Inline(const std::string& path, const std::string& text) {
  return "M 100644 inline " + path + "\ndata " + std::to_string(text.size()) + "\n" + text + "\n";
}

class LongWalkTest : public ::testing::Test {
 protected:
  // Commits 1..kCommits on `feature` edit a YAML note (read ahead with the
  // rest); commit kSkew moves the agents to 1.10.0 ahead of the servers,
  // commit kFix the servers too.
  static constexpr int kCommits = 1300;
  static constexpr int kSkew = 700;
  static constexpr int kFix = 1210;

  void SetUp() override {
    repo.Write(".skewlint.yaml", kConfig);
    repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6"));
    repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.6"));
    base = repo.Commit("prod at 1.9.6");
    std::ostringstream script;
    for (int i = 1; i <= kCommits; ++i) {
      std::string message = "step " + std::to_string(i);
      script << "commit refs/heads/feature\ncommitter t <t@example.invalid> " << 1700000000 + i
             << " +0000\ndata " << message.size() << "\n"
             << message << "\n";
      script << (i == 1 ? "from " + base + "\n" : "");
      script << Inline("clusters/prod/notes.yaml", "note: " + std::to_string(i) + "\n");
      if (i == kSkew) script << Inline("clusters/prod/spire/agent.yaml", SpireAgent("1.10.0"));
      if (i == kFix) script << Inline("clusters/prod/spire/server.yaml", SpireServer("1.10.0"));
      script << "\n";
    }
    std::ofstream((repo.path() / ".git" / "import").string()) << script.str();
    repo.Git("fast-import --quiet < .git/import");
    repo.Git("checkout -q feature");
    std::istringstream ids(repo.Git("rev-list --reverse --first-parent " + base + "..feature"));
    for (std::string id; std::getline(ids, id);) commits.push_back(id);
  }

  RunResult Check(const std::string& args) {
    return RunSkewlint(repo.root(), "check --format json --base " + base + " " + args, true);
  }

  TempRepo repo;
  std::string base;
  std::vector<std::string> commits;  // commit i at [i - 1]
};

TEST_F(LongWalkTest, PerCommitFindsTheSkewAtItsCommitPastTheFirstChunks) {
  ASSERT_EQ(commits.size(), static_cast<size_t>(kCommits));
  RunResult r = Check("--per-commit");
  ASSERT_EQ(r.exit_code, 1) << r.out;
  // The agents move ahead of the servers at commit kSkew.
  EXPECT_EQ(FindingsIn(r.out),
            (std::vector<std::string>{"upgrade-order clusters/prod/spire/agent.yaml:15:18"}));
  YamlNodePtr root = Json(r.out);
  EXPECT_EQ(root->Get("findings")->items[0]->ScalarAt("commit"), commits[kSkew - 1]);
  EXPECT_EQ(root->Path("summary.commits")->scalar, std::to_string(kCommits));
  // Both moves are changes, each at its own commit.
  const YamlNode& changes = *root->Get("changes");
  ASSERT_EQ(changes.items.size(), 2u);
  std::vector<std::string> at;
  for (const auto& c : changes.items) at.push_back(std::string(c->ScalarAt("commit")));
  std::sort(at.begin(), at.end());
  std::vector<std::string> want = {commits[kSkew - 1], commits[kFix - 1]};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(at, want);
}

TEST_F(LongWalkTest, NetModeAttributesEachChangeToTheCommitThatMadeIt) {
  RunResult r = Check("");
  // One deployment moves both, with nothing ordering the servers first.
  ASSERT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(FindingsIn(r.out),
            (std::vector<std::string>{"upgrade-order clusters/prod/spire/agent.yaml:15:18"}));
  YamlNodePtr root = Json(r.out);
  EXPECT_EQ(root->Get("findings")->items[0]->ScalarAt("commit"), commits[kSkew - 1]);
  const YamlNode& changes = *root->Get("changes");
  ASSERT_EQ(changes.items.size(), 2u);
  for (const auto& c : changes.items) {
    std::string want =
        c->ScalarAt("component") == "spire-agent" ? commits[kSkew - 1] : commits[kFix - 1];
    EXPECT_EQ(c->ScalarAt("commit"), want) << c->ScalarAt("component");
  }
}

}  // namespace
}  // namespace skewlint
