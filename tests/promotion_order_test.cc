#include <gtest/gtest.h>

#include "rules/history.h"
#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr int64_t kNow = 1700000000;
constexpr int64_t kHour = 3600;
constexpr const char* kConfig =
    "version: 1\npresets: [spire]\npromotion: {order: [dev, staging, prod], bake_hours: 24}\n";

std::string Server(const std::string& scope) { return "clusters/" + scope + "/spire/server.yaml"; }

/// First-parent history made of states: commits newest first, the base
/// ("before", the state the change starts from) at the front.
class FakeHistory : public History {
 public:
  void Add(const std::string& id, int64_t time, State state) {
    commits_.push_back(CommitInfo{id, id, time, {}});
    states_[id] = std::move(state);
  }
  std::vector<CommitInfo> PathCommits(std::string_view, std::string_view, size_t) override {
    return {};
  }
  std::vector<CommitInfo> Ancestry(std::string_view rev, size_t limit) override {
    std::vector<CommitInfo> out;
    bool found = false;
    for (const auto& c : commits_) {
      found = found || c.id == rev;
      if (found && out.size() < limit) out.push_back(c);
    }
    return out;
  }
  std::optional<std::string> FileText(std::string_view, std::string_view) override { return {}; }
  const State* StateAt(std::string_view rev) override {
    auto it = states_.find(std::string(rev));
    return it == states_.end() ? nullptr : &it->second;
  }
  std::vector<TagInfo> Tags() override { return {}; }
  bool IsAncestor(std::string_view, std::string_view) override { return true; }

 private:
  std::vector<CommitInfo> commits_;
  std::map<std::string, State> states_;
};

struct Scenario {
  Config config = ConfigFrom(kConfig);
  FakeHistory history;
  Files base;

  /// A commit of the base's history, `hours_ago` before the check, where
  /// staging runs `staging` (prod and dev as in the base).
  void Past(const std::string& id, int64_t hours_ago, const std::string& staging) {
    Files files = base;
    files[Server("staging")] = SpireServer(staging, 3);
    history.Add(id, kNow - hours_ago * kHour, StateFrom(files, config, id));
  }
  std::vector<Finding> Promote(const std::string& prod_to, bool with_history = true) {
    Files after = base;
    after[Server("prod")] = SpireServer(prod_to, 3);
    return RunRule("promotion-order", config, base, after, kNow, with_history ? &history : nullptr);
  }
};

Scenario StagingAt(const std::string& staging, const std::string& prod = "1.9.5") {
  Scenario s;
  s.base = {{Server("dev"), SpireServer(staging, 3)},
            {Server("staging"), SpireServer(staging, 3)},
            {Server("prod"), SpireServer(prod, 3)}};
  return s;
}

// Spice.ai: "Once the non-production cluster has run for at least the bake
// time ... promote the same digests to production."
TEST(PromotionOrder, StagingBakedThreeDaysIsClean) {
  Scenario s = StagingAt("1.9.6");
  s.Past("before", 1, "1.9.6");
  s.Past("c2", 50, "1.9.6");
  s.Past("c1", 72, "1.9.6");
  s.Past("c0", 96, "1.9.5");
  EXPECT_TRUE(s.Promote("1.9.6").empty());
}

TEST(PromotionOrder, TheBakeTimeIsCountedAcrossHundredsOfCommits) {
  // A commit every 3 minutes: the 24h bake time lies 480 commits back, past
  // the first batches of ancestry the rule asks for (16, then 256).
  constexpr int64_t kMinute = 60;
  for (int started_hours_ago : {10, 30}) {
    Scenario s = StagingAt("1.9.6");
    Files old = s.base;
    old[Server("staging")] = SpireServer("1.9.5", 3);
    for (int i = 0; i < 700; ++i) {
      int64_t minutes_ago = 1 + 3 * int64_t{i};
      std::string id = i == 0 ? "before" : "c" + std::to_string(i);
      bool runs = minutes_ago <= started_hours_ago * 60;
      s.history.Add(id, kNow - minutes_ago * kMinute,
                    runs ? StateFrom(s.base, s.config, id) : StateFrom(old, s.config, id));
    }
    auto findings = s.Promote("1.9.6");
    if (started_hours_ago >= 24) {
      EXPECT_TRUE(findings.empty()) << started_hours_ago;
      continue;
    }
    ASSERT_EQ(findings.size(), 1u);
    // The oldest commit that runs it: 199 commits back, 598 minutes ago.
    EXPECT_NE(findings[0].message.find("has run it for only 9h"), std::string::npos)
        << findings[0].message;
  }
}

