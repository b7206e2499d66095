#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"
#include "tests/version_lines.h"

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

// Rolling Rook back below what the running Ceph needs must wait for Ceph.
TEST(DowngradeOrderMatrix, OperatorBackBelowTheMatrixRowIsAFinding) {
  std::string config = std::string("version: 1\n") + kRookComponents + "policies:\n" + kRookMatrix +
                       "  - rule: downgrade-order\n    first: [ceph]\n    then: rook-operator\n"
                       "    matrix: rook-supports-ceph\n";
  auto rook = [](const std::string& r, const std::string& c) {
    return Files{{"clusters/prod/rook.yaml", RookRelease(r)},
                 {"clusters/prod/ceph.yaml", CephCluster(c)}};
  };
  auto findings = RunRule("downgrade-order", ConfigFrom(config), rook("v1.6.0", "v16.2.0"),
                          rook("v1.5.9", "v16.2.0"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "rook-operator moves to 1.5.9 while ceph is still at 16.2.0 in scope prod; the matrix "
            "of policy 'rook-supports-ceph' gives ceph 16.2 only rook-operator >=1.6.0; downgrade "
            "ceph to a series whose row holds rook-operator 1.5.9 first, in an earlier change");
  EXPECT_TRUE(RunRule("downgrade-order", ConfigFrom(config), rook("v1.6.0", "v15.2.10"),
                      rook("v1.5.9", "v15.2.10"))
                  .empty());
}

}  // namespace
}  // namespace skewlint::testing
