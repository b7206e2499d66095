// End-to-end: versions an overlay or a chart sets indirectly. A Kustomize
// patch that moves a Flux HelmRelease's chart version or an image tag is a
// move in the overlay's scope; a values tag written `{{ .Chart.AppVersion }}`
// is the chart's appVersion.

#include <gtest/gtest.h>

#include <filesystem>

#include "linter/yaml_tree.h"
#include "tests/integration_util.h"
#include "tests/manifests.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

// "component version path:line:column scope" of every instance `state` shows.
std::vector<std::string> Instances(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = ParseJson(json);
  const YamlNode* instances = root->Get("instances");
  for (const auto& i : instances ? instances->items : std::vector<YamlNodePtr>{}) {
    out.push_back(std::string(i->ScalarAt("component")) + " " +
                  std::string(i->ScalarAt("version")) + " " + std::string(i->ScalarAt("path")) +
                  ":" + std::string(i->ScalarAt("line")) + ":" +
                  std::string(i->ScalarAt("column")) + " " + std::string(i->ScalarAt("scope")));
  }
  return out;
}

// "component scope path kind from -> to" of every change a check reports.
std::vector<std::string> Changes(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = ParseJson(json);
  const YamlNode* changes = root->Get("changes");
  for (const auto& c : changes ? changes->items : std::vector<YamlNodePtr>{}) {
    out.push_back(std::string(c->ScalarAt("component")) + " " + std::string(c->ScalarAt("scope")) +
                  " " + std::string(c->ScalarAt("path")) + " " + std::string(c->ScalarAt("kind")) +
                  " " + std::string(c->ScalarAt("from")) + " -> " + std::string(c->ScalarAt("to")));
  }
  return out;
}

class Overlays : public ::testing::Test {
 protected:
  RunResult Check() {
    return RunSkewlint(repo.root(), "check --base main --format json", true, CleanEnv());
  }
  RunResult State() { return RunSkewlint(repo.root(), "state --format json", true, CleanEnv()); }

  TempRepo repo;
};

// ---------------------------------------------------------------------------
// `{{ .Chart.AppVersion }}` as a values tag.

TEST_F(Overlays, AnAppVersionTemplateTagTakesTheChartsAppVersion) {
  repo.Write(".skewlint.yaml", kSpireOnlyConfig);
  repo.Write("spire/Chart.yaml",
             "apiVersion: v2\nname: spire\nversion: 0.1.0\nappVersion: 1.9.6\n");
  repo.Write("spire/values.yaml",
             "server:\n"
             "  image:\n"
             "    repository: ghcr.io/spiffe/spire-server\n"
             "    tag: \"{{ .Chart.AppVersion }}\"\n"
             "agent:\n"
             "  image: \"ghcr.io/spiffe/spire-agent:{{ .Chart.AppVersion }}\"\n");
  repo.Commit("base");
  RunResult state = State();
  EXPECT_EQ(Instances(state.out),
            (std::vector<std::string>{"spire-agent 1.9.6 spire/Chart.yaml:4:13 ",
                                      "spire-server 1.9.6 spire/Chart.yaml:4:13 "}))
      << state.out;
  repo.Git("checkout -q -b bump");
  repo.Write("spire/Chart.yaml",
             "apiVersion: v2\nname: spire\nversion: 0.2.0\nappVersion: 1.10.0\n");
  repo.Commit("spire 1.10.0");
  RunResult r = Check();
  EXPECT_EQ(Changes(r.out),
            (std::vector<std::string>{"spire-agent  spire/Chart.yaml minor 1.9.6 -> 1.10.0",
                                      "spire-server  spire/Chart.yaml minor 1.9.6 -> 1.10.0"}))
      << r.out;
}

// ---------------------------------------------------------------------------
// Kustomize patches in an overlay.

