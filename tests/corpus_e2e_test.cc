// End to end: layouts that the corpus of real repositories (ci/corpus)
// showed skewlint missing, each reduced to a repository built here.

#include <gtest/gtest.h>

#include "tests/integration_util.h"

namespace skewlint {
namespace {

using testing::ParseJson;
using testing::RunSkewlint;
using testing::TempRepo;

// "component from -> to kind path:line" of every entry of `changes`.
std::vector<std::string> Changes(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = ParseJson(json);
  if (const YamlNode* changes = root->Get("changes")) {
    for (const auto& c : changes->items) {
      out.push_back(std::string(c->ScalarAt("component")) + " " + std::string(c->ScalarAt("from")) +
                    " -> " + std::string(c->ScalarAt("to")) + " " +
                    std::string(c->ScalarAt("kind")) + " " + std::string(c->ScalarAt("path")) +
                    ":" + std::string(c->ScalarAt("line")));
    }
  }
  return out;
}

// "rule path:line: message" of every finding.
std::vector<std::string> Findings(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = ParseJson(json);
  if (const YamlNode* findings = root->Get("findings")) {
    for (const auto& f : findings->items) {
      out.push_back(std::string(f->ScalarAt("rule")) + " " + std::string(f->ScalarAt("path")) +
                    ":" + std::string(f->ScalarAt("line")) + ": " +
                    std::string(f->ScalarAt("message")));
    }
  }
  return out;
}

// Flux (2.3 and later) home-labs pull charts from an OCIRepository that the
// HelmRelease names in spec.chartRef; the chart version is the
// OCIRepository's spec.ref.tag (onedr0p/home-ops, billimek/k8s-gitops).
std::string OciChart(const std::string& tag) {
  return "apiVersion: source.toolkit.fluxcd.io/v1\n"
         "kind: OCIRepository\n"
         "metadata:\n"
         "  name: cert-manager\n"
         "spec:\n"
         "  interval: 15m\n"
         "  ref:\n"
         "    tag: " +
         tag +
         "\n"
         "  url: oci://quay.io/jetstack/charts/cert-manager\n"
         "---\n"
         "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: cert-manager\n"
         "spec:\n"
         "  chartRef:\n"
         "    kind: OCIRepository\n"
         "    name: cert-manager\n"
         "  values:\n"
         "    crds:\n"
         "      enabled: true\n";
}

TEST(CorpusLayouts, FluxOciRepositoryChartIsVersioned) {
  TempRepo repo;
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: cert-manager\n"
             "    locators:\n"
             "      - chart: '^cert-manager$'\n"
             "policies:\n"
             "  - rule: minor-jump\n"
             "    component: cert-manager\n"
             "    max: 1\n");
  repo.Write("kubernetes/apps/cert-manager/app/helmrelease.yaml", OciChart("v1.14.4"));
  std::string base = repo.Commit("cert-manager 1.14.4");
  repo.Write("kubernetes/apps/cert-manager/app/helmrelease.yaml", OciChart("v1.16.1"));
  repo.Commit("cert-manager 1.16.1");
  testing::RunResult r = RunSkewlint(repo.root(), "check --format json --base " + base, true);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Changes(r.out),
            (std::vector<std::string>{"cert-manager v1.14.4 -> v1.16.1 minor "
                                      "kubernetes/apps/cert-manager/app/helmrelease.yaml:8"}));
  EXPECT_EQ(
      Findings(r.out),
      (std::vector<std::string>{
          "minor-jump kubernetes/apps/cert-manager/app/helmrelease.yaml:8: cert-manager jumps "
          "from 1.14.4 to 1.16.1 in one change in the repository (2 minors; at most 1 minor "
          "per upgrade is supported); upgrade to 1.15 first"}));
}

