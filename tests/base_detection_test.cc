#include "linter/base_detection.h"

#include <gtest/gtest.h>

#include <map>

#include "git/git_repository.h"
#include "tests/integration_util.h"

namespace skewlint {
namespace {

using testing::CleanEnv;
using testing::ParseJson;
using testing::RunSkewlint;
using testing::SpireServer;
using testing::TempRepo;
using testing::WriteFile;

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::unique_ptr<Repository> Open(const TempRepo& repo) {
  auto opened = OpenRepository(repo.root());
  EXPECT_TRUE(opened.ok());
  return opened.ok() ? std::move(*opened) : nullptr;
}

std::string EventFile(const TempRepo& repo, const std::string& base_sha) {
  auto path = repo.path() / ".git" / "event.json";
  WriteFile(path, R"({"action": "synchronize", "number": 7,
  "pull_request": {"number": 7, "base": {"ref": "main", "sha": ")" +
                      base_sha + R"("}, "head": {"ref": "feature", "sha": "x"}}})");
  return path.string();
}

class BaseDetectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.Write("a.yaml", "a: 1\n");
    first_ = repo_.Commit("first");
    repo_.Git("checkout -q -b feature");
    repo_.Write("a.yaml", "a: 2\n");
    second_ = repo_.Commit("second");
  }

  Result<DetectedRange> Detect(std::map<std::string, std::string> env) {
    auto repository = Open(repo_);
    return DetectBase(*repository, FakeEnv(std::move(env)));
  }

  TempRepo repo_;
  std::string first_, second_;
};

TEST_F(BaseDetectionTest, PullRequestBaseComesFromTheEventFile) {
  for (const char* event : {"pull_request", "pull_request_target"}) {
    auto detected = Detect({{"GITHUB_EVENT_NAME", event},
                            {"GITHUB_EVENT_PATH", EventFile(repo_, first_)},
                            {"PRE_COMMIT_FROM_REF", second_},
                            {"PRE_COMMIT_TO_REF", second_}});
    ASSERT_TRUE(detected.ok()) << detected.error().message;
    EXPECT_EQ(detected->base, first_);
    EXPECT_EQ(detected->head, "");
    EXPECT_EQ(detected->source, std::string(event) + " event");
    EXPECT_TRUE(detected->github_pull_request);
  }
}

TEST_F(BaseDetectionTest, PushAndMergeGroupEventsNameTheirBase) {
  auto path = repo_.path() / ".git" / "push.json";
  WriteFile(path, R"({"before": ")" + first_ + R"(", "after": ")" + second_ + R"("})");
  auto detected = Detect({{"GITHUB_EVENT_NAME", "push"}, {"GITHUB_EVENT_PATH", path.string()}});
  ASSERT_TRUE(detected.ok()) << detected.error().message;
  EXPECT_EQ(detected->base, first_);
  EXPECT_EQ(detected->source, "push event");
  EXPECT_FALSE(detected->github_pull_request);
  WriteFile(path, R"({"merge_group": {"base_sha": ")" + first_ + R"("}})");
  detected = Detect({{"GITHUB_EVENT_NAME", "merge_group"}, {"GITHUB_EVENT_PATH", path.string()}});
  ASSERT_TRUE(detected.ok()) << detected.error().message;
  EXPECT_EQ(detected->base, first_);
  EXPECT_EQ(detected->source, "merge_group event");
}

TEST_F(BaseDetectionTest, PushThatCreatesABranchComparesWithTheDefaultBranch) {
  auto path = repo_.path() / ".git" / "push.json";
  WriteFile(path, R"({"before": ")" + std::string(40, '0') +
                      R"(", "repository": {"default_branch": "trunk"}})");
  auto detected = Detect({{"GITHUB_EVENT_NAME", "push"}, {"GITHUB_EVENT_PATH", path.string()}});
  ASSERT_TRUE(detected.ok()) << detected.error().message;
  EXPECT_EQ(detected->base, "main");  // origin/trunk is not in this clone
  EXPECT_EQ(detected->source, "push event (new branch: main)");
}

TEST_F(BaseDetectionTest, OtherEventsUseTheUsualOrder) {
  auto detected = Detect({{"GITHUB_EVENT_NAME", "workflow_dispatch"}});
  ASSERT_TRUE(detected.ok());
  EXPECT_EQ(detected->base, "main");
  EXPECT_EQ(detected->source, "main");
}

TEST_F(BaseDetectionTest, AnEventFileThatCannotTellTheBaseIsAnError) {
  std::string missing = (repo_.path() / "missing.json").string();
  auto detected = Detect({{"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_EVENT_PATH", missing}});
  ASSERT_FALSE(detected.ok());
  EXPECT_EQ(detected.error().ToString(),
            missing +
                ": on a GitHub pull_request event, cannot read the event file "
                "($GITHUB_EVENT_PATH), so the base is unknown; pass --base REV (for example "
                "--base origin/main)");
  auto path = repo_.path() / ".git" / "event.json";
  WriteFile(path, "[1, 2]");
  detected = Detect({{"GITHUB_EVENT_NAME", "push"}, {"GITHUB_EVENT_PATH", path.string()}});
  ASSERT_FALSE(detected.ok());
  EXPECT_EQ(detected.error().message,
            "on a GitHub push event, the event file is not a JSON object; pass --base REV (for "
            "example --base origin/main)");
  WriteFile(path, R"({"merge_group": {}})");
  detected = Detect({{"GITHUB_EVENT_NAME", "merge_group"}, {"GITHUB_EVENT_PATH", path.string()}});
  ASSERT_FALSE(detected.ok());
  EXPECT_EQ(detected.error().message,
            "on a GitHub merge_group event, the event file has no merge_group.base_sha, so the "
            "base is unknown; pass --base REV (for example --base origin/main)");
}