constexpr const char* kFluxConfig =
    "version: 1\n"
    "scopes:\n"
    "  - '^apps/(?P<scope>staging|production)/'\n"
    "components:\n"
    "  - name: podinfo\n"
    "    locators:\n"
    "      - chart: '^podinfo$'\n"
    "  - name: podinfo-image\n"
    "    locators:\n"
    "      - image: '(^|/)stefanprodan/podinfo$'\n"
    "policies:\n"
    "  - rule: minor-jump\n"
    "    component: [podinfo, podinfo-image]\n"
    "    max: 1\n"
    "rules:\n"
    "  image-digest: off\n";

// The HelmRelease of the base, at chart version `version` (line 9, column
// 16); its values' image tag on line 15, column 12.
std::string BaseRelease(const std::string& version) {
  return "apiVersion: helm.toolkit.fluxcd.io/v2\n"  // 1
         "kind: HelmRelease\n"                      // 2
         "metadata:\n"                              // 3
         "  name: podinfo\n"                        // 4
         "  namespace: podinfo\n"                   // 5
         "spec:\n"                                  // 6
         "  chart:\n"                               // 7
         "    spec:\n"                              // 8
         "      version: \"" +                      // 9
         version +
         "\"\n"
         "      chart: podinfo\n"
         "      sourceRef: {kind: HelmRepository, name: podinfo}\n"
         "  values:\n"
         "    image:\n"
         "      repository: ghcr.io/stefanprodan/podinfo\n"
         "      tag: 6.5.0\n";
}

// A patch of the HelmRelease: its chart version on line 9, column 16, and
// the values' image tag, when given, on line 12, column 14.
std::string ReleasePatch(const std::string& version, const std::string& tag = "") {
  return "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: podinfo\n"
         "  namespace: podinfo\n"
         "spec:\n"
         "  chart:\n"
         "    spec:\n"
         "      version: \"" +
         version + "\"\n" + (tag.empty() ? "" : "  values:\n    image:\n      tag: " + tag + "\n");
}

class KustomizePatches : public Overlays {
 protected:
  void SetUp() override {
    repo.Write(".skewlint.yaml", kFluxConfig);
    repo.Write("apps/base/podinfo/kustomization.yaml", "resources: [release.yaml]\n");
    repo.Write("apps/base/podinfo/release.yaml", BaseRelease("6.5.0"));
  }

  void Overlay(const std::string& scope, const std::string& patches) {
    repo.Write("apps/" + scope + "/kustomization.yaml",
               "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
               "resources:\n  - ../base/podinfo\n" +
                   patches);
  }
};

// The layout of Flux's own example: `patches:` with a file and a target.
TEST_F(KustomizePatches, APatchFileThatBumpsTheChartIsAMoveInItsOverlay) {
  Overlay("staging",
          "patches:\n  - path: podinfo-values.yaml\n    target:\n      kind: HelmRelease\n");
  Overlay("production", "");
  repo.Write("apps/staging/podinfo-values.yaml", ReleasePatch("6.5.0"));
  repo.Commit("base");
  EXPECT_EQ(Instances(State().out),
            (std::vector<std::string>{
                "podinfo 6.5.0 apps/base/podinfo/release.yaml:9:16 production",
                "podinfo-image 6.5.0 apps/base/podinfo/release.yaml:15:12 production",
                "podinfo 6.5.0 apps/staging/podinfo-values.yaml:9:16 staging",
                "podinfo-image 6.5.0 apps/base/podinfo/release.yaml:15:12 staging"}));
  repo.Git("checkout -q -b bump");
  repo.Write("apps/staging/podinfo-values.yaml", ReleasePatch("6.7.0", "6.7.0"));
  repo.Commit("staging: podinfo 6.7.0");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Changes(r.out),
            (std::vector<std::string>{
                "podinfo staging apps/staging/podinfo-values.yaml minor 6.5.0 -> 6.7.0",
                "podinfo-image staging apps/staging/podinfo-values.yaml minor 6.5.0 -> 6.7.0"}));
  EXPECT_EQ(FindingsIn(r.out, true),
            (std::vector<std::string>{
                "minor-jump apps/staging/podinfo-values.yaml:9:16 podinfo jumps from 6.5.0 to "
                "6.7.0 in one change in scope staging (2 minors; at most 1 minor per upgrade is "
                "supported); upgrade to 6.6 first",
                "minor-jump apps/staging/podinfo-values.yaml:12:12 podinfo-image jumps from 6.5.0 "
                "to 6.7.0 in one change in scope staging (2 minors; at most 1 minor per upgrade "
                "is supported); upgrade to 6.6 first"}));
}

