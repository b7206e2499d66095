#include <gtest/gtest.h>

#include "tests/crd_fixtures.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr const char* kCrdPath = "clusters/prod/crds/spicepodsets.yaml";

// 1.5.0 added spec.thanos.gcs; 1.4.0 did not have it.
std::string Crd(const std::string& version, bool with_gcs) {
  return SpiceCrdWith(version, ThanosProperties("", with_gcs));
}

std::vector<Finding> Downgrade(const std::string& rule, const Files& before, const Files& after) {
  return RunRule(rule, PresetConfig("spiceai"), before, after);
}

TEST(CrdDowngrade, ResourcesSetFieldsTheOlderSchemaLacks) {
  Files before = {{kCrdPath, Crd("1.5.0", true)},
                  {"clusters/prod/spice/a.yaml", SpicepodSetWithGcs("a")},
                  {"clusters/prod/spice/b.yaml", SpicepodSetWithGcs("b")},
                  {"clusters/prod/spice/c.yaml", SpicepodSetWith("  replicas: 1\n", "c")}};
  Files after = before;
  after[kCrdPath] = Crd("1.4.0", false);
  auto findings = Downgrade("crd-downgrade", before, after);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kCrdPath, 6, 32}));  // the version label
  EXPECT_EQ(findings[0].component, "spiceai-crds");
  EXPECT_EQ(findings[0].scope, "prod");
  EXPECT_EQ(
      findings[0].message,
      "spiceai-crds moves back from 1.5.0 to 1.4.0 in scope prod, but the older schema of "
      "spicepodsets.spice.ai lacks what custom resources set: SpicepodSet/spice/a "
      "(spec.thanos.gcs); SpicepodSet/spice/b (spec.thanos.gcs); clear those fields from the "
      "resources first, then downgrade the CRDs explicitly (CRD rollbacks are not automatic)");
  // the same rollback is not also a premature removal
  EXPECT_TRUE(Downgrade("deprecated-field-removal", before, after).empty());
}

TEST(CrdDowngrade, AnApiVersionTheOlderCrdDoesNotServe) {
  std::string v2 =
      "    - name: v2\n"
      "      served: true\n"
      "      schema:\n"
      "        openAPIV3Schema:\n"
      "          properties:\n"
      "            spec: {properties: {replicas: {type: integer}}}\n";
  Files before = {
      {kCrdPath, SpiceCrdWith("1.5.0", ThanosProperties(""), v2)},
      {"clusters/prod/spice/new.yaml", SpicepodSetWith("  replicas: 1\n", "new", "v2")}};
  Files after = before;
  after[kCrdPath] = SpiceCrdWith("1.4.0", ThanosProperties(""));
  auto findings = Downgrade("crd-downgrade", before, after);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].message.find("SpicepodSet/spice/new (API version v2)"), std::string::npos);
}

TEST(CrdDowngrade, CleanRollbacksUpgradesAndOtherScopesAreNotFindings) {
  Files before = {{kCrdPath, Crd("1.5.0", true)},
                  {"clusters/prod/spice/c.yaml", SpicepodSetWith("  replicas: 1\n", "c")},
                  {"clusters/dev/crds.yaml", Crd("1.5.0", true)},
                  {"clusters/dev/spice/a.yaml", SpicepodSetWithGcs("a")}};
  Files after = before;
  after[kCrdPath] = Crd("1.4.0", false);
  EXPECT_TRUE(Downgrade("crd-downgrade", before, after).empty());
  Files up = {{kCrdPath, Crd("1.4.0", false)}, {"clusters/prod/a.yaml", SpicepodSetWithGcs("a")}};
  Files upped = up;
  upped[kCrdPath] = Crd("1.5.0", true);
  EXPECT_TRUE(Downgrade("crd-downgrade", up, upped).empty());
}

TEST(CrdDowngrade, ClearingTheFieldsInTheSameChangeIsClean) {
  Files before = {{kCrdPath, Crd("1.5.0", true)},
                  {"clusters/prod/a.yaml", SpicepodSetWithGcs("a")}};
  Files after = {{kCrdPath, Crd("1.4.0", false)},
                 {"clusters/prod/a.yaml", SpicepodSetWith("  replicas: 2\n", "a")}};
  EXPECT_TRUE(Downgrade("crd-downgrade", before, after).empty());
}

}  // namespace
}  // namespace skewlint::testing
