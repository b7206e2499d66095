#include <gtest/gtest.h>

#include "tests/crd_fixtures.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr const char* kCrdPath = "crds/spicepodsets.yaml";
constexpr const char* kPodPath = "clusters/prod/spice/spicepodset.yaml";

std::string CrdWithGcs(const std::string& version) {
  return SpiceCrdWith(version, ThanosProperties(""));
}
std::string CrdWithoutGcs(const std::string& version) {
  return SpiceCrdWith(version, ThanosProperties("", false));
}

std::vector<Finding> InUse(const Files& before, const Files& after) {
  return RunRule("removed-field-in-use", PresetConfig("spiceai"), before, after);
}

TEST(RemovedFieldInUse, AResourceInAnotherFileSetsTheRemovedField) {
  Files before = {{kCrdPath, CrdWithGcs("1.4.0")}, {kPodPath, SpicepodSetWithGcs()}};
  Files after = {{kCrdPath, CrdWithoutGcs("1.5.0")}, {kPodPath, SpicepodSetWithGcs()}};
  auto findings = InUse(before, after);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "removed-field-in-use");
  EXPECT_EQ(findings[0].policy, "spiceai-crd-removed-field-in-use");
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].location, (Location{kPodPath, 9, 5}));
  EXPECT_EQ(findings[0].component, "spiceai-crds");
  EXPECT_EQ(findings[0].scope, "prod");
  EXPECT_EQ(
      findings[0].message,
      "SpicepodSet/spice/demo in scope prod sets spec.thanos.gcs, which spiceai-crds does not "
      "define for spicepodsets.spice.ai v1; remove the field from the resource, or keep the "
      "property in the CRD");
}

TEST(RemovedFieldInUse, ResourcesThatDoNotSetItAreClean) {
  std::string pod = SpicepodSetWith("  replicas: 2\n  thanos:\n    objectStorage: {any: thing}\n");
  Files before = {{kCrdPath, CrdWithGcs("1.4.0")}, {kPodPath, pod}};
  Files after = {{kCrdPath, CrdWithoutGcs("1.5.0")}, {kPodPath, pod}};
  EXPECT_TRUE(InUse(before, after).empty());
}

TEST(RemovedFieldInUse, ClearingTheFieldInTheSameChangeIsClean) {
  Files before = {{kCrdPath, CrdWithGcs("1.4.0")}, {kPodPath, SpicepodSetWithGcs()}};
  Files after = {{kCrdPath, CrdWithoutGcs("1.5.0")},
                 {kPodPath, SpicepodSetWith("  thanos:\n    objectStorage: {bucket: m}\n")}};
  EXPECT_TRUE(InUse(before, after).empty());
}

TEST(RemovedFieldInUse, ABrokenResourceAddedLaterIsNew) {
  Files before = {{kCrdPath, CrdWithoutGcs("1.5.0")}};
  Files after = {{kCrdPath, CrdWithoutGcs("1.5.0")}, {kPodPath, SpicepodSetWithGcs()}};
  EXPECT_EQ(InUse(before, after).size(), 1u);
  EXPECT_TRUE(InUse(after, after).empty());  // it already held on the base
}

TEST(RemovedFieldInUse, ListItemsAndRemovedApiVersions) {
  std::string crd = SpiceCrdWith("1.5.0",
                                 "                volumes:\n"
                                 "                  type: array\n"
                                 "                  items:\n"
                                 "                    properties:\n"
                                 "                      name: {type: string}\n");
  std::string pod = SpicepodSetWith(
      "  volumes:\n"
      "    - name: a\n"
      "      hostPath: /x\n");
  std::string alpha = SpicepodSetWith("  replicas: 1\n", "old", "v1alpha1");
  Files after = {{kCrdPath, crd}, {"apps/a.yaml", pod}, {"apps/b.yaml", alpha}};
  auto findings = InUse({}, after);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location, (Location{"apps/a.yaml", 9, 7}));
  EXPECT_EQ(findings[0].message,
            "SpicepodSet/spice/demo in the repository sets spec.volumes[].hostPath, which "
            "spiceai-crds does not define for spicepodsets.spice.ai v1; remove the field from the "
            "resource, or keep the property in the CRD");
  EXPECT_EQ(findings[1].location, (Location{"apps/b.yaml", 1, 1}));
  EXPECT_EQ(
      findings[1].message,
      "SpicepodSet/spice/old in the repository uses spice.ai/v1alpha1, which spiceai-crds does "
      "not serve for spicepodsets.spice.ai (served: v1); move the resource to a served API "
      "version");
}

TEST(RemovedFieldInUse, ResourcesAreJudgedByTheCrdOfTheirScope) {
  Files after = {{"clusters/prod/crds.yaml", CrdWithGcs("1.4.0")},
                 {"clusters/dev/crds.yaml", CrdWithoutGcs("1.5.0")},
                 {"clusters/prod/pod.yaml", SpicepodSetWithGcs()},
                 {"clusters/dev/pod.yaml", SpicepodSetWithGcs()}};
  auto findings = InUse({}, after);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{"clusters/dev/pod.yaml", 9, 5}));
  EXPECT_EQ(findings[0].scope, "dev");
}

TEST(RemovedFieldInUse, OtherKindsGroupsAndOpenSchemasAreNotJudged) {
  std::string other_kind = SpicepodSetWithGcs();
  other_kind.replace(other_kind.find("SpicepodSet"), 11, "SpicepodCluster");
  std::string other_group = SpicepodSetWithGcs();
  other_group.replace(0, 20, "apiVersion: acme.io");
  std::string open = SpiceCrdWith("1.5.0",
                                  "                replicas: {type: integer}\n"
                                  "                thanos:\n"
                                  "                  type: object\n"
                                  "                  x-kubernetes-preserve-unknown-fields: true\n");
  Files after = {
      {kCrdPath, CrdWithoutGcs("1.5.0")}, {"a.yaml", other_kind}, {"b.yaml", other_group}};
  EXPECT_TRUE(InUse({}, after).empty());
  EXPECT_TRUE(InUse({}, {{kCrdPath, open}, {kPodPath, SpicepodSetWithGcs()}}).empty());
}

}  // namespace
}  // namespace skewlint::testing