// The change adds the patch file with the entry that applies it; a patch
// of another release, or of another kind, moves nothing.
TEST_F(KustomizePatches, APatchAddedByTheChangeMovesTheBaseItTargets) {
  Overlay("staging", "");
  repo.Commit("base");
  repo.Git("checkout -q -b bump");
  Overlay("staging",
          "patches:\n"
          "  - path: podinfo-values.yaml\n"
          "  - path: other-values.yaml\n"
          "  - path: podinfo-values.yaml\n"
          "    target: {kind: Deployment}\n");
  repo.Write("apps/staging/podinfo-values.yaml", ReleasePatch("6.7.0"));
  std::string other = ReleasePatch("9.9.9");
  other.replace(other.find("name: podinfo"), 13, "name: other");
  repo.Write("apps/staging/other-values.yaml", other);
  repo.Commit("staging: podinfo 6.7.0");
  RunResult r = Check();
  EXPECT_EQ(Changes(r.out),
            std::vector<std::string>{
                "podinfo staging apps/staging/podinfo-values.yaml minor 6.5.0 -> 6.7.0"});
  EXPECT_EQ(FindingsIn(r.out, true),
            std::vector<std::string>{
                "minor-jump apps/staging/podinfo-values.yaml:9:16 podinfo jumps from 6.5.0 to "
                "6.7.0 in one change in scope staging (2 minors; at most 1 minor per upgrade is "
                "supported); upgrade to 6.6 first"});
}

// The layout of the environment-promotion example: a Deployment patch file
// sets the image; the overlay runs that image only, not the base's too.
TEST_F(KustomizePatches, ADeploymentPatchReplacesTheBaseImage) {
  std::filesystem::remove(repo.path() / "apps/base/podinfo/release.yaml");
  repo.Write("apps/base/podinfo/kustomization.yaml", "resources: [deployment.yaml]\n");
  repo.Write("apps/base/podinfo/deployment.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: podinfo}\nspec:\n"
             "  template:\n    spec:\n      containers:\n"
             "        - {name: sidecar, image: busybox:1.36}\n"
             "        - name: podinfo\n          image: ghcr.io/stefanprodan/podinfo:6.5.0\n");
  Overlay("staging", "patchesStrategicMerge:\n  - version.yaml\n");
  repo.Write("apps/staging/version.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: podinfo}\nspec:\n"
             "  template:\n    spec:\n      containers:\n"
             "        - name: podinfo\n          image: ghcr.io/stefanprodan/podinfo:6.6.0\n");
  repo.Commit("base");
  EXPECT_EQ(Instances(State().out),
            std::vector<std::string>{"podinfo-image 6.6.0 apps/staging/version.yaml:9:18 staging"});
}

// An Argo CD Application's chart revision, patched by an overlay.
TEST_F(KustomizePatches, AnApplicationPatchMovesItsChartRevision) {
  std::filesystem::remove(repo.path() / "apps/base/podinfo/release.yaml");
  repo.Write("apps/base/podinfo/kustomization.yaml", "resources: [application.yaml]\n");
  repo.Write("apps/base/podinfo/application.yaml",
             "apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
             "metadata: {name: podinfo, namespace: argocd}\nspec:\n  source:\n"
             "    repoURL: https://stefanprodan.github.io/podinfo\n    chart: podinfo\n"
             "    targetRevision: 6.5.0\n");
  Overlay("staging", "patches:\n  - path: revision.yaml\n");
  repo.Write("apps/staging/revision.yaml",
             "apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
             "metadata: {name: podinfo, namespace: argocd}\nspec:\n  source:\n"
             "    targetRevision: 6.6.0\n");
  repo.Commit("base");
  EXPECT_EQ(Instances(State().out),
            std::vector<std::string>{"podinfo 6.6.0 apps/staging/revision.yaml:6:21 staging"});
}