TEST_F(BaseDetectionTest, PrePushRangeComesFromPreCommitRefs) {
  auto detected = Detect({{"PRE_COMMIT_FROM_REF", first_}, {"PRE_COMMIT_TO_REF", second_}});
  ASSERT_TRUE(detected.ok());
  EXPECT_EQ(detected->base, first_);
  EXPECT_EQ(detected->head, second_);
  EXPECT_EQ(detected->source, "pre-commit pre-push");
}

TEST_F(BaseDetectionTest, NewBranchPushComparesWithTheDefaultBranch) {
  auto detected =
      Detect({{"PRE_COMMIT_FROM_REF", std::string(40, '0')}, {"PRE_COMMIT_TO_REF", second_}});
  ASSERT_TRUE(detected.ok());
  EXPECT_EQ(detected->base, "main");
  EXPECT_EQ(detected->head, second_);
}

TEST_F(BaseDetectionTest, ConfigBaseComesBeforeTheDefaultBranches) {
  repo_.Git("branch release " + first_);
  auto repository = Open(repo_);
  auto configured = [](std::string rev) {
    return [rev]() -> std::optional<ConfigBase> {
      return ConfigBase{rev, Location{".skewlint.yaml", 2, 7}};
    };
  };
  auto detected = DetectBase(*repository, FakeEnv({}), configured("release"));
  ASSERT_TRUE(detected.ok()) << detected.error().message;
  EXPECT_EQ(detected->base, "release");
  EXPECT_EQ(detected->source, "config base: release");
  detected = DetectBase(*repository, FakeEnv({}), configured("gone"));
  ASSERT_FALSE(detected.ok());
  EXPECT_EQ(detected.error().ToString(),
            ".skewlint.yaml:2:7: base: unknown revision 'gone'; fetch it, fix base: in the "
            "config, or pass --base REV");
  // A CI event still comes first.
  detected = DetectBase(*repository,
                        FakeEnv({{"GITHUB_EVENT_NAME", "pull_request"},
                                 {"GITHUB_EVENT_PATH", EventFile(repo_, first_)}}),
                        configured("release"));
  ASSERT_TRUE(detected.ok());
  EXPECT_EQ(detected->source, "pull_request event");
}

TEST_F(BaseDetectionTest, LocalOrderNeverTakesTheBranchsOwnUpstream) {
  repo_.Git("branch master " + first_);
  EXPECT_EQ(Detect({})->base, "main");
  repo_.Git("branch -D main");
  EXPECT_EQ(Detect({})->base, "master");
  repo_.Git("update-ref refs/remotes/origin/master " + first_);
  EXPECT_EQ(Detect({})->base, "origin/master");
  repo_.Git("update-ref refs/remotes/origin/main " + first_);
  EXPECT_EQ(Detect({})->base, "origin/main");
  repo_.Git("update-ref refs/remotes/origin/trunk " + first_);
  repo_.Git("symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/trunk");
  EXPECT_EQ(Detect({})->base, "origin/HEAD");
  // feature pushed with -u: origin/feature is where it goes, not its base.
  repo_.Git("symbolic-ref -d refs/remotes/origin/HEAD");
  repo_.Git("update-ref -d refs/remotes/origin/main");
  repo_.Git("update-ref -d refs/remotes/origin/master");
  repo_.Git("branch -D master");
  repo_.Git("update-ref refs/remotes/origin/feature " + second_);
  repo_.Git("config remote.origin.url " + testing::ShellQuote(repo_.root()));
  repo_.Git("config remote.origin.fetch '+refs/heads/*:refs/remotes/origin/*'");
  repo_.Git("config branch.feature.remote origin");
  repo_.Git("config branch.feature.merge refs/heads/feature");
  auto detected = Detect({});
  ASSERT_FALSE(detected.ok()) << detected->base;
}

TEST_F(BaseDetectionTest, NothingToCompareWithSaysHowToPassBase) {
  repo_.Git("branch -D main");
  auto detected = Detect({});
  ASSERT_FALSE(detected.ok());
  EXPECT_EQ(detected.error().message,
            "cannot tell what to compare against: no --base given, no base: in the config, and "
            "none of origin/HEAD, origin/main, main, origin/master, master exists; pass --base "
            "REV (for example --base origin/main)");
  auto r = RunSkewlint(repo_.root(), "check", false, CleanEnv());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out,
            "skewlint: cannot tell what to compare against: no --base given, no base: in the "
            "config, and none of origin/HEAD, origin/main, main, origin/master, master exists; "
            "pass --base REV (for example --base origin/main)\n");
}

