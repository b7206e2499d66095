// End-to-end: which range `check` takes when --base is absent (a feature
// branch with an upstream, GitHub push and pull_request events, base: in the
// config, shallow clones), what every output says about it, and the errors
// that stop the check inside GitHub Actions.

#include <gtest/gtest.h>

#include "tests/cli_run.h"
#include "tests/manifests.h"

namespace skewlint::testing {
namespace {

/// A repository cloned from a bare "origin" (so origin/HEAD is set, as in
/// any clone), on a branch `feature` that bumps the SPIRE agents past the
/// servers (a version-skew error) and is pushed with `git push -u`.
class RangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_.Write(".skewlint.yaml", kSpireOnlyConfig);
    source_.Write(kProdSpireServer, SpireServer("1.9.6"));
    source_.Write(kProdSpireAgent, SpireAgent("1.9.6"));
    main_ = source_.Commit("prod at 1.9.6");
    Shell("git clone -q --bare " + ShellQuote(source_.root()) + " origin.git");
    Shell("git clone -q " + ShellQuote(Origin()) + " work");
    Git("config user.email test@example.invalid");
    Git("config user.name test");
    Git("checkout -q -b feature");
    WriteFile(kProdSpireAgent, SpireAgent("1.10.0"));
    Git("commit -q -am 'agents to 1.10.0'");
    feature_ = Trim(Git("rev-parse HEAD"));
    Git("push -q -u origin feature");
  }

  std::string Origin() const { return (dir_.path() / "origin.git").string(); }
  std::string Work() const { return (dir_.path() / "work").string(); }

  void Shell(const std::string& command) {
    std::string out;
    ASSERT_EQ(RunCommand("cd " + ShellQuote(dir_.path().string()) + " && " + command, &out), 0)
        << command << "\n"
        << out;
  }
  std::string Git(const std::string& args) {
    std::string out;
    EXPECT_EQ(RunCommand("cd " + ShellQuote(Work()) + " && git " + args, &out), 0)
        << "git " << args << "\n"
        << out;
    return out;
  }
  void WriteFile(const std::string& relative, const std::string& text) {
    std::ofstream(std::filesystem::path(Work()) / relative, std::ios::binary) << text;
  }
  std::string EventFile(const std::string& json) {
    std::string path = (dir_.path() / "event.json").string();
    std::ofstream(path, std::ios::binary) << json;
    return path;
  }
  static std::string Trim(std::string s) { return TempRepo::Trim(std::move(s)); }

  TempRepo source_;
  TempDir dir_;
  std::string main_, feature_;
};

TEST_F(RangeTest, TheBranchsOwnUpstreamIsNeverTheBase) {
  SplitRun r = Skewlint(Work(), "check --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  YamlNodePtr json = JsonOf(r.out);
  EXPECT_EQ(json->ScalarAt("base"), main_);
  EXPECT_EQ(json->ScalarAt("head"), feature_);
  EXPECT_EQ(json->ScalarAt("base_from"), "origin/HEAD");
  EXPECT_EQ(json->Path("summary.commits")->scalar, "1");
  EXPECT_EQ(Places(r.out), (std::set<std::string>{"clusters/prod/spire/agent.yaml:15"}));

  SplitRun text = Skewlint(Work(), "check");
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_EQ(FirstLine(text.out), "checking " + Short(main_) + ".." + Short(feature_) +
                                     " (1 commit, net; base from origin/HEAD)");
  EXPECT_EQ(text.err, "");

  // Without origin/HEAD the next candidate is origin/main, never origin/feature.
  Git("remote set-head origin -d");
  r = Skewlint(Work(), "check --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(JsonOf(r.out)->ScalarAt("base_from"), "origin/main");
  EXPECT_EQ(JsonOf(r.out)->ScalarAt("base"), main_);
}

TEST_F(RangeTest, PushEventComparesWithBefore) {
  std::string event = EventFile(R"({"ref": "refs/heads/feature", "before": ")" + main_ +
                                R"(", "after": ")" + feature_ + R"("})");
  std::string env =
      "GITHUB_ACTIONS=true GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH=" + ShellQuote(event);
  SplitRun r = Skewlint(Work(), "check --format json", env);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(JsonOf(r.out)->ScalarAt("base"), main_);
  EXPECT_EQ(JsonOf(r.out)->ScalarAt("base_from"), "push event");
  EXPECT_EQ(Places(r.out), (std::set<std::string>{"clusters/prod/spire/agent.yaml:15"}));

  // `before` of the feature's own tip: the push added nothing new.
  event = EventFile(R"({"before": ")" + feature_ + R"("})");
  r = Skewlint(Work(), "check --format json", env);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(JsonOf(r.out)->Path("summary.commits")->scalar, "0");
  EXPECT_EQ(r.err, "warning: empty range " + Short(feature_) + ".." + Short(feature_) +
                       " (base from push event): the head adds no commit to the base, so "
                       "nothing was checked; pass --base with the branch this change merges "
                       "into\n::warning title=skewlint::empty range " +
                       Short(feature_) + ".." + Short(feature_) +
                       " (base from push event): the head adds no commit to the base, so "
                       "nothing was checked; pass --base with the branch this change merges "
                       "into\n");
}