// fluxcd/flux2-kustomize-helm-example: clusters/<name>/infrastructure.yaml
// are Flux Kustomizations whose spec.path is ./infrastructure/controllers,
// a folder with its own kustomization.yaml. Its HelmReleases belong to the
// two clusters; the folder is no deployment of its own, so a finding there
// is reported once per cluster, not a third time "in the repository".
std::string FluxInfra(const std::string& cluster) {
  return "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
         "kind: Kustomization\n"
         "metadata:\n"
         "  name: infra-controllers-" +
         cluster +
         "\n"
         "  namespace: flux-system\n"
         "spec:\n"
         "  sourceRef:\n"
         "    kind: GitRepository\n"
         "    name: flux-system\n"
         "  path: ./infrastructure/controllers\n";
}

std::string CertManagerRelease(const std::string& version) {
  return "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: cert-manager\n"
         "  namespace: cert-manager\n"
         "spec:\n"
         "  chart:\n"
         "    spec:\n"
         "      chart: cert-manager\n"
         "      version: \"" +
         version + "\"\n";
}

TEST(CorpusLayouts, FolderBuiltByFluxKustomizationsIsNoScopeOfItsOwn) {
  TempRepo repo;
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: cert-manager\n"
             "    locators:\n"
             "      - chart: '^cert-manager$'\n");
  repo.Write("clusters/staging/infrastructure.yaml", FluxInfra("staging"));
  repo.Write("clusters/production/infrastructure.yaml", FluxInfra("production"));
  repo.Write("infrastructure/controllers/kustomization.yaml",
             "apiVersion: kustomize.config.k8s.io/v1beta1\n"
             "kind: Kustomization\n"
             "resources:\n"
             "  - cert-manager.yaml\n");
  repo.Write("infrastructure/controllers/cert-manager.yaml", CertManagerRelease("1.14.4"));
  std::string base = repo.Commit("cert-manager 1.14.4 on both clusters");
  repo.Write("infrastructure/controllers/cert-manager.yaml", CertManagerRelease("1.x"));
  repo.Commit("follow 1.x");
  testing::RunResult r = RunSkewlint(repo.root(), "check --format json --base " + base, true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const std::string at = "unversioned infrastructure/controllers/cert-manager.yaml:10: ";
  const std::string tail =
      " is set to '1.x', which names no version, so no version rule can check it; pin a released "
      "version (1.2.3, or 1.2.3@sha256:... to pin the digest too)";
  EXPECT_EQ(Findings(r.out),
            (std::vector<std::string>{at + "cert-manager in scope production" + tail,
                                      at + "cert-manager in scope staging" + tail}));
}

// spiffe/spire-tutorials: a Compose file that upgrades server and agent in
// one commit, the agent `depends_on` the server, so Compose starts (and
// recreates) the server first: declared ordering, like a Flux dependsOn.
std::string SpireCompose(const std::string& version, const std::string& depends_on) {
  return "services:\n"
         "  spire-server:\n"
         "    image: ghcr.io/spiffe/spire-server:" +
         version +
         "\n"
         "  spire-agent:\n"
         "    image: ghcr.io/spiffe/spire-agent:" +
         version + "\n" + depends_on;
}

std::vector<std::string> ComposeUpgradeFindings(const std::string& depends_on) {
  TempRepo repo;
  repo.Write(".skewlint.yaml",
             "version: 1\npresets: [spire]\nrules:\n  image-digest: off\n  zero-downtime: off\n");
  repo.Write("docker-compose/metrics/docker-compose.yaml", SpireCompose("1.9.6", depends_on));
  std::string base = repo.Commit("spire 1.9.6");
  repo.Write("docker-compose/metrics/docker-compose.yaml", SpireCompose("1.10.0", depends_on));
  repo.Commit("spire 1.10.0");
  return Findings(RunSkewlint(repo.root(), "check --format json --base " + base, true).out);
}