// Two patches of one overlay write the chart version and the image tag: the
// later one wins, as in kustomize.
TEST_F(KustomizePatches, TheLastPatchOfAnOverlayWins) {
  Overlay("staging", "patches:\n  - path: first.yaml\n  - path: second.yaml\n");
  repo.Write("apps/staging/first.yaml", ReleasePatch("6.6.0", "6.6.0"));
  repo.Write("apps/staging/second.yaml", ReleasePatch("6.7.0", "6.7.0"));
  repo.Commit("base");
  EXPECT_EQ(
      Instances(State().out),
      (std::vector<std::string>{"podinfo 6.7.0 apps/staging/second.yaml:9:16 staging",
                                "podinfo-image 6.7.0 apps/staging/second.yaml:12:12 staging"}));
}

// A Flux Kustomization's spec.patches patch what that object builds, not
// what another Kustomization of the same file builds.
TEST_F(KustomizePatches, AFluxKustomizationPatchesOnlyWhatItBuilds) {
  std::string other = BaseRelease("6.5.0");
  other.replace(other.find("name: podinfo"), 13, "name: other");
  repo.Write("apps/other/release.yaml", other);
  repo.Write("clusters/lab/apps.yaml",
             "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
             "kind: Kustomization\n"
             "metadata: {name: podinfo, namespace: flux-system}\n"
             "spec:\n"
             "  path: ./apps/base/podinfo\n"
             "  patches:\n"
             "    - target: {kind: HelmRelease}\n"
             "      patch: |\n"
             "        - op: replace\n"
             "          path: /spec/chart/spec/version\n"
             "          value: 6.6.0\n"
             "---\n"
             "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
             "kind: Kustomization\n"
             "metadata: {name: other, namespace: flux-system}\n"
             "spec:\n"
             "  path: ./apps/other\n");
  repo.Commit("base");
  EXPECT_EQ(
      Instances(State().out),
      (std::vector<std::string>{"podinfo 6.5.0 apps/other/release.yaml:9:16 lab",
                                "podinfo 6.6.0 clusters/lab/apps.yaml:11:18 lab",
                                "podinfo-image 6.5.0 apps/base/podinfo/release.yaml:15:12 lab",
                                "podinfo-image 6.5.0 apps/other/release.yaml:15:12 lab"}));
}

// Inline patches: a JSON 6902 operation on the chart version, and a
// strategic merge patch of the values (patchesStrategicMerge).
TEST_F(KustomizePatches, InlinePatchesMoveTheChartAndTheImage) {
  Overlay("staging", "");
  Overlay("production",
          "patches:\n"  // 5
          "  - target: {kind: HelmRelease, name: podinfo}\n"
          "    patch: |-\n"  // 7
          "      - op: replace\n"
          "        path: /spec/chart/spec/version\n"
          "        value: 6.6.0\n"  // 10
          "patchesStrategicMerge:\n"
          "  - |-\n"  // 12
          "    apiVersion: helm.toolkit.fluxcd.io/v2\n"
          "    kind: HelmRelease\n"
          "    metadata: {name: podinfo, namespace: podinfo}\n"
          "    spec:\n"
          "      values:\n"
          "        image: {tag: 6.6.1}\n");  // 18
  repo.Commit("base");
  EXPECT_EQ(Instances(State().out),
            (std::vector<std::string>{
                "podinfo 6.6.0 apps/production/kustomization.yaml:10:16 production",
                "podinfo-image 6.6.1 apps/production/kustomization.yaml:18:22 production",
                "podinfo 6.5.0 apps/base/podinfo/release.yaml:9:16 staging",
                "podinfo-image 6.5.0 apps/base/podinfo/release.yaml:15:12 staging"}));
}

}  // namespace
}  // namespace skewlint::testing