TEST_F(RangeTest, PushEventThatCreatesABranchComparesWithTheDefaultBranch) {
  std::string event = EventFile(R"({"before": ")" + std::string(40, '0') +
                                R"(", "repository": {"default_branch": "main"}})");
  SplitRun r = Skewlint(Work(), "check --format json",
                        "GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH=" + ShellQuote(event));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(JsonOf(r.out)->ScalarAt("base"), main_);
  EXPECT_EQ(JsonOf(r.out)->ScalarAt("base_from"), "push event (new branch: origin/main)");
}

TEST_F(RangeTest, AMissingOrIncompleteEventFileStopsTheCheck) {
  std::string actions = "GITHUB_ACTIONS=true GITHUB_EVENT_NAME=pull_request ";
  std::string missing = (dir_.path() / "no-such-event.json").string();
  SplitRun r = Skewlint(Work(), "check", actions + "GITHUB_EVENT_PATH=" + ShellQuote(missing));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "skewlint: " + missing +
                       ": on a GitHub pull_request event, cannot read the event file "
                       "($GITHUB_EVENT_PATH), so the base is unknown; pass --base REV (for "
                       "example --base origin/main)\n::error title=skewlint::" +
                       missing +
                       ": on a GitHub pull_request event, cannot read the event "
                       "file ($GITHUB_EVENT_PATH), so the base is unknown; pass --base REV (for "
                       "example --base origin/main)\n");

  r = Skewlint(Work(), "check", actions);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(FirstLine(r.err),
            "skewlint: on a GitHub pull_request event, $GITHUB_EVENT_PATH is not set, so the "
            "base is unknown; pass --base REV (for example --base origin/main)");

  std::string push_event = EventFile(R"({"ref": "refs/heads/feature"})");
  r = Skewlint(Work(), "check",
               "GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH=" + ShellQuote(push_event));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "skewlint: " + push_event +
                       ": on a GitHub push event, the event file has no before, so the base is "
                       "unknown; pass --base REV (for example --base origin/main)\n");

  std::string no_pull_request = EventFile(R"({"action": "opened"})");
  r = Skewlint(Work(), "check", actions + "GITHUB_EVENT_PATH=" + ShellQuote(no_pull_request));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(FirstLine(r.err), "skewlint: " + no_pull_request +
                                  ": on a GitHub pull_request event, the event file has no "
                                  "pull_request.base.sha, so the base is unknown; pass --base "
                                  "REV (for example --base origin/main)");

  // Events that name no base (a manual run) use the usual order.
  r = Skewlint(Work(), "check --format json",
               "GITHUB_ACTIONS=true GITHUB_EVENT_NAME=workflow_dispatch");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(JsonOf(r.out)->ScalarAt("base_from"), "origin/HEAD");
}

TEST_F(RangeTest, AnEmptyBaseIsAUsageError) {
  SplitRun r = Skewlint(Work(), "check --base ''");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "skewlint: --base needs a branch, tag or commit, not an empty string; leave --base "
            "out to detect the base\n");
}

