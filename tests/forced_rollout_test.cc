#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr const char* kPath = "clusters/prod/spiceai/set.yaml";

/// SpicepodSet v2 with spec.annotations; `secret-version` is on line 11, column 5.
std::string SetWithSecretVersion(const std::string& secret, const std::string& tag = "1.5.0",
                                 int replicas = 2) {
  return "apiVersion: spice.ai/v2\n"
         "kind: SpicepodSet\n"
         "metadata:\n"
         "  name: analytics\n"
         "  namespace: spiceai\n"
         "spec:\n"
         "  replicas: " +
         std::to_string(replicas) +
         "\n"
         "  image:\n"
         "    tag: " +
         tag +
         "\n"
         "  annotations:\n"
         "    secret-version: " +
         secret + "\n";
}

std::vector<Finding> Rollout(const std::string& before, const std::string& after,
                             const Config& config = PresetConfig("spiceai")) {
  return RunRule("forced-rollout", config, {{kPath, before}}, {{kPath, after}});
}

// "Updating annotations or labels on a SpicepodSet triggers a full pod
// rollout, even if no other configuration has changed. Use this to force a
// refresh after rotating a Kubernetes Secret referenced via env_from_source"
TEST(ForcedRollout, OnlyAnAnnotationChangedIsANotice) {
  auto findings = Rollout(SetWithSecretVersion("\"v41\""), SetWithSecretVersion("\"v42\""));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "forced-rollout");
  EXPECT_EQ(findings[0].policy, "spiceai-spicepodset-forced-rollout");
  EXPECT_EQ(findings[0].severity, Severity::kNotice);
  EXPECT_EQ(findings[0].component, "spiceai-runtime");
  EXPECT_EQ(findings[0].scope, "prod");
  EXPECT_EQ(findings[0].location, (Location{kPath, 11, 5}));
  EXPECT_EQ(findings[0].message,
            "changing only spec.annotations of SpicepodSet/spiceai/analytics in scope prod rolls "
            "every pod of it (spiceai-runtime 1.5.0), a full rollout although nothing else "
            "changed; this is the intended way to pick up a rotated Secret referenced via "
            "env_from_source; otherwise revert the change");
}

TEST(ForcedRollout, AddedMetadataLabelsCount) {
  auto findings =
      Rollout(SpicepodSetV2("1.5.0"), SpicepodSetV2("1.5.0", "  labels:\n    team: data\n"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kPath, 6, 3}));
  EXPECT_NE(findings[0].message.find("changing only metadata.labels of"), std::string::npos);
}

TEST(ForcedRollout, AnyOtherChangeIsARealRollout) {
  EXPECT_TRUE(
      Rollout(SetWithSecretVersion("v41", "1.5.0"), SetWithSecretVersion("v42", "1.5.1")).empty());
  EXPECT_TRUE(
      Rollout(SetWithSecretVersion("v41", "1.5.0", 2), SetWithSecretVersion("v42", "1.5.0", 3))
          .empty());
}

TEST(ForcedRollout, SameValuesWrittenDifferentlyAreNoChange) {
  EXPECT_TRUE(Rollout(SetWithSecretVersion("v41"), SetWithSecretVersion("\"v41\"")).empty());
}

TEST(ForcedRollout, NewResourcesAreNotRollouts) {
  EXPECT_TRUE(
      RunRule("forced-rollout", PresetConfig("spiceai"), {}, {{kPath, SetWithSecretVersion("v42")}})
          .empty());
}

std::string Deployment(const std::string& annotation) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n"
         "    note: " +
         annotation + "\nspec:\n  replicas: 1\n";
}

TEST(ForcedRollout, OtherKindsOnlyWhenThePolicySaysSo) {
  EXPECT_TRUE(Rollout(Deployment("a"), Deployment("b")).empty());
  Config config = ConfigFrom(
      "version: 1\npolicies:\n  - rule: forced-rollout\n    kind: [Deployment]\n"
      "    fields: [metadata.annotations]\n    reason: check it is meant\n");
  auto findings = Rollout(Deployment("a"), Deployment("b"), config);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kPath, 6, 5}));
  EXPECT_EQ(findings[0].message,
            "changing only metadata.annotations of Deployment/web in scope prod rolls every pod of "
            "it, a full rollout although nothing else changed; check it is meant");
}

}  // namespace
}  // namespace skewlint::testing
