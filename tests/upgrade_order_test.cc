#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"
#include "tests/version_lines.h"

namespace skewlint::testing {
namespace {

std::vector<Finding> Order(const Config& config, const Files& before, const Files& after) {
  return RunRule("upgrade-order", config, before, after);
}

Files Spice(const std::string& op, const std::string& runtime, const std::string& op_meta = "",
            const std::string& pod_meta = "") {
  return {{"clusters/prod/spiceai/operator.yaml", SpiceOperator(op, op_meta)},
          {"clusters/prod/spiceai/spicepod.yaml", SpicepodSetV2(runtime, pod_meta)}};
}

// "Always upgrade the operator (and its CRDs) before bumping runtime images
// to a newer minor version."
TEST(UpgradeOrderSpice, RuntimeMinorBeforeOperatorIsAFinding) {
  auto findings = Order(PresetConfig("spiceai"), Spice("1.4.2", "1.4.2"), Spice("1.4.2", "1.5.0"));
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(
      findings[1].message,
      "spiceai-runtime moves to 1.5.0 while spiceai-operator is still at 1.4.2 in scope prod; "
      "upgrade spiceai-operator to 1.5 first, in an earlier change");
  EXPECT_EQ(findings[1].policy, "spiceai-operator-before-runtime");
  EXPECT_EQ(findings[1].location, (Location{"clusters/prod/spiceai/spicepod.yaml", 9, 10}));
}

TEST(UpgradeOrderSpice, RuntimeAfterOperatorInAnEarlierChangeIsClean) {
  EXPECT_TRUE(
      Order(PresetConfig("spiceai"), Spice("1.5.0", "1.4.2"), Spice("1.5.0", "1.5.0")).empty());
}

TEST(UpgradeOrderSpice, RuntimePatchBumpNeedsNoOperatorUpgrade) {
  EXPECT_TRUE(
      Order(PresetConfig("spiceai"), Spice("1.4.0", "1.4.2"), Spice("1.4.0", "1.4.5")).empty());
}

TEST(UpgradeOrderSpice, SameChangeWithoutOrderingIsAFinding) {
  auto findings = Order(PresetConfig("spiceai"), Spice("1.4.2", "1.4.2"), Spice("1.5.0", "1.5.0"));
  ASSERT_EQ(findings.size(), 2u);  // operator, and the CRDs its chart installs
  EXPECT_EQ(findings[1].message,
            "spiceai-runtime moves to 1.5.0 in the same change as spiceai-operator 1.5.0 in scope "
            "prod, and nothing applies spiceai-operator first; merge the spiceai-operator upgrade "
            "first, or order it with argocd.argoproj.io/sync-wave or Flux dependsOn");
}

TEST(UpgradeOrderSpice, SameChangeOrderedBySyncWaveIsClean) {
  std::string wave = "  annotations:\n    argocd.argoproj.io/sync-wave: \"-1\"\n";
  EXPECT_TRUE(
      Order(PresetConfig("spiceai"), Spice("1.4.2", "1.4.2", wave), Spice("1.5.0", "1.5.0", wave))
          .empty());
}

TEST(UpgradeOrderSpice, SameChangeWithTheWrongWaveOrderIsAFinding) {
  std::string late = "  annotations:\n    argocd.argoproj.io/sync-wave: \"5\"\n";
  EXPECT_EQ(
      Order(PresetConfig("spiceai"), Spice("1.4.2", "1.4.2", late), Spice("1.5.0", "1.5.0", late))
          .size(),
      2u);
}

TEST(UpgradeOrderSpice, SameChangeOrderedByFluxDependsOnIsClean) {
  Files before = Spice("1.4.2", "1.4.2");
  Files after = Spice("1.5.0", "1.4.2");
  // The runtime ships through a HelmRelease that depends on the operator's.
  std::string runtime_release =
      "apiVersion: helm.toolkit.fluxcd.io/v2\n"
      "kind: HelmRelease\n"
      "metadata:\n"
      "  name: analytics\n"
      "  namespace: spiceai-operator-system\n"
      "spec:\n"
      "  dependsOn:\n"
      "    - name: spiceai-operator\n"
      "  chart:\n"
      "    spec: {chart: spicepod, version: 0.1.0}\n"
      "  values:\n"
      "    image:\n"
      "      repository: spiceai/spiceai\n"
      "      tag: ";
  before.erase("clusters/prod/spiceai/spicepod.yaml");
  after.erase("clusters/prod/spiceai/spicepod.yaml");
  before["clusters/prod/spiceai/runtime.yaml"] = runtime_release + "1.4.2\n";
  after["clusters/prod/spiceai/runtime.yaml"] = runtime_release + "1.5.0\n";
  after["clusters/prod/spiceai/operator.yaml"] = SpiceOperator("1.5.0");
  EXPECT_TRUE(Order(PresetConfig("spiceai"), before, after).empty());
}

// SPIRE: "SPIRE Servers must be upgraded before SPIRE Agents"
Files Spire(const std::string& server, const std::string& agent) {
  return {{"clusters/prod/spire/server.yaml", SpireServer(server)},
          {"clusters/prod/spire/agent.yaml", SpireAgent(agent)}};
}

TEST(UpgradeOrderSpire, AgentsBeforeServersIsAFinding) {
  auto findings = Order(PresetConfig("spire"), Spire("1.9.6", "1.9.6"), Spire("1.9.6", "1.10.0"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "spire-agent moves to 1.10.0 while spire-server is still at 1.9.6 in scope prod; "
            "upgrade spire-server to 1.10.0 first, in an earlier change");
}

TEST(UpgradeOrderSpire, ServersFirstThenAgentsIsClean) {
  EXPECT_TRUE(
      Order(PresetConfig("spire"), Spire("1.10.0", "1.9.6"), Spire("1.10.0", "1.10.0")).empty());
}

TEST(UpgradeOrderSpire, BothInOneChangeIsAFinding) {
  EXPECT_EQ(Order(PresetConfig("spire"), Spire("1.9.6", "1.9.6"), Spire("1.10.0", "1.10.0")).size(),
            1u);
}

TEST(UpgradeOrderSpire, AServerUpgradeAloneIsClean) {
  EXPECT_TRUE(
      Order(PresetConfig("spire"), Spire("1.9.6", "1.9.6"), Spire("1.10.0", "1.9.6")).empty());
}

// Rook and Ceph are on different version lines: the matrix says when the
// operator has "reached" a Ceph release.
Files RookCeph(const std::string& rook, const std::string& ceph) {
  return {{"clusters/prod/rook.yaml", RookRelease(rook)},
          {"clusters/prod/ceph.yaml", CephCluster(ceph)}};
}

TEST(UpgradeOrderMatrix, CephBeforeTheOperatorSupportsItIsAFinding) {
  auto findings = Order(ConfigFrom(RookConfig()), RookCeph("v1.5.9", "v15.2.10"),
                        RookCeph("v1.5.9", "v16.2.0"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "operator-before-ceph");
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/ceph.yaml", 8, 12}));
  EXPECT_EQ(findings[0].message,
            "ceph moves to 16.2.0 while rook-operator is still at 1.5.9 in scope prod; the matrix "
            "of policy 'rook-supports-ceph' needs rook-operator >=1.6.0 for ceph 16.2; upgrade "
            "rook-operator into >=1.6.0 first, in an earlier change");
}

TEST(UpgradeOrderMatrix, CephAfterTheOperatorIsClean) {
  EXPECT_TRUE(
      Order(ConfigFrom(RookConfig()), RookCeph("v1.6.0", "v15.2.10"), RookCeph("v1.6.0", "v16.2.0"))
          .empty());
}

TEST(UpgradeOrderMatrix, BothInOneChangeWithoutOrderingIsAFinding) {
  auto findings = Order(ConfigFrom(RookConfig()), RookCeph("v1.5.9", "v15.2.10"),
                        RookCeph("v1.6.0", "v16.2.0"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message.substr(0, 60),
            "ceph moves to 16.2.0 in the same change as rook-operator 1.6");
}

TEST(UpgradeOrderMatrix, ASeriesWithNoRowIsNotJudged) {
  EXPECT_TRUE(
      Order(ConfigFrom(RookConfig()), RookCeph("v1.5.9", "v15.2.10"), RookCeph("v1.5.9", "v17.2.0"))
          .empty());
}

TEST(UpgradeOrderMatrix, AnInlineMatrixKeysTheSeriesOfThen) {
  std::string config = std::string("version: 1\n") + kRookComponents +
                       "policies:\n  - rule: upgrade-order\n    first: [rook-operator]\n"
                       "    then: ceph\n    matrix: {'16.2': '>=1.6.0'}\n";
  auto findings =
      Order(ConfigFrom(config), RookCeph("v1.5.9", "v15.2.10"), RookCeph("v1.5.9", "v16.2.0"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "ceph moves to 16.2.0 while rook-operator is still at 1.5.9 in scope prod; the "
            "policy's matrix needs rook-operator >=1.6.0 for ceph 16.2; upgrade rook-operator into "
            ">=1.6.0 first, in an earlier change");
}

// Without a matrix, numbers of two version lines are never compared (the
// false "upgrade rook-operator to 16 first").
TEST(UpgradeOrderMatrix, TwoVersionLinesWithoutAMatrixAreNotCompared) {
  std::string config = std::string("version: 1\n") + kRookComponents +
                       "policies:\n  - rule: upgrade-order\n    first: [rook-operator]\n"
                       "    then: ceph\n";
  EXPECT_TRUE(
      Order(ConfigFrom(config), RookCeph("v1.6.0", "v15.2.10"), RookCeph("v1.6.0", "v16.2.0"))
          .empty());
}

TEST(UpgradeOrderMatrix, AMatrixOfOtherComponentsIsAConfigError) {
  std::string config = std::string("version: 1\n") + kRookComponents + "policies:\n" + kRookMatrix +
                       "  - rule: upgrade-order\n    first: [ceph]\n    then: ceph\n"
                       "    matrix: nope\n";
  auto loaded = LoadConfig(config, ".skewlint.yaml");
  ASSERT_TRUE(loaded.ok());
  auto checks = BuildChecks(*loaded);
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.error().ToString(),
            ".skewlint.yaml:20:13: matrix: expected a map of series to ranges, or the id of a "
            "compatibility policy; there is no compatibility policy 'nope'");
}

}  // namespace
}  // namespace skewlint::testing