TEST_F(RangeTest, BaseFromTheConfig) {
  // A release branch the feature merges into, named by the config.
  Git("checkout -q -b release " + main_);
  WriteFile(kProdSpireServer, SpireServer("1.10.0"));
  WriteFile(".skewlint.yaml", std::string("base: release\n") + kSpireOnlyConfig);
  Git("commit -q -am 'release: servers to 1.10.0, base: release'");
  std::string release = Trim(Git("rev-parse HEAD"));
  Git("checkout -q -b fix");
  WriteFile(kProdSpireAgent, SpireAgent("1.10.0"));
  Git("commit -q -am 'agents follow'");
  SplitRun r = Skewlint(Work(), "check --format json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(JsonOf(r.out)->ScalarAt("base"), release);
  EXPECT_EQ(JsonOf(r.out)->ScalarAt("base_from"), "config base: release");
  EXPECT_TRUE(Places(r.out).empty()) << r.out;

  WriteFile(".skewlint.yaml", std::string("base: no-such-branch\n") + kSpireOnlyConfig);
  Git("commit -q -am 'base: a branch that does not exist'");
  r = Skewlint(Work(), "check");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.err,
            "skewlint: .skewlint.yaml:1:7: base: unknown revision 'no-such-branch'; fetch it, "
            "fix base: in the config, or pass --base REV\n");

  WriteFile(".skewlint.yaml", std::string("base: ['main']\n") + kSpireOnlyConfig);
  Git("commit -q -am 'base: not a string'");
  r = Skewlint(Work(), "check --base HEAD~1 --policy-from head");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.err, "skewlint: .skewlint.yaml:1:7: base: expected a string, found a list\n");
}

TEST_F(RangeTest, AShallowCloneSaysToFetchFullHistory) {
  std::string shallow = (dir_.path() / "shallow").string();
  Shell("git clone -q --depth 1 --branch feature file://" + Origin() + " shallow");
  SplitRun r = Skewlint(shallow, "check");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("fetch full history (actions/checkout with fetch-depth: 0"),
            std::string::npos)
      << r.err;

  // Two commits on the branch: one level of history does not reach main.
  WriteFile(kProdSpireServer, SpireServer("1.9.7"));
  Git("commit -q -am 'servers to 1.9.7'");
  Git("push -q");
  std::string both = (dir_.path() / "both").string();
  Shell("git clone -q --depth 1 --no-single-branch --branch feature file://" + Origin() + " both");
  r = Skewlint(both, "check");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("fetch-depth: 0"), std::string::npos) << r.err;

  // The same clone with its history: the finding is there.
  Shell("cd both && git fetch -q --unshallow");
  r = Skewlint(both, "check --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(Places(r.out), (std::set<std::string>{"clusters/prod/spire/agent.yaml:15"}));
}

TEST_F(RangeTest, EveryFormatNamesTheRange) {
  TempDir out;
  std::string sarif = (out.path() / "r.sarif").string();
  std::string markdown = (out.path() / "r.md").string();
  SplitRun r =
      Skewlint(Work(), "check --base main --format json --format sarif=" + ShellQuote(sarif) +
                           " --format markdown=" + ShellQuote(markdown));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(JsonOf(r.out)->ScalarAt("base_from"), "--base main");
  YamlNodePtr run = JsonOf(ReadText(sarif))->Get("runs")->items.at(0);
  const YamlNode* props = run->Get("properties");
  ASSERT_TRUE(props);
  EXPECT_EQ(props->ScalarAt("base"), main_);
  EXPECT_EQ(props->ScalarAt("head"), feature_);
  EXPECT_EQ(props->ScalarAt("mode"), "net");
  EXPECT_EQ(props->ScalarAt("commits"), "1");
  EXPECT_EQ(props->ScalarAt("base_from"), "--base main");
  EXPECT_EQ(props->ScalarAt("empty_range"), "false");
  EXPECT_NE(ReadText(markdown).find("Checked " + Short(main_) + ".." + Short(feature_)),
            std::string::npos);
}

}  // namespace
}  // namespace skewlint::testing
