// End-to-end: components on different version lines, matrices, policies
// that match nothing, and resources embedded in chart values.

#include <gtest/gtest.h>

#include "tests/test_repo.h"
#include "tests/version_lines.h"

namespace skewlint::testing {
namespace {

std::vector<std::string> Findings(const RunResult& r) { return FindingsIn(r.out, true); }

// Tag-only bumps are what these histories do; image-digest is not the point.
constexpr char kNoDigest[] = "rules:\n  image-digest: off\n";

// The Rook history of the issue: the operator moves to 1.6.0 in one commit,
// Ceph to 16.2.0 in the next.
class RookHistory : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.Write(".skewlint.yaml", RookConfig() + kNoDigest);
    repo.Write("clusters/home/rook.yaml", RookRelease("v1.5.9"));
    repo.Write("clusters/home/ceph.yaml", CephCluster("v15.2.10"));
    repo.Commit("rook 1.5.9, ceph 15.2.10");
    repo.Git("checkout -q -b upgrade");
  }
  RunResult PerCommit() {
    return RunSkewlint(repo.root(), "check --format json --per-commit --base main", true);
  }

  TempRepo repo;
};

TEST_F(RookHistory, OperatorThenCephIsClean) {
  repo.Write("clusters/home/rook.yaml", RookRelease("v1.6.0"));
  repo.Commit("rook 1.6.0");
  repo.Write("clusters/home/ceph.yaml", CephCluster("v16.2.0"));
  repo.Commit("ceph 16.2.0");
  RunResult r = PerCommit();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Findings(r), std::vector<std::string>{});
}

TEST_F(RookHistory, CephFirstIsAnOrderErrorNamingTheMatrix) {
  repo.Write("clusters/home/ceph.yaml", CephCluster("v16.2.0"));
  repo.Commit("ceph 16.2.0");
  repo.Write("clusters/home/rook.yaml", RookRelease("v1.6.0"));
  repo.Commit("rook 1.6.0");
  RunResult r = PerCommit();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  auto order =
      FindingsIn(r.out, true, [](std::string_view rule) { return rule == "upgrade-order"; });
  EXPECT_EQ(order, std::vector<std::string>{
                       "upgrade-order clusters/home/ceph.yaml:8:12 ceph moves to 16.2.0 while "
                       "rook-operator is still at 1.5.9 in scope home; the matrix of policy "
                       "'rook-supports-ceph' needs rook-operator >=1.6.0 for ceph 16.2; upgrade "
                       "rook-operator into >=1.6.0 first, in an earlier change"});
  auto compat =
      FindingsIn(r.out, false, [](std::string_view rule) { return rule == "compatibility"; });
  EXPECT_EQ(compat, std::vector<std::string>{"compatibility clusters/home/ceph.yaml:8:12"});
}

// Without a matrix the two lines are never compared: one policy-unmatched
// warning at the policy, no false order error.
TEST_F(RookHistory, WithoutAMatrixTheLinesAreReportedOnceNotCompared) {
  repo.Write(".skewlint.yaml", std::string("version: 1\n") + kRookComponents +
                                   "policies:\n  - rule: upgrade-order\n    id: rook-before-ceph\n"
                                   "    first: [rook-operator]\n    then: ceph\n" +
                                   kNoDigest);
  repo.Commit("config without a matrix");
  repo.Git("branch -f main HEAD");
  repo.Write("clusters/home/rook.yaml", RookRelease("v1.6.0"));
  repo.Commit("rook 1.6.0");
  repo.Write("clusters/home/ceph.yaml", CephCluster("v16.2.0"));
  repo.Commit("ceph 16.2.0");
  RunResult r = PerCommit();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Findings(r),
            std::vector<std::string>{
                "policy-unmatched .skewlint.yaml:10:5 policy 'rook-before-ceph' (upgrade-order) "
                "meets ceph 16.2.0 and rook-operator 1.6.0 in scope home, which are on different "
                "version lines, so it does not compare them; say which versions work together "
                "with a matrix of ceph series to rook-operator ranges, e.g. matrix: {'16.2': "
                "'>=1.6.0'}, or add an adjacent entry if they are one version line"});
}

