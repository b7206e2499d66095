// End-to-end: the CRD schema rules through the built binary, on git
// histories shaped like an operator's GitOps repository.

#include <gtest/gtest.h>

#include <algorithm>

#include "linter/yaml_tree.h"
#include "tests/crd_fixtures.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

constexpr const char* kCrdPath = "crds/spicepodsets.yaml";
constexpr const char* kGcs = "  # Deprecated: use objectStorage";

std::string Crd(const std::string& version, const std::string& marker, bool with_gcs = true) {
  return SpiceCrdWith(version, ThanosProperties(marker, with_gcs));
}

class CrdEndToEnd : public ::testing::Test {
 protected:
  // main: 1.1.0 unmarked, 1.2.0 marks spec.thanos.gcs deprecated, 1.3.0.
  void SetUp() override {
    repo.Write(".skewlint.yaml", "version: 1\npresets: [spiceai]\n");
    repo.Write(kCrdPath, Crd("1.1.0", ""));
    repo.Write("clusters/prod/spice/legacy.yaml", SpicepodSetWithGcs("legacy"));
    repo.Commit("spiceai crds 1.1.0", 1700000000);
    repo.Write(kCrdPath, Crd("1.2.0", kGcs));
    marked = repo.Commit("spiceai crds 1.2.0: deprecate thanos.gcs", 1700100000);
    repo.Write(kCrdPath, Crd("1.3.0", kGcs));
    repo.Commit("spiceai crds 1.3.0", 1700200000);
    repo.Git("checkout -q -b feature");
  }

  std::vector<std::string> Check() { return CheckCrds(repo); }

  TempRepo repo;
  std::string marked;
};

TEST_F(CrdEndToEnd, RemovalOneMinorAfterTheMarkerCommit) {
  repo.Write(kCrdPath, Crd("1.3.1", "", false));
  repo.Commit("spiceai crds 1.3.1: drop thanos.gcs", 1700300000);
  EXPECT_EQ(
      Check(),
      (std::vector<std::string>{
          "deprecated-field-removal crds/spicepodsets.yaml:26:17 spiceai-crds 1.3.1 removes "
          "property spec.thanos.gcs from spicepodsets.spice.ai v1 in the repository 1 minor "
          "after it was deprecated in 1.2.0 (its version when the marker was added, commit " +
          marked.substr(0, 12) +
          "); deprecations stay for 2 minors: keep it until 1.4.0; this also breaks "
          "removed-field-in-use: SpicepodSet/spice/legacy in scope prod sets spec.thanos.gcs, "
          "which spiceai-crds does not define for spicepodsets.spice.ai v1 "
          "(clusters/prod/spice/legacy.yaml:9:5)"}));
}

TEST_F(CrdEndToEnd, RemovalTwoMinorsAfterIsOnTimeButTheResourceStillUsesIt) {
  repo.Write(kCrdPath, Crd("1.4.0", "", false));
  repo.Commit("spiceai crds 1.4.0: drop thanos.gcs", 1700300000);
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "removed-field-in-use clusters/prod/spice/legacy.yaml:9:5 "
                         "SpicepodSet/spice/legacy in scope prod sets spec.thanos.gcs, which "
                         "spiceai-crds does not define for spicepodsets.spice.ai v1; remove the "
                         "field from the resource, or keep the property in the CRD"}));
  repo.Write("clusters/prod/spice/legacy.yaml",
             SpicepodSetWith("  thanos:\n    objectStorage: {bucket: metrics}\n", "legacy"));
  repo.Commit("move legacy to objectStorage", 1700400000);
  EXPECT_TRUE(Check().empty());
}

