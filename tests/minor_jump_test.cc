#include <gtest/gtest.h>

#include "rules/rule_util.h"
#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

std::vector<Finding> Jump(const std::string& from, const std::string& to) {
  Files before = {{"clusters/prod/spire/server.yaml", SpireServer(from)}};
  Files after = {{"clusters/prod/spire/server.yaml", SpireServer(to)}};
  return RunRule("minor-jump", PresetConfig("spire"), before, after);
}

// "Upgrades that jump two or more minor versions (e.g. 1.1.1 to 1.3.0) are
// not supported."
TEST(MinorJumpSpire, TwoMinorsIsAFinding) {
  auto findings = Jump("1.1.1", "1.3.0");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spire-server-one-minor-per-upgrade");
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/spire/server.yaml", 17, 18}));
  EXPECT_EQ(findings[0].message,
            "spire-server jumps from 1.1.1 to 1.3.0 in one change in scope prod (2 minors; at most "
            "1 minor per upgrade is supported); upgrade to 1.2 first");
}

// "... limited to a jump of at most one minor version (regardless of patch)"
TEST(MinorJumpSpire, OneMinorRegardlessOfPatchIsClean) {
  EXPECT_TRUE(Jump("1.1.1", "1.2.3").empty());
  EXPECT_TRUE(Jump("1.1.9", "1.2.0").empty());
}

TEST(MinorJumpSpire, PatchUpgradesAreClean) { EXPECT_TRUE(Jump("1.1.1", "1.1.7").empty()); }

// "0.12.x ... compatibility warranties with 1.0.x": one step
TEST(MinorJumpSpire, From0_12To1_0IsOneStep) { EXPECT_TRUE(Jump("0.12.3", "1.0.0").empty()); }

TEST(MinorJumpSpire, From0_12To1_1IsTwoSteps) {
  auto findings = Jump("0.12.3", "1.1.0");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(
      findings[0].message,
      "spire-server jumps from 0.12.3 to 1.1.0 in one change in scope prod (2 minors; at most "
      "1 minor per upgrade is supported); upgrade to 0.13 first");
}

TEST(MinorJumpSpire, AcrossMajorsWithoutAdjacencyIsAFinding) {
  auto findings = Jump("1.14.0", "2.0.0");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "spire-server jumps from 1.14.0 to 2.0.0 in one change in scope prod across major "
            "versions (at most 1 minor per upgrade is supported); upgrade to the last minor of 1.x "
            "first, or declare the series adjacent");
}

TEST(MinorJumpSpire, DowngradesAreNotJumps) { EXPECT_TRUE(Jump("1.3.0", "1.1.1").empty()); }

TEST(MinorJumpSpire, AddedInstancesAreNotJumps) {
  Files after = {{"clusters/prod/spire/server.yaml", SpireServer("1.9.0")}};
  EXPECT_TRUE(RunRule("minor-jump", PresetConfig("spire"), {}, after).empty());
}

TEST(MinorJumpConfig, MaxIsConfigurable) {
  Config config = ConfigFrom(
      "version: 1\n"
      "components:\n"
      "  - {name: server, locators: [{image: 'spiffe/spire-server$'}]}\n"
      "policies:\n"
      "  - {rule: minor-jump, component: server, max: 2}\n");
  Files before = {{"s.yaml", SpireServer("1.1.1")}};
  EXPECT_TRUE(RunRule("minor-jump", config, before, {{"s.yaml", SpireServer("1.3.0")}}).empty());
  EXPECT_EQ(RunRule("minor-jump", config, before, {{"s.yaml", SpireServer("1.4.0")}}).size(), 1u);
}

// The rules of one step share the instance match (RuleContext::shared):
// made by the first rule that asks, handed to the others as it is.
TEST(MatchInstances, TheRulesOfAStepShareOneMatch) {
  Config config = PresetConfig("spire");
  Files before = {{"clusters/prod/spire/server.yaml", SpireServer("1.9.6")},
                  {"clusters/prod/spire/agent.yaml", SpireAgent("1.9.6")}};
  Files after = before;
  after["clusters/prod/spire/agent.yaml"] = SpireAgent("1.11.0");
  State b = StateFrom(before, config, "before");
  State a = StateFrom(after, config, "after");
  std::vector<FileDelta> deltas = DeltasBetween(before, after);
  SharedWork shared;
  RuleContext ctx{b, a, deltas, config, "", 0, nullptr, nullptr, &shared};
  auto first = MatchInstances(ctx);
  EXPECT_EQ(MatchInstances(ctx), first);
  EXPECT_EQ(shared.matched, first);
  ASSERT_EQ(first->size(), MatchInstances(b, a, deltas).size());
  ASSERT_EQ(first->size(), 2u);
  // Without a SharedWork each call makes its own.
  RuleContext alone{b, a, deltas, config, "", 0, nullptr};
  EXPECT_NE(MatchInstances(alone), MatchInstances(alone));
  EXPECT_EQ(MatchInstances(alone)->size(), 2u);
}

}  // namespace
}  // namespace skewlint::testing