TEST(VersionSkewLinesE2e, ControllerAndChartWithoutAMatrixDoNotPassSilently) {
  TempRepo repo;
  repo.Write(".skewlint.yaml",
             std::string("version: 1\n") + kIngressComponents +
                 "policies:\n  - rule: version-skew\n    id: controller-vs-chart\n"
                 "    newer: ingress-nginx-controller\n"
                 "    than: ingress-nginx-chart\n    allow: none\n" +
                 kNoDigest);
  repo.Write("clusters/prod/ingress.yaml", IngressRelease("4.11.2", "v1.11.2"));
  repo.Commit("ingress");
  repo.Git("checkout -q -b bump");
  repo.Write("clusters/prod/ingress.yaml", IngressRelease("4.11.3", "v1.12.1"));
  repo.Commit("controller 1.12");
  RunResult r = RunSkewlint(repo.root(), "check --format json --base main", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Findings(r),
            std::vector<std::string>{
                "policy-unmatched .skewlint.yaml:10:5 policy 'controller-vs-chart' (version-skew) "
                "meets ingress-nginx-controller 1.12.1 and ingress-nginx-chart 4.11.3 in scope "
                "prod, which are on different version lines, so it does not compare them; say "
                "which versions work together with a matrix of ingress-nginx-controller series to "
                "ingress-nginx-chart ranges, e.g. matrix: {'1.12': '>=4.11.3'}, or add an adjacent "
                "entry if they are one version line"});
}

// Reported once for the whole run, though no commit's state moved for it.
TEST(PolicyUnmatchedE2e, ATypoInALocatorIsAWarningAtThePolicyLine) {
  TempRepo repo;
  repo.Write(".skewlint.yaml",
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
             "    then: app-backend\n"
             "rules:\n  image-digest: off\n");
  auto deployment = [](const std::string& name, const std::string& image) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name +
           "\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n"
           "          image: " +
           image + "\n";
  };
  repo.Write("apps/db.yaml", deployment("db", "ghcr.io/acme/app-db:1.0.0"));
  repo.Write("apps/backend.yaml", deployment("backend", "ghcr.io/acme/app-backend:1.0.0"));
  repo.Commit("app");
  repo.Git("checkout -q -b bump");
  repo.Write("apps/backend.yaml", deployment("backend", "ghcr.io/acme/app-backend:1.1.0"));
  repo.Commit("backend 1.1 before the db");
  repo.Write("apps/db.yaml", deployment("db", "ghcr.io/acme/app-db:1.1.0"));
  repo.Commit("db 1.1");
  RunResult r = RunSkewlint(repo.root(), "check --format json --per-commit --base main", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Findings(r),
            std::vector<std::string>{
                "policy-unmatched .skewlint.yaml:10:5 policy 'db-before-backend' (upgrade-order) "
                "names app-backend, whose locators (image: ghcr.io/acme/app-backendd) match "
                "nothing at the base or the head, so the policy checks nothing; fix the "
                "locator or the component name"});
}

// A CloudNativePG Cluster written into the values of a generic chart, and a
// field locator that picks one HelmRelease by name.
TEST(EmbeddedResourcesE2e, AnEmbeddedClusterIsFoundAtItsLine) {
  TempRepo repo;
  repo.Write(
      ".skewlint.yaml",
      "version: 1\n"
      "components:\n"
      "  - name: postgres\n"
      "    locators:\n"
      "      - field: {kind: Cluster, path: spec.imageName}\n"
      "  - name: rook-operator\n"
      "    locators:\n"
      "      - field: {kind: HelmRelease, path: spec.chart.spec.version, name: '^rook-ceph$'}\n");
  repo.Write("clusters/home/db.yaml",
             "apiVersion: helm.toolkit.fluxcd.io/v2\n"
             "kind: HelmRelease\n"
             "metadata:\n"
             "  name: app-db\n"
             "spec:\n"
             "  chart:\n"
             "    spec:\n"
             "      chart: raw\n"
             "      version: 2.0.0\n"
             "  values:\n"
             "    resources:\n"
             "      - apiVersion: postgresql.cnpg.io/v1\n"
             "        kind: Cluster\n"
             "        metadata:\n"
             "          name: app-db\n"
             "        spec:\n"
             "          instances: 2\n"
             "          imageName: ghcr.io/cloudnative-pg/postgresql:16.2\n");
  repo.Write("clusters/home/rook.yaml",
             RookRelease("v1.6.0") + "---\n" + RookRelease("v9.9.9", "rook-ceph-cluster"));
  repo.Commit("db");
  RunResult r = RunSkewlint(repo.root(), "state --format json", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  ParsedYaml parsed = ParseYaml(r.out);
  ASSERT_FALSE(parsed.documents.empty()) << r.out;
  std::vector<std::string> got;
  for (const auto& i : parsed.documents[0].root->Get("instances")->items) {
    got.push_back(std::string(i->ScalarAt("component")) + " " +
                  std::string(i->ScalarAt("version")) + " " + std::string(i->ScalarAt("path")) +
                  ":" + std::string(i->ScalarAt("line")) + ":" +
                  std::string(i->ScalarAt("column")) + " " + std::string(i->ScalarAt("kind")) +
                  "/" + std::string(i->ScalarAt("name")));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "postgres 16.2.0 clusters/home/db.yaml:18:22 Cluster/app-db",
                     "rook-operator 1.6.0 clusters/home/rook.yaml:10:16 HelmRelease/rook-ceph"}));
}

}  // namespace
}  // namespace skewlint::testing
