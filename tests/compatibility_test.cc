#include <gtest/gtest.h>

#include "tests/state_fixture.h"
#include "tests/version_lines.h"

namespace skewlint::testing {
namespace {

std::string RookText(const std::string& policies) {
  return std::string("version: 1\n") + kRookComponents + "policies:\n" + policies;
}

Files Rook(const std::string& rook, const std::string& ceph) {
  return {{"clusters/prod/rook.yaml", RookRelease(rook)},
          {"clusters/prod/ceph.yaml", CephCluster(ceph)}};
}

std::vector<Finding> Compat(const Files& before, const Files& after) {
  return RunRule("compatibility", ConfigFrom(RookText(kRookMatrix)), before, after);
}

TEST(Compatibility, CephMovedOutsideTheMatrixIsAFindingAtCeph) {
  auto findings = Compat(Rook("v1.5.9", "v15.2.10"), Rook("v1.5.9", "v16.2.0"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "rook-supports-ceph");
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/ceph.yaml", 8, 12}));
  EXPECT_EQ(findings[0].message,
            "ceph 16.2.0 and rook-operator 1.5.9 in scope prod are outside the matrix of policy "
            "'rook-supports-ceph': ceph 16.2 works with rook-operator >=1.6.0; move rook-operator "
            "into that range, or move ceph to a series that supports rook-operator 1.5.9");
}

TEST(Compatibility, OperatorMovedOutOfTheRowIsAFindingAtTheOperator) {
  auto findings = Compat(Rook("v1.8.0", "v15.2.10"), Rook("v1.9.0", "v15.2.10"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/rook.yaml", 10, 16}));
  EXPECT_EQ(findings[0].message,
            "ceph 15.2.10 and rook-operator 1.9.0 in scope prod are outside the matrix of policy "
            "'rook-supports-ceph': ceph 15.2 works with rook-operator >=1.4.0 <1.9.0; move "
            "rook-operator into that range, or move ceph to a series that supports rook-operator "
            "1.9.0");
}

TEST(Compatibility, PairsInsideTheMatrixAreClean) {
  EXPECT_TRUE(Compat(Rook("v1.5.9", "v15.2.10"), Rook("v1.6.0", "v16.2.0")).empty());
  EXPECT_TRUE(Compat(Rook("v1.5.9", "v15.2.10"), Rook("v1.6.0", "v15.2.10")).empty());
}

TEST(Compatibility, ASeriesWithNoRowIsNotJudged) {
  EXPECT_TRUE(Compat(Rook("v1.5.9", "v15.2.10"), Rook("v1.5.9", "v17.2.0")).empty());
}

TEST(Compatibility, AViolationTheBaseAlreadyHadIsNotTheChanges) {
  EXPECT_TRUE(Compat(Rook("v1.5.9", "v16.2.0"), Rook("v1.5.9", "v16.2.0")).empty());
}

TEST(Compatibility, OtherScopesDoNotPair) {
  Files files = {{"clusters/a/rook.yaml", RookRelease("v1.5.9")},
                 {"clusters/b/ceph.yaml", CephCluster("v16.2.0")}};
  EXPECT_TRUE(Compat({}, files).empty());
}

TEST(Compatibility, AWholeMajorRowAppliesWhenNoMinorRowDoes) {
  Config config = ConfigFrom(RookText(
      "  - rule: compatibility\n    component: ceph\n    with: rook-operator\n    matrix:\n"
      "      '16': '>=1.6'\n      '16.3': '>=1.7'\n"));
  EXPECT_EQ(RunRule("compatibility", config, {}, Rook("v1.5.0", "v16.2.0")).size(), 1u);
  EXPECT_TRUE(RunRule("compatibility", config, {}, Rook("v1.6.0", "v16.2.0")).empty());
  EXPECT_EQ(RunRule("compatibility", config, {}, Rook("v1.6.0", "v16.3.0")).size(), 1u);
}

std::string ConfigError(const std::string& policies) {
  auto config = LoadConfig(RookText(policies), ".skewlint.yaml");
  EXPECT_TRUE(config.ok());
  if (!config.ok()) return config.error().ToString();
  auto checks = BuildChecks(*config);
  return checks.ok() ? "" : checks.error().ToString();
}

TEST(Compatibility, ABadRangeIsAConfigErrorAtItsPosition) {
  EXPECT_EQ(ConfigError("  - rule: compatibility\n    component: ceph\n    with: rook-operator\n"
                        "    matrix:\n      '16.2': '~1.6'\n"),
            ".skewlint.yaml:14:15: matrix '16.2': expected a version range such as '>=1.6.0 "
            "<1.16.0' or '1.9.x', found '~1.6'");
}

TEST(Compatibility, ABadSeriesIsAConfigErrorAtTheKey) {
  EXPECT_EQ(ConfigError("  - rule: compatibility\n    component: ceph\n    with: rook-operator\n"
                        "    matrix:\n      quincy: '>=1.6'\n"),
            ".skewlint.yaml:14:7: matrix: expected a series of ceph such as '16.2' or '16', "
            "found 'quincy'");
}

TEST(Compatibility, TheMatrixIsRequired) {
  EXPECT_EQ(ConfigError("  - rule: compatibility\n    component: ceph\n    with: rook-operator\n"),
            ".skewlint.yaml:10:5: policy 'ceph-rook-operator-compatibility' (compatibility): "
            "missing key 'matrix'");
}

}  // namespace
}  // namespace skewlint::testing
