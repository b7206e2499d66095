#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"
#include "tests/version_lines.h"

namespace skewlint::testing {
namespace {

std::vector<Finding> Skew(const Config& config, const Files& after, const Files& before = {}) {
  return RunRule("version-skew", config, before, after);
}

Files SpireCluster(const std::string& server, const std::string& agent) {
  return {{"clusters/prod/spire/server.yaml", SpireServer(server)},
          {"clusters/prod/spire/agent.yaml", SpireAgent(agent)}};
}

// "SPIRE Agents must not be newer than the oldest SPIRE Server"
TEST(VersionSkewSpire, AgentPatchNewerThanServerIsAFinding) {
  auto findings = Skew(PresetConfig("spire"), SpireCluster("1.9.6", "1.9.7"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spire-agent-not-newer-than-server");
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/spire/agent.yaml", 15, 18}));
  EXPECT_EQ(findings[0].message,
            "spire-agent 1.9.7 would be newer than the oldest spire-server 1.9.6 in scope prod; "
            "upgrade every spire-server to at least 1.9.7 first");
  EXPECT_EQ(findings[0].scope, "prod");
}

TEST(VersionSkewSpire, AgentEqualToServerIsClean) {
  EXPECT_TRUE(Skew(PresetConfig("spire"), SpireCluster("1.9.6", "1.9.6")).empty());
}

TEST(VersionSkewSpire, AgentIsComparedWithTheOldestServer) {
  Files files = SpireCluster("1.10.0", "1.10.0");
  files["clusters/prod/spire/server-b.yaml"] = SpireServer("1.9.6", 1, "spire-server-b");
  auto findings = Skew(PresetConfig("spire"), files);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "spire-agent 1.10.0 would be newer than the oldest spire-server 1.9.6 in scope prod; "
            "upgrade every spire-server to at least 1.10.0 first");
}

// "... and may be up to one minor version older"
TEST(VersionSkewSpire, AgentOneMinorOlderIsClean) {
  EXPECT_TRUE(Skew(PresetConfig("spire"), SpireCluster("1.2.3", "1.1.0")).empty());
}

TEST(VersionSkewSpire, AgentTwoMinorsOlderIsAFinding) {
  auto findings = Skew(PresetConfig("spire"), SpireCluster("1.2.3", "1.0.9"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spire-agent-at-most-one-minor-older");
  EXPECT_EQ(findings[0].message,
            "spire-agent 1.0.9 is too far behind the oldest spire-server 1.2.3 in scope prod (at "
            "most 1 minor of skew is supported); upgrade spire-agent to 1.2 before moving "
            "spire-server further");
}

// "SPIRE Agent versions 0.12.x are compatible with SPIRE Server versions 1.0.x"
TEST(VersionSkewSpire, Agent0_12WithServer1_0IsClean) {
  EXPECT_TRUE(Skew(PresetConfig("spire"), SpireCluster("1.0.3", "0.12.0")).empty());
}

TEST(VersionSkewSpire, Agent0_11WithServer1_0IsAFinding) {
  auto findings = Skew(PresetConfig("spire"), SpireCluster("1.0.3", "0.11.2"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spire-agent-at-most-one-minor-older");
}

// "the newest and oldest SPIRE Server instances ... within one minor version"
Files TwoServers(const std::string& a, const std::string& b) {
  return {{"clusters/prod/spire/server-a.yaml", SpireServer(a, 1, "spire-server-a")},
          {"clusters/prod/spire/server-b.yaml", SpireServer(b, 1, "spire-server-b")}};
}

TEST(VersionSkewSpire, ServersOneMinorApartAreClean) {
  EXPECT_TRUE(Skew(PresetConfig("spire"), TwoServers("1.2.3", "1.1.0")).empty());
}

TEST(VersionSkewSpire, ServersTwoMinorsApartAreAFinding) {
  auto findings = Skew(PresetConfig("spire"), TwoServers("1.3.0", "1.1.4"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spire-servers-within-one-minor");
  EXPECT_EQ(findings[0].location.path, "clusters/prod/spire/server-a.yaml");
  EXPECT_EQ(
      findings[0].message,
      "spire-server 1.3.0 is too far ahead of the oldest spire-server 1.1.4 in scope prod (at "
      "most 1 minor of skew is supported between instances); bring every spire-server within "
      "range first");
}

TEST(VersionSkewSpire, Servers0_12And1_0AreClean) {
  EXPECT_TRUE(Skew(PresetConfig("spire"), TwoServers("1.0.3", "0.12.4")).empty());
}

TEST(VersionSkewSpire, Servers0_11And1_0AreAFinding) {
  EXPECT_EQ(Skew(PresetConfig("spire"), TwoServers("1.0.3", "0.11.0")).size(), 1u);
}

TEST(VersionSkewSpire, ScopesAreNotComparedWithEachOther) {
  Files files = {{"clusters/prod/spire/server.yaml", SpireServer("1.9.6")},
                 {"clusters/staging/spire/agent.yaml", SpireAgent("1.11.0")}};
  EXPECT_TRUE(Skew(PresetConfig("spire"), files).empty());
}

TEST(VersionSkewSpire, AViolationTheBaseAlreadyHadIsNotTheChanges) {
  Files before = SpireCluster("1.9.6", "1.9.7");
  Files after = before;
  after["clusters/prod/spire/other.yaml"] = "kind: ConfigMap\n";
  EXPECT_TRUE(Skew(PresetConfig("spire"), after, before).empty());
}

TEST(VersionSkewSpire, FindingPointsAtTheSideTheChangeMoved) {
  Files before = SpireCluster("1.9.6", "1.9.6");
  Files after = SpireCluster("1.9.5", "1.9.6");  // the server was rolled back
  auto findings = Skew(PresetConfig("spire"), after, before);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/spire/server.yaml", 17, 18}));
}

// Spice.ai: "Runtime version newer than operator version: patch-level skew is
// supported; minor-level skew is not."
Files SpiceCluster(const std::string& op, const std::string& runtime) {
  return {{"clusters/prod/spiceai/operator.yaml", SpiceOperator(op)},
          {"clusters/prod/spiceai/spicepod.yaml", SpicepodSetV2(runtime)}};
}

TEST(VersionSkewSpice, RuntimePatchNewerThanOperatorIsClean) {
  EXPECT_TRUE(Skew(PresetConfig("spiceai"), SpiceCluster("1.4.2", "1.4.5-models")).empty());
}

TEST(VersionSkewSpice, RuntimeMinorNewerThanOperatorIsAFinding) {
  auto findings = Skew(PresetConfig("spiceai"), SpiceCluster("1.4.2", "1.5.0-models"));
  std::vector<std::string> policies;
  for (const auto& f : findings) policies.push_back(f.policy);
  // The chart installs the CRDs (installCRDs: true), so they are at 1.4.2 too.
  EXPECT_EQ(policies, (std::vector<std::string>{"spiceai-runtime-within-crds-minor",
                                                "spiceai-runtime-within-operator-minor"}));
  EXPECT_EQ(findings[1].message,
            "spiceai-runtime 1.5.0 is too far ahead of the oldest spiceai-operator 1.4.2 in scope "
            "prod (patch-level skew only is supported); upgrade spiceai-operator to 1.5 first");
  EXPECT_EQ(findings[1].location, (Location{"clusters/prod/spiceai/spicepod.yaml", 9, 10}));
}

// "Operator version newer than runtime version: Yes"
TEST(VersionSkewSpice, OperatorNewerThanRuntimeIsClean) {
  EXPECT_TRUE(Skew(PresetConfig("spiceai"), SpiceCluster("1.6.0", "1.4.2")).empty());
}

TEST(VersionSkewSpice, RuntimeV1TagAndDigestAreRead) {
  Files files = {{"clusters/prod/spiceai/operator.yaml", SpiceOperator("1.4.2")},
                 {"clusters/prod/spiceai/spicepod.yaml",
                  SpicepodSetV1("1.5.0-models@sha256:" + std::string(64, 'a'))}};
  auto findings = Skew(PresetConfig("spiceai"), files);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/spiceai/spicepod.yaml", 7, 22}));
}

// "CRDs newer than operator: No."
TEST(VersionSkewSpice, CrdsPatchNewerThanOperatorIsAFinding) {
  Files files = SpiceCluster("1.4.2", "1.4.2");
  files["clusters/prod/spiceai/operator.yaml"] = SpiceOperator("1.4.2", "", "false");
  files["clusters/prod/spiceai/crds.yaml"] = SpiceCrd("1.4.3");
  auto findings = Skew(PresetConfig("spiceai"), files);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spiceai-crds-not-newer-than-operator");
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/spiceai/crds.yaml", 6, 32}));
}

// "CRDs older than operator: Limited. Patch-level skew is supported."
TEST(VersionSkewSpice, CrdsPatchOlderThanOperatorIsClean) {
  Files files = SpiceCluster("1.4.5", "1.4.2");
  files["clusters/prod/spiceai/operator.yaml"] = SpiceOperator("1.4.5", "", "false");
  files["clusters/prod/spiceai/crds.yaml"] = SpiceCrd("1.4.2");
  EXPECT_TRUE(Skew(PresetConfig("spiceai"), files).empty());
}

TEST(VersionSkewSpice, CrdsMinorOlderThanOperatorIsAFinding) {
  Files files = SpiceCluster("1.5.0", "1.4.2");
  files["clusters/prod/spiceai/operator.yaml"] = SpiceOperator("1.5.0", "", "false");
  files["clusters/prod/spiceai/crds.yaml"] = SpiceCrd("1.4.2");
  auto findings = Skew(PresetConfig("spiceai"), files);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spiceai-crds-within-operator-patch");
}

TEST(VersionSkewConfig, ExactlyOneModeIsRequired) {
  auto config = LoadConfig(
      "version: 1\n"
      "components:\n"
      "  - {name: a, locators: [{image: 'a$'}]}\n"
      "  - {name: b, locators: [{image: 'b$'}]}\n"
      "policies:\n"
      "  - rule: version-skew\n"
      "    newer: a\n"
      "    within: b\n"
      "    allow: none\n",
      ".skewlint.yaml");
  ASSERT_TRUE(config.ok());
  auto checks = BuildChecks(*config);
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.error().ToString(),
            ".skewlint.yaml:6:5: policy 'a-b-version-skew' (version-skew): expected exactly one of "
            "newer, older or within");
}

TEST(VersionSkewConfig, BadAllowanceIsAnErrorAtItsPosition) {
  auto config = LoadConfig(
      "version: 1\n"
      "components:\n"
      "  - {name: a, locators: [{image: 'a$'}]}\n"
      "policies:\n"
      "  - {rule: version-skew, within: a, allow: 2-minors}\n",
      ".skewlint.yaml");
  ASSERT_TRUE(config.ok());
  auto checks = BuildChecks(*config);
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(
      checks.error().ToString(),
      ".skewlint.yaml:5:44: allow: expected none, patch, major or <N>-minor, found '2-minors'");
}

Files Ingress(const std::string& chart, const std::string& controller) {
  return {{"clusters/prod/ingress.yaml", IngressRelease(chart, controller)}};
}

std::string IngressConfig(const std::string& keys) {
  return std::string("version: 1\n") + kIngressComponents +
         "policies:\n  - rule: version-skew\n    newer: ingress-nginx-controller\n"
         "    than: ingress-nginx-chart\n" +
         keys;
}

// A controller 1.12 and its chart 4.11 are on different version lines:
// without a matrix the numbers are not compared (policy-unmatched says so).
TEST(VersionSkewLines, TwoVersionLinesWithoutAMatrixAreNotCompared) {
  EXPECT_TRUE(
      Skew(ConfigFrom(IngressConfig("    allow: none\n")), Ingress("4.11.3", "v1.12.1")).empty());
  EXPECT_TRUE(
      Skew(ConfigFrom(IngressConfig("    allow: none\n")), Ingress("1.11.3", "v3.12.1")).empty());
}

TEST(VersionSkewLines, AdjacencyBridgesTwoMajors) {
  std::string keys = "    allow: 1-minor\n    adjacent: [['1.12', '2.0']]\n";
  EXPECT_TRUE(Skew(ConfigFrom(IngressConfig(keys)), Ingress("1.12.0", "v2.0.1")).empty());
  EXPECT_EQ(Skew(ConfigFrom(IngressConfig(keys)), Ingress("1.11.0", "v2.0.1")).size(), 1u);
}

TEST(VersionSkewLines, AMatrixJudgesThePair) {
  Config config = ConfigFrom(IngressConfig("    matrix:\n      '1.12': '>=4.12.0 <4.13.0'\n"));
  auto findings = Skew(config, Ingress("4.11.3", "v1.12.1"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "ingress-nginx-controller 1.12.1 and ingress-nginx-chart 4.11.3 in scope prod are "
            "outside the policy's matrix: ingress-nginx-controller 1.12 works with "
            "ingress-nginx-chart >=4.12.0 <4.13.0; move ingress-nginx-chart into that range, or "
            "move ingress-nginx-controller to a series that supports ingress-nginx-chart 4.11.3");
  EXPECT_TRUE(Skew(config, Ingress("4.12.0", "v1.12.1")).empty());
  EXPECT_TRUE(Skew(config, Ingress("4.11.3", "v1.11.1")).empty());  // no row: policy-unmatched
}

// The matrix of a compatibility policy, named from the other side.
TEST(VersionSkewLines, AReferencedMatrixJudgesEitherSide) {
  Config config =
      ConfigFrom(std::string("version: 1\n") + kRookComponents + "policies:\n" + kRookMatrix +
                 "  - rule: version-skew\n    older: rook-operator\n    than: ceph\n"
                 "    matrix: rook-supports-ceph\n");
  Files files = {{"clusters/prod/rook.yaml", RookRelease("v1.5.9")},
                 {"clusters/prod/ceph.yaml", CephCluster("v16.2.0")}};
  auto findings = Skew(config, files);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "ceph 16.2.0 and rook-operator 1.5.9 in scope prod are outside the matrix of policy "
            "'rook-supports-ceph': ceph 16.2 works with rook-operator >=1.6.0; move rook-operator "
            "into that range, or move ceph to a series that supports rook-operator 1.5.9");
  files["clusters/prod/rook.yaml"] = RookRelease("v1.6.0");
  EXPECT_TRUE(Skew(config, files).empty());
}

TEST(VersionSkewLines, AllowAndMatrixTogetherAreAConfigError) {
  auto loaded = LoadConfig(IngressConfig("    allow: none\n    matrix: {'1.12': '>=4.12'}\n"),
                           ".skewlint.yaml");
  ASSERT_TRUE(loaded.ok());
  auto checks = BuildChecks(*loaded);
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.error().ToString(),
            ".skewlint.yaml:13:12: allow: not used with matrix (the matrix says which versions "
            "work together)");
}

}  // namespace
}  // namespace skewlint::testing