TEST(PromotionOrder, StagingBakedOneHourIsAnError) {
  Scenario s = StagingAt("1.9.6");
  s.Past("before", 1, "1.9.6");
  s.Past("c1", 72, "1.9.5");
  auto findings = s.Promote("1.9.6");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "promotion-order");
  EXPECT_EQ(findings[0].policy, "");
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].component, "spire-server");
  EXPECT_EQ(findings[0].scope, "prod");
  EXPECT_EQ(findings[0].location, (Location{Server("prod"), 17, 18}));
  EXPECT_EQ(findings[0].message,
            "spire-server moves to 1.9.6 in scope prod but scope staging has run it for only 1h of "
            "the 24h bake time; wait 23h more before promoting to prod");
}

TEST(PromotionOrder, ProdBeforeStagingIsAnError) {
  Scenario s = StagingAt("1.9.5");
  s.Past("before", 1, "1.9.5");
  auto findings = s.Promote("1.9.6");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "spire-server moves to 1.9.6 in scope prod but scope staging does not run it yet (it "
            "runs 1.9.5); promote it to staging first and let it bake for 24h");
}

TEST(PromotionOrder, DevStagingAndProdInOneChangeIsAnErrorForTheLaterTwo) {
  Scenario s = StagingAt("1.9.5");
  Files after = s.base;
  for (const char* scope : {"dev", "staging", "prod"})
    after[Server(scope)] = SpireServer("1.9.6", 3);
  auto findings = RunRule("promotion-order", s.config, s.base, after, kNow, &s.history);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].message,
            "spire-server moves to 1.9.6 in scope prod but scope staging does not run it yet (it "
            "runs 1.9.5); promote it to staging first and let it bake for 24h");
  EXPECT_EQ(findings[1].message,
            "spire-server moves to 1.9.6 in scope staging but scope dev does not run it yet (it "
            "runs 1.9.5); promote it to dev first and let it bake for 24h");
}

TEST(PromotionOrder, TheFirstScopeAndScopesOutsideTheOrderAreFree) {
  Scenario s = StagingAt("1.9.5");
  Files after = s.base;
  after[Server("dev")] = SpireServer("1.9.7", 3);
  after[Server("lab")] = SpireServer("1.9.7", 3);
  EXPECT_TRUE(RunRule("promotion-order", s.config, s.base, after, kNow, &s.history).empty());
}

TEST(PromotionOrder, RollbacksAreFree) {
  Scenario s = StagingAt("1.9.6", "1.9.6");
  EXPECT_TRUE(s.Promote("1.9.5").empty());
}

TEST(PromotionOrder, TheSameDigestMustHaveBaked) {
  const std::string a = "1.9.6@sha256:" + std::string(64, 'a');
  const std::string b = "1.9.6@sha256:" + std::string(64, 'b');
  Scenario s = StagingAt(a);
  s.Past("before", 1, a);
  s.Past("c1", 30, a);
  EXPECT_TRUE(s.Promote(a).empty());
  auto findings = s.Promote(b);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message, "spire-server moves to " + b +
                                     " in scope prod but scope staging does not run it yet (it "
                                     "runs " +
                                     a + "); promote it to staging first and let it bake for 24h");
}

TEST(PromotionOrder, WithoutHistoryTheBakeTimeCannotBeTold) {
  Scenario s = StagingAt("1.9.6");
  auto findings = s.Promote("1.9.6", false);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "spire-server moves to 1.9.6 in scope prod but the repository history is not available "
            "to tell how long scope staging has run it; wait for the 24h bake time before "
            "promoting");
}

TEST(PromotionOrder, NoBakeTimeNeedsNoHistory) {
  Scenario s = StagingAt("1.9.6");
  s.config = ConfigFrom("version: 1\npresets: [spire]\npromotion: {order: [staging, prod]}\n");
  EXPECT_TRUE(s.Promote("1.9.6", false).empty());
}

TEST(PromotionOrder, PoliciesReplaceTheDefault) {
  Scenario s = StagingAt("1.9.6");
  s.Past("before", 1, "1.9.6");
  s.Past("c1", 72, "1.9.5");
  s.config = ConfigFrom(std::string(kConfig) +
                        "policies:\n  - rule: promotion-order\n    id: servers-bake-an-hour\n"
                        "    component: spire-server\n    bake_hours: 0.5\n");
  auto findings = s.Promote("1.9.6");
  EXPECT_TRUE(findings.empty());
  s.config = ConfigFrom(std::string(kConfig) +
                        "policies:\n  - rule: promotion-order\n    component: spire-agent\n");
  EXPECT_TRUE(s.Promote("1.9.6").empty());
}

TEST(PromotionOrder, APolicyNeedsAnOrder) {
  auto checks = BuildChecks(ConfigFrom("version: 1\npolicies:\n  - rule: promotion-order\n"));
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.error().ToString(),
            ".skewlint.yaml:3:5: policy 'promotion-order' (promotion-order): no promotion order: "
            "set order: here or promotion.order in the config");
}

}  // namespace
}  // namespace skewlint::testing