TEST(CorpusLayouts, ComposeDependsOnOrdersTheUpgrade) {
  EXPECT_EQ(ComposeUpgradeFindings("    depends_on: [\"spire-server\"]\n"),
            std::vector<std::string>{});
  EXPECT_EQ(ComposeUpgradeFindings("    depends_on:\n"
                                   "      spire-server:\n"
                                   "        condition: service_started\n"),
            std::vector<std::string>{});
  EXPECT_EQ(ComposeUpgradeFindings(""),
            (std::vector<std::string>{
                "upgrade-order docker-compose/metrics/docker-compose.yaml:5: spire-agent moves to "
                "1.10.0 in the same change as spire-server 1.10.0 in the repository, and nothing "
                "applies spire-server first; merge the spire-server upgrade first, or order it "
                "with argocd.argoproj.io/sync-wave or Flux dependsOn"}));
}

// onedr0p/home-ops: one ks.yaml holds two Flux Kustomizations, rook-ceph
// (path app/) and rook-ceph-cluster (path cluster/, dependsOn rook-ceph);
// Renovate bumps both OCIRepositories in one commit. Flux applies the
// cluster chart only once the operator's Kustomization is ready: the
// enclosing Kustomization's dependsOn is declared ordering.
std::string RookKs(bool depends) {
  return "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
         "kind: Kustomization\n"
         "metadata:\n"
         "  name: rook-ceph\n"
         "spec:\n"
         "  path: ./kubernetes/apps/rook-ceph/rook-ceph/app\n"
         "  wait: true\n"
         "---\n"
         "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
         "kind: Kustomization\n"
         "metadata:\n"
         "  name: rook-ceph-cluster\n"
         "spec:\n" +
         std::string(depends ? "  dependsOn:\n    - name: rook-ceph\n" : "") +
         "  path: ./kubernetes/apps/rook-ceph/rook-ceph/cluster\n";
}

std::string OciRepository(const std::string& name, const std::string& tag) {
  return "apiVersion: source.toolkit.fluxcd.io/v1\n"
         "kind: OCIRepository\n"
         "metadata:\n"
         "  name: " +
         name +
         "\n"
         "spec:\n"
         "  ref:\n"
         "    tag: " +
         tag +
         "\n"
         "  url: oci://ghcr.io/rook/" +
         name + "\n";
}

std::vector<std::string> RookUpgradeFindings(bool depends) {
  TempRepo repo;
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: rook-ceph\n"
             "    locators:\n"
             "      - chart: '^rook-ceph$'\n"
             "  - name: rook-ceph-cluster\n"
             "    locators:\n"
             "      - chart: '^rook-ceph-cluster$'\n"
             "policies:\n"
             "  - rule: upgrade-order\n"
             "    first: [rook-ceph]\n"
             "    then: rook-ceph-cluster\n");
  const std::string dir = "kubernetes/apps/rook-ceph/rook-ceph/";
  repo.Write(dir + "ks.yaml", RookKs(depends));
  repo.Write(dir + "app/ocirepository.yaml", OciRepository("rook-ceph", "v1.18.9"));
  repo.Write(dir + "cluster/ocirepository.yaml", OciRepository("rook-ceph-cluster", "v1.18.9"));
  std::string base = repo.Commit("rook 1.18.9");
  repo.Write(dir + "app/ocirepository.yaml", OciRepository("rook-ceph", "v1.19.0"));
  repo.Write(dir + "cluster/ocirepository.yaml", OciRepository("rook-ceph-cluster", "v1.19.0"));
  repo.Commit("rook 1.19.0");
  return Findings(RunSkewlint(repo.root(), "check --format json --base " + base, true).out);
}

TEST(CorpusLayouts, FluxKustomizationDependsOnOrdersWhatItApplies) {
  EXPECT_EQ(RookUpgradeFindings(true), std::vector<std::string>{});
  EXPECT_EQ(RookUpgradeFindings(false),
            (std::vector<std::string>{
                "upgrade-order kubernetes/apps/rook-ceph/rook-ceph/cluster/ocirepository.yaml:7: "
                "rook-ceph-cluster moves to 1.19.0 in the same change as rook-ceph 1.19.0 in the "
                "repository, and nothing applies rook-ceph first; merge the rook-ceph upgrade "
                "first, or order it with argocd.argoproj.io/sync-wave or Flux dependsOn"}));
}

}  // namespace
}  // namespace skewlint