// A per-commit walk judges a resource against its CRD step after step, and
// remembers the answers (JudgeMemo): an answer comes back only for the same
// CRD bytes and the same resource bytes where they now stand. Here the
// resource sits in a large multi-document file whose unchanged documents
// are taken from the parse memo with their lines moved.
TEST(CrdEndToEndWalk, AResourceJudgedAgainAfterItsLinesMovedIsReportedWhereItNowStands) {
  TempRepo repo;
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - {name: spiceai-crds, locators: [{crd: '^spice\\.ai$'}]}\n"
             "policies:\n"
             "  - {rule: removed-field-in-use, component: spiceai-crds}\n");
  auto padding = [](int extra_lines) {
    std::string out;
    for (int n = 0; n < 300; ++n) {  // about 300 KiB: the parse memo takes the file
      out += "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pad" + std::to_string(n) +
             "\ndata:\n  text: \"" + std::string(1000, 'x') + "\"\n";
    }
    for (int n = 0; n < extra_lines; ++n) out += "  more" + std::to_string(n) + ": \"y\"\n";
    return out;
  };
  const std::string pods = "clusters/prod/spice/pods.yaml";
  auto pods_text = [&](int extra_lines) {
    return padding(extra_lines) + "---\n" + SpicepodSetWithGcs("legacy");
  };
  auto gcs_line = [&](int extra_lines) {
    std::string text = pods_text(extra_lines);
    return 1 + std::count(text.begin(), text.begin() + text.find("    gcs:"), '\n');
  };
  repo.Write(kCrdPath, Crd("1.3.0", ""));
  repo.Write(pods, pods_text(0));
  repo.Commit("spiceai 1.3.0 and its resources", 1700000000);
  repo.Git("checkout -q -b feature");
  repo.Write(kCrdPath, Crd("1.4.0", "", false));
  repo.Commit("crds 1.4.0: drop thanos.gcs", 1700100000);
  repo.Write(kCrdPath, Crd("1.3.0", ""));
  repo.Commit("back to 1.3.0", 1700200000);
  repo.Write(pods, pods_text(3));  // the last ConfigMap grows: the resource moves down
  repo.Commit("pad", 1700300000);
  repo.Write(kCrdPath, Crd("1.4.0", "", false));  // the same bytes as two commits ago
  repo.Commit("crds 1.4.0 again", 1700400000);
  std::string message =
      " SpicepodSet/spice/legacy in scope prod sets spec.thanos.gcs, which spiceai-crds does "
      "not define for spicepodsets.spice.ai v1; remove the field from the resource, or keep the "
      "property in the CRD";
  EXPECT_EQ(
      CheckCrds(repo, "--base main --per-commit"),
      (std::vector<std::string>{
          "removed-field-in-use " + pods + ":" + std::to_string(gcs_line(0)) + ":5" + message,
          "removed-field-in-use " + pods + ":" + std::to_string(gcs_line(3)) + ":5" + message}));
}

TEST_F(CrdEndToEnd, RemovalAfterARenameIsDatedThroughTheOldPath) {
  repo.Git("mv " + std::string(kCrdPath) + " crds/spicepodset-crd.yaml");
  repo.Commit("rename the CRD file", 1700300000);
  repo.Git("checkout -q main");
  repo.Git("merge -q --ff-only feature");
  repo.Git("checkout -q feature");
  repo.Write("crds/spicepodset-crd.yaml", Crd("1.3.1", "", false));
  repo.Write("clusters/prod/spice/legacy.yaml", SpicepodSetWith("  replicas: 1\n", "legacy"));
  repo.Commit("spiceai crds 1.3.1: drop thanos.gcs", 1700400000);
  std::vector<std::string> findings = Check();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].find("deprecated-field-removal crds/spicepodset-crd.yaml:26:17 "),
            std::string::npos)
      << findings[0];
  EXPECT_NE(findings[0].find("deprecated in 1.2.0 (its version when the marker was added, commit " +
                             marked.substr(0, 12) + ")"),
            std::string::npos)
      << findings[0];
}

TEST_F(CrdEndToEnd, ANewResourceSettingADeprecatedField) {
  repo.Write("clusters/prod/spice/new.yaml", SpicepodSetWithGcs("new"));
  repo.Commit("add a spicepodset", 1700300000);
  RunResult r = RunSkewlint(repo.root(), "check --base main --format json", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;  // a warning
  EXPECT_EQ(CrdFindingsIn(r.out),
            (std::vector<std::string>{
                "deprecated-field-in-use clusters/prod/spice/new.yaml:9:5 SpicepodSet/spice/new in "
                "scope prod sets spec.thanos.gcs, which spiceai-crds 1.3.0 marks deprecated in "
                "spicepodsets.spice.ai v1 (Deprecated: use objectStorage); move to its replacement "
                "before the field is removed"}));
}

TEST_F(CrdEndToEnd, CrdRollbackWithPopulatedNewFields) {
  repo.Write("clusters/prod/spice/store.yaml",
             SpicepodSetWith("  thanos:\n    objectStorage: {bucket: metrics}\n", "store"));
  repo.Commit("use objectStorage", 1700300000);
  repo.Git("checkout -q main");
  repo.Git("merge -q --ff-only feature");
  repo.Git("checkout -q feature");
  std::string older = SpiceCrdWith("1.2.0",
                                   "                replicas: {type: integer}\n"
                                   "                thanos:\n"
                                   "                  properties:\n"
                                   "                    gcs: {type: object}\n");
  repo.Write(kCrdPath, older);
  repo.Commit("roll the CRDs back to 1.2.0", 1700400000);
  EXPECT_EQ(
      Check(),
      (std::vector<std::string>{
          "removed-field-in-use clusters/prod/spice/store.yaml:8:5 SpicepodSet/spice/store in "
          "scope prod sets spec.thanos.objectStorage, which spiceai-crds does not define for "
          "spicepodsets.spice.ai v1; remove the field from the resource, or keep the "
          "property in the CRD",
          "crd-downgrade crds/spicepodsets.yaml:6:32 spiceai-crds moves back from 1.3.0 to "
          "1.2.0 in the repository, but the older schema of spicepodsets.spice.ai lacks what "
          "custom resources set: SpicepodSet/spice/store (spec.thanos.objectStorage); clear "
          "those fields from the resources first, then downgrade the CRDs explicitly (CRD "
          "rollbacks are not automatic)"}));
}

}  // namespace
}  // namespace skewlint::testing