// GitHub's checkout of a pull request: refs/pull/N/merge, a merge commit
// whose parents are the base branch tip and the PR head. The base branch
// moved on (`moved_`) after the PR forked from `fork_`.
class PullRequestMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.Write(".skewlint.yaml", testing::SpireConfig());
    repo_.Write("clusters/prod/server.yaml", SpireServer("1.9.6"));
    repo_.Write("clusters/staging/server.yaml", SpireServer("1.9.6"));
    fork_ = repo_.Commit("spire 1.9.6 everywhere");
    repo_.Git("checkout -q -b pr");
    repo_.Write("clusters/prod/server.yaml", SpireServer("1.10.0"));
    pr1_ = repo_.Commit("prod to 1.10");
    repo_.Write("clusters/prod/server.yaml", SpireServer("1.11.0"));
    pr2_ = repo_.Commit("prod to 1.11");
    repo_.Git("checkout -q main");
    // The base branch breaks a policy on its own: not the PR's doing.
    repo_.Write("clusters/staging/server.yaml", SpireServer("1.11.0"));
    moved_ = repo_.Commit("staging straight to 1.11");
    repo_.Git("checkout -q --detach " + moved_);
    repo_.Git("merge -q --no-ff --no-edit pr");
    merge_ = repo_.Head();
  }

  std::optional<CommitRange> Range(const std::string& base, bool per_commit) {
    auto repository = Open(repo_);
    auto range = PullRequestMergeRange(*repository, base, merge_, per_commit);
    EXPECT_TRUE(range.ok()) << range.error().message;
    return range.ok() ? *range : std::nullopt;
  }

  testing::RunResult Check(const std::string& event_base, const std::string& args) {
    return RunSkewlint(repo_.root(), "check --format json " + args, true,
                       CleanEnv() + " GITHUB_EVENT_NAME=pull_request GITHUB_EVENT_PATH=" +
                           testing::ShellQuote(EventFile(repo_, event_base)));
  }

  TempRepo repo_;
  std::string fork_, pr1_, pr2_, moved_, merge_;
};

TEST_F(PullRequestMergeTest, NetChangeIsThePullRequestOnItsBase) {
  auto range = Range(moved_, false);
  ASSERT_TRUE(range);
  EXPECT_EQ(range->base, moved_);
  EXPECT_EQ(range->head, merge_);
  // An event base older than the merge's first parent: the same range.
  range = Range(fork_, false);
  ASSERT_TRUE(range);
  EXPECT_EQ(range->base, moved_);
}

TEST_F(PullRequestMergeTest, PerCommitWalksThePullRequestHead) {
  auto range = Range(moved_, true);
  ASSERT_TRUE(range);
  EXPECT_EQ(range->base, fork_);
  EXPECT_EQ(range->head, pr2_);
}

TEST_F(PullRequestMergeTest, OtherCommitsAreLeftAlone) {
  auto repository = Open(repo_);
  auto plain = PullRequestMergeRange(*repository, fork_, pr2_, false);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(*plain);              // not a merge commit
  EXPECT_FALSE(Range(pr1_, false));  // base is not on the base branch side
}

TEST_F(PullRequestMergeTest, CheckReportsOnlyThePullRequestsFindings) {
  auto r = Check(fork_, "");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  YamlNodePtr json = ParseJson(r.out);
  EXPECT_EQ(json->ScalarAt("base"), moved_);
  EXPECT_EQ(json->ScalarAt("head"), merge_);
  const auto& findings = json->Get("findings")->items;
  ASSERT_EQ(findings.size(), 1u) << r.out;
  EXPECT_EQ(findings[0]->ScalarAt("rule"), "minor-jump");
  EXPECT_EQ(findings[0]->ScalarAt("path"), "clusters/prod/server.yaml");
  EXPECT_EQ(findings[0]->ScalarAt("line"), "11");
  EXPECT_EQ(findings[0]->ScalarAt("column"), "18");
}

TEST_F(PullRequestMergeTest, PerCommitCheckJudgesEachPullRequestCommit) {
  auto r = Check(moved_, "--per-commit");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  YamlNodePtr json = ParseJson(r.out);
  EXPECT_EQ(json->ScalarAt("base"), fork_);
  EXPECT_EQ(json->ScalarAt("head"), pr2_);
  EXPECT_EQ(json->ScalarAt("mode"), "per-commit");
  EXPECT_TRUE(json->Get("findings")->items.empty()) << r.out;
  EXPECT_EQ(json->Path("summary.commits")->scalar, "2");
}

TEST_F(PullRequestMergeTest, ExplicitBaseIsTakenAsGiven) {
  auto r = RunSkewlint(repo_.root(), "check --format json --base " + fork_, true, CleanEnv());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  YamlNodePtr json = ParseJson(r.out);
  EXPECT_EQ(json->ScalarAt("base"), fork_);
  EXPECT_EQ(json->Get("findings")->items.size(), 2u) << r.out;
}

}  // namespace
}  // namespace skewlint
