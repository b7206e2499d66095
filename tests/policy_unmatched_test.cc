#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"
#include "tests/version_lines.h"

namespace skewlint::testing {
namespace {

std::vector<Finding> Unmatched(const Config& config, const Files& before, const Files& after) {
  return RunRule("policy-unmatched", config, before, after);
}

Files RookCeph(const std::string& rook, const std::string& ceph) {
  return {{"clusters/prod/rook.yaml", RookRelease(rook)},
          {"clusters/prod/ceph.yaml", CephCluster(ceph)}};
}

constexpr char kBackend[] =
    "version: 1\n"
    "components:\n"
    "  - name: app-backend\n"
    "    locators:\n"
    "      - image: ghcr.io/acme/app-backendd\n"
    "  - name: app-db\n"
    "    locators:\n"
    "      - image: ghcr.io/acme/app-db\n"
    "policies:\n"
    "  - rule: upgrade-order\n"
    "    id: db-before-backend\n"
    "    first: [app-db]\n"
    "    then: app-backend\n";

std::string Deployment(const std::string& image) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n"
         "    spec:\n      containers:\n        - name: app\n          image: " +
         image + "\n";
}

TEST(PolicyUnmatched, ATypoInALocatorIsReportedAtThePolicy) {
  Files files = {{"apps/backend.yaml", Deployment("ghcr.io/acme/app-backend:2.0.0")},
                 {"apps/db.yaml", Deployment("ghcr.io/acme/app-db:2.0.0")}};
  auto findings = Unmatched(ConfigFrom(kBackend), files, files);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "policy-unmatched");
  EXPECT_EQ(findings[0].policy, "db-before-backend");
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].component, "app-backend");
  EXPECT_EQ(findings[0].location, (Location{".skewlint.yaml", 10, 5}));
  EXPECT_EQ(findings[0].message,
            "policy 'db-before-backend' (upgrade-order) names app-backend, whose locators (image: "
            "ghcr.io/acme/app-backendd) match nothing at the base or the head, so the policy "
            "checks nothing; fix the locator or the component name");
}

TEST(PolicyUnmatched, AComponentFoundOnEitherSideIsMatched) {
  Files found = {{"apps/backend.yaml", Deployment("ghcr.io/acme/app-backendd:2.0.0")},
                 {"apps/db.yaml", Deployment("ghcr.io/acme/app-db:2.0.0")}};
  Files gone = {{"apps/db.yaml", Deployment("ghcr.io/acme/app-db:2.0.0")}};
  EXPECT_TRUE(Unmatched(ConfigFrom(kBackend), found, found).empty());
  EXPECT_TRUE(Unmatched(ConfigFrom(kBackend), found, gone).empty());
  EXPECT_TRUE(Unmatched(ConfigFrom(kBackend), gone, found).empty());
}

// A preset's vendor may simply not run here: its policies stay quiet.
TEST(PolicyUnmatched, PresetPoliciesOfAnAbsentVendorAreQuiet) {
  Files files = {{"apps/db.yaml", Deployment("ghcr.io/acme/app-db:2.0.0")}};
  EXPECT_TRUE(Unmatched(PresetConfig("spire"), files, files).empty());
}

TEST(PolicyUnmatched, TwoVersionLinesWithoutAMatrixAreReportedWithTheMatrixToWrite) {
  std::string config = std::string("version: 1\n") + kRookComponents +
                       "policies:\n  - rule: upgrade-order\n    id: rook-before-ceph\n"
                       "    first: [rook-operator]\n    then: ceph\n";
  auto findings =
      Unmatched(ConfigFrom(config), RookCeph("v1.6.0", "v15.2.10"), RookCeph("v1.6.0", "v16.2.0"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{".skewlint.yaml", 10, 5}));
  EXPECT_EQ(findings[0].message,
            "policy 'rook-before-ceph' (upgrade-order) meets ceph 16.2.0 and rook-operator 1.6.0 "
            "in scope prod, which are on different version lines, so it does not compare them; "
            "say which versions work together with a matrix of ceph series to rook-operator "
            "ranges, e.g. matrix: {'16.2': '>=1.6.0'}, or add an adjacent entry if they are one "
            "version line");
}

TEST(PolicyUnmatched, OneVersionLineOrAMatrixIsNotReported) {
  EXPECT_TRUE(Unmatched(ConfigFrom(RookConfig()), RookCeph("v1.6.0", "v15.2.10"),
                        RookCeph("v1.6.0", "v16.2.0"))
                  .empty());
  std::string bridged = std::string("version: 1\n") + kRookComponents +
                        "policies:\n  - rule: version-skew\n    newer: ceph\n"
                        "    than: rook-operator\n    allow: none\n"
                        "    adjacent: [['1.6', '16.0']]\n";
  EXPECT_TRUE(
      Unmatched(ConfigFrom(bridged), RookCeph("v1.6.0", "v16.2.0"), RookCeph("v1.6.0", "v16.2.0"))
          .empty());
  Files spire = {{"clusters/prod/server.yaml", SpireServer("1.9.6")},
                 {"clusters/prod/agent.yaml", SpireAgent("1.9.6")}};
  EXPECT_TRUE(Unmatched(PresetConfig("spire"), spire, spire).empty());
}

TEST(PolicyUnmatched, ASeriesMissingFromAMatrixIsReported) {
  auto findings = Unmatched(ConfigFrom(RookConfig()), RookCeph("v1.9.0", "v16.2.0"),
                            RookCeph("v1.9.0", "v17.2.6"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "rook-supports-ceph");
  EXPECT_EQ(findings[0].location, (Location{".skewlint.yaml", 10, 5}));
  EXPECT_EQ(findings[0].message,
            "policy 'rook-supports-ceph' (compatibility) has no row for ceph 17.2 (17.2.6 in "
            "scope prod), so its pairing with rook-operator 1.9.0 is not checked; add a row with "
            "the rook-operator versions that support it, e.g. '17.2': '>=1.9.0'");
}

TEST(PolicyUnmatched, TakesNoPolicyEntry) {
  auto config = LoadConfig("version: 1\npolicies:\n  - rule: policy-unmatched\n", ".skewlint.yaml");
  ASSERT_TRUE(config.ok());
  auto checks = BuildChecks(*config);
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.error().ToString(),
            ".skewlint.yaml:3:5: policy-unmatched runs without a policy entry; set its severity "
            "or switch it off under rules:");
}

}  // namespace
}  // namespace skewlint::testing
