// End-to-end: a repository that holds one CRD twice (a kubebuilder base and
// the chart's copy, a bundle). A custom resource is judged once, by the copy
// deployed with it; a finding about a CRD file is one per file.

#include <gtest/gtest.h>

#include "tests/crd_fixtures.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

constexpr const char* kBase = "config/crd/spicepodsets.yaml";
constexpr const char* kChartCopy = "charts/spiceai/crds/spicepodsets.yaml";
constexpr const char* kGcs = "  # Deprecated: use objectStorage";

// spec.replicas and spec.thanos.gcs, without objectStorage (an older schema).
std::string OlderCrd(const std::string& version) {
  return SpiceCrdWith(version,
                      "                replicas: {type: integer}\n"
                      "                thanos:\n"
                      "                  properties:\n"
                      "                    gcs: {type: object}\n");
}

// The CRD without its version label.
std::string Unlabelled(std::string crd, const std::string& version) {
  std::string label = "  labels:\n    app.kubernetes.io/version: \"" + version + "\"\n";
  return crd.replace(crd.find(label), label.size(), "");
}

class CrdCopies : public ::testing::Test {
 protected:
  void SetUp() override { repo.Write(".skewlint.yaml", "version: 1\npresets: [spiceai]\n"); }

  void Branch(const std::string& message) {
    repo.Commit(message, 1700000000 + 100000 * ++commits_);
    repo.Git("checkout -q -b feature");
  }

  std::vector<std::string> Check() { return CheckCrds(repo); }

  TempRepo repo;
  int commits_ = 0;
};

// The chart's copy lags one minor behind the base: a resource that uses what
// only the newer copy has is judged by the newer copy, and a field that no
// copy has is one finding, not one per copy. The lagging copy is not read as
// a downgrade of the other file's CRD either.
TEST_F(CrdCopies, AResourceIsJudgedOnceByTheNewestCopy) {
  repo.Write(kBase, SpiceCrdWith("1.3.0", ThanosProperties("")));
  repo.Write(kChartCopy, OlderCrd("1.2.0"));
  Branch("crds 1.3.0; the chart still ships 1.2.0");
  repo.Write(
      "clusters/prod/spice/store.yaml",
      SpicepodSetWith("  thanos:\n    objectStorage: {bucket: metrics}\n  bogus: 1\n", "store"));
  repo.Commit("add a spicepodset on objectStorage", 1700900000);
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "removed-field-in-use clusters/prod/spice/store.yaml:9:3 "
                         "SpicepodSet/spice/store in scope prod sets spec.bogus, which "
                         "spiceai-crds does not define for spicepodsets.spice.ai v1; remove the "
                         "field from the resource, or keep the property in the CRD"}));
}

// The base lags behind the chart's copy: the other file's CRD at 1.3.0 on
// the base is no earlier state of this one, so nothing moves back.
TEST_F(CrdCopies, ALaggingCopyIsNoDowngradeOfAnotherFile) {
  repo.Write(kBase, OlderCrd("1.2.0"));
  repo.Write(kChartCopy, SpiceCrdWith("1.3.0", ThanosProperties("")));
  repo.Write("clusters/prod/spice/store.yaml",
             SpicepodSetWith("  thanos:\n    objectStorage: {bucket: metrics}\n", "store"));
  Branch("the chart ships crds 1.3.0; the base is still 1.2.0");
  repo.Write(kBase, OlderCrd("1.2.1"));
  repo.Commit("base crds 1.2.1", 1700900000);
  EXPECT_EQ(Check(), std::vector<std::string>{});
}

// Two unlabelled copies that differ: the resource goes with the copy beside
// it (the most shared folders), not with the other file.
TEST_F(CrdCopies, UnversionedCopiesJudgeTheResourcesBesideThem) {
  repo.Write("operator/config/crd/spicepodsets.yaml",
             Unlabelled(SpiceCrdWith("1.3.0", ThanosProperties("")), "1.3.0"));
  repo.Write("bundle/crds/spicepodsets.yaml", Unlabelled(OlderCrd("1.2.0"), "1.2.0"));
  Branch("two unlabelled copies");
  repo.Write("operator/config/samples/store.yaml",
             SpicepodSetWith("  thanos:\n    objectStorage: {bucket: metrics}\n", "store"));
  repo.Write("bundle/samples/old.yaml",
             SpicepodSetWith("  thanos:\n    objectStorage: {bucket: metrics}\n", "old"));
  repo.Commit("add samples", 1700900000);
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "removed-field-in-use bundle/samples/old.yaml:8:5 "
                         "SpicepodSet/spice/old in the repository sets spec.thanos.objectStorage, "
                         "which spiceai-crds does not define for spicepodsets.spice.ai v1; remove "
                         "the field from the resource, or keep the property in the CRD"}));
}

// Both copies drop a deprecated property too early: each file is told, and
// the resource that still sets it is folded into the finding of the copy
// that judges it.
TEST_F(CrdCopies, APrematureRemovalInTwoCopiesIsTwoFindings) {
  for (const char* path : {kBase, kChartCopy})
    repo.Write(path, SpiceCrdWith("1.1.0", ThanosProperties("")));
  repo.Write("clusters/prod/spice/legacy.yaml", SpicepodSetWithGcs("legacy"));
  repo.Commit("crds 1.1.0", 1700000000);
  for (const char* path : {kBase, kChartCopy})
    repo.Write(path, SpiceCrdWith("1.2.0", ThanosProperties(kGcs)));
  std::string marked = repo.Commit("crds 1.2.0: deprecate thanos.gcs", 1700100000);
  repo.Git("checkout -q -b feature");
  for (const char* path : {kBase, kChartCopy}) {
    repo.Write(path, SpiceCrdWith("1.2.1", ThanosProperties("", false)));
  }
  repo.Commit("crds 1.2.1: drop thanos.gcs", 1700200000);
  std::string removal =
      " spiceai-crds 1.2.1 removes property spec.thanos.gcs from spicepodsets.spice.ai v1 in the "
      "repository 0 minors after it was deprecated in 1.2.0 (its version when the marker was "
      "added, commit " +
      marked.substr(0, 12) + "); deprecations stay for 2 minors: keep it until 1.4.0";
  EXPECT_EQ(Check(),
            (std::vector<std::string>{
                "deprecated-field-removal charts/spiceai/crds/spicepodsets.yaml:26:17" + removal +
                    "; this also breaks removed-field-in-use: SpicepodSet/spice/legacy in scope "
                    "prod sets spec.thanos.gcs, which spiceai-crds does not define for "
                    "spicepodsets.spice.ai v1 (clusters/prod/spice/legacy.yaml:9:5)",
                "deprecated-field-removal config/crd/spicepodsets.yaml:26:17" + removal}));
}

}  // namespace
}  // namespace skewlint::testing
