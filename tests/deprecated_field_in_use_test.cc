#include <gtest/gtest.h>

#include "tests/crd_fixtures.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr const char* kCrdPath = "crds/spicepodsets.yaml";
constexpr const char* kPodPath = "clusters/prod/spice/spicepodset.yaml";

std::string MarkedCrd() {
  return SpiceCrdWith("1.3.0", ThanosProperties("  # Deprecated since 1.3: use objectStorage"));
}

std::vector<Finding> InUse(const Files& before, const Files& after) {
  return RunRule("deprecated-field-in-use", PresetConfig("spiceai"), before, after);
}

TEST(DeprecatedFieldInUse, AChangedResourceSetsADeprecatedField) {
  Files before = {{kCrdPath, MarkedCrd()}};
  Files after = {{kCrdPath, MarkedCrd()}, {kPodPath, SpicepodSetWithGcs()}};
  auto findings = InUse(before, after);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].policy, "spiceai-crd-deprecated-field-in-use");
  EXPECT_EQ(findings[0].location, (Location{kPodPath, 9, 5}));
  EXPECT_EQ(findings[0].scope, "prod");
  EXPECT_EQ(findings[0].message,
            "SpicepodSet/spice/demo in scope prod sets spec.thanos.gcs, which spiceai-crds 1.3.0 "
            "marks deprecated in spicepodsets.spice.ai v1 (Deprecated since 1.3: use "
            "objectStorage); move to its replacement before the field is removed");
}

TEST(DeprecatedFieldInUse, KeepingItInAnEditedResourceIsReportedToo) {
  std::string edited = SpicepodSetWithGcs();
  edited.replace(edited.find("replicas: 2"), 11, "replicas: 3");
  Files before = {{kCrdPath, MarkedCrd()}, {kPodPath, SpicepodSetWithGcs()}};
  EXPECT_EQ(InUse(before, {{kCrdPath, MarkedCrd()}, {kPodPath, edited}}).size(), 1u);
}

TEST(DeprecatedFieldInUse, UntouchedResourcesAndCleanResourcesAreNotReported) {
  Files before = {{kCrdPath, MarkedCrd()}, {kPodPath, SpicepodSetWithGcs()}};
  EXPECT_TRUE(InUse(before, before).empty());
  std::string clean = SpicepodSetWith("  thanos:\n    objectStorage: {bucket: m}\n");
  EXPECT_TRUE(
      InUse({{kCrdPath, MarkedCrd()}}, {{kCrdPath, MarkedCrd()}, {kPodPath, clean}}).empty());
  Files unmarked = {{kCrdPath, SpiceCrdWith("1.3.0", ThanosProperties(""))}};
  Files added = unmarked;
  added[kPodPath] = SpicepodSetWithGcs();
  EXPECT_TRUE(InUse(unmarked, added).empty());
}

TEST(DeprecatedFieldInUse, ADeprecatedApiVersion) {
  std::string crd =
      SpiceCrdWith("1.3.0", ThanosProperties(""),
                   "    - name: v1alpha1\n"
                   "      served: true\n"
                   "      deprecated: true\n"
                   "      deprecationWarning: spice.ai/v1alpha1 is deprecated; use v1\n"
                   "      schema:\n"
                   "        openAPIV3Schema:\n"
                   "          properties:\n"
                   "            spec: {properties: {replicas: {type: integer}}}\n");
  Files after = {{kCrdPath, crd},
                 {kPodPath, SpicepodSetWith("  replicas: 1\n", "old", "v1alpha1")}};
  auto findings = InUse({{kCrdPath, crd}}, after);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kPodPath, 1, 1}));
  EXPECT_EQ(findings[0].message,
            "SpicepodSet/spice/old in scope prod uses spice.ai/v1alpha1, which spiceai-crds 1.3.0 "
            "marks deprecated in spicepodsets.spice.ai (spice.ai/v1alpha1 is deprecated; use v1); "
            "move the resource to a newer API version (served: v1, v1alpha1) before it is removed");
}

}  // namespace
}  // namespace skewlint::testing
