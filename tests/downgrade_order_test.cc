#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

Files Spire(const std::string& server, const std::string& agent) {
  return {{"clusters/prod/spire/server.yaml", SpireServer(server)},
          {"clusters/prod/spire/agent.yaml", SpireAgent(agent)}};
}

std::vector<Finding> Downgrade(const Files& before, const Files& after) {
  return RunRule("downgrade-order", PresetConfig("spire"), before, after);
}

// "it is necessary to first downgrade agents before downgrading servers"
TEST(DowngradeOrderSpire, ServersDowngradedBeforeAgentsIsAFinding) {
  auto findings = Downgrade(Spire("1.2.3", "1.2.3"), Spire("1.1.1", "1.2.3"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spire-agents-downgraded-before-servers");
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/spire/server.yaml", 17, 18}));
  EXPECT_EQ(findings[0].message,
            "spire-server moves to 1.1.1 while spire-agent is still at 1.2.3 in scope prod; "
            "downgrade spire-agent to 1.1.1 first, in an earlier change");
}

TEST(DowngradeOrderSpire, AgentsAlreadyDowngradedIsClean) {
  EXPECT_TRUE(Downgrade(Spire("1.2.3", "1.1.1"), Spire("1.1.1", "1.1.1")).empty());
}

TEST(DowngradeOrderSpire, AgentsThatWereNeverUpgradedAreClean) {
  EXPECT_TRUE(Downgrade(Spire("1.2.3", "1.1.1"), Spire("1.1.1", "1.1.1")).empty());
  EXPECT_TRUE(Downgrade(Spire("1.2.3", "1.0.0"), Spire("1.1.1", "1.0.0")).empty());
}

TEST(DowngradeOrderSpire, BothInOneChangeWithoutOrderingIsAFinding) {
  EXPECT_EQ(Downgrade(Spire("1.2.3", "1.2.3"), Spire("1.1.1", "1.1.1")).size(), 1u);
}

TEST(DowngradeOrderSpire, BothInOneChangeOrderedBySyncWaveIsClean) {
  std::string early = "  annotations:\n    argocd.argoproj.io/sync-wave: \"-1\"\n";
  Files before = {{"clusters/prod/spire/server.yaml", SpireServer("1.2.3")},
                  {"clusters/prod/spire/agent.yaml", SpireAgent("1.2.3", early)}};
  Files after = {{"clusters/prod/spire/server.yaml", SpireServer("1.1.1")},
                 {"clusters/prod/spire/agent.yaml", SpireAgent("1.1.1", early)}};
  EXPECT_TRUE(Downgrade(before, after).empty());
}

TEST(DowngradeOrderSpire, AnUpgradeIsNotADowngrade) {
  EXPECT_TRUE(Downgrade(Spire("1.1.1", "1.1.1"), Spire("1.2.3", "1.1.1")).empty());
}

}  // namespace
}  // namespace skewlint::testing
