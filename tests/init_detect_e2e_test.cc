// End-to-end: `skewlint init --detect` on a repository that runs none of
// the presets' vendors, then `check`; and the note of a run that tracks
// nothing.

#include <gtest/gtest.h>

#include "linter/yaml_tree.h"
#include "tests/integration_util.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

std::string Web(const std::string& version) {
  return "apiVersion: apps/v1\n"
         "kind: Deployment\n"
         "metadata:\n"
         "  name: web\n"
         "spec:\n"
         "  template:\n"
         "    spec:\n"
         "      containers:\n"
         "        - name: web\n"
         "          image: ghcr.io/acme/web:" +
         version +
         "\n"
         "        - name: proxy\n"
         "          image: "
         "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n";
}

std::string Release(const std::string& name, const std::string& chart, const std::string& version) {
  return "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: " +
         name +
         "\n"
         "spec:\n"
         "  chart:\n"
         "    spec:\n"
         "      chart: " +
         chart +
         "\n"
         "      version: " +
         version + "\n";
}

constexpr char kWidgetCrd[] =
    "apiVersion: apiextensions.k8s.io/v1\n"
    "kind: CustomResourceDefinition\n"
    "metadata:\n"
    "  name: widgets.widgets.acme.io\n"
    "  labels:\n"
    "    app.kubernetes.io/version: \"0.3.0\"\n"
    "spec:\n"
    "  group: widgets.acme.io\n"
    "  names:\n"
    "    kind: Widget\n"
    "    plural: widgets\n"
    "  scope: Namespaced\n"
    "  versions:\n"
    "    - name: v1\n"
    "      served: true\n"
    "      storage: true\n";

class InitDetect : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.Write("clusters/prod/web.yaml", Web("1.4.2"));
    repo.Write("clusters/staging/web.yaml", Web("1.5.0"));
    repo.Write("clusters/prod/ingress.yaml", Release("ingress", "ingress-nginx", "4.11.0"));
    repo.Write("clusters/prod/widgets.yaml", Release("widgets", "widget-operator", "0.3.0"));
    repo.Write("clusters/prod/widget-crd.yaml", kWidgetCrd);
    repo.Commit("an application, an ingress and an operator");
  }
  TempRepo repo;
};

constexpr char kNote[] =
    "note: no tracked component found: no image, chart, field or CRD matches a locator of the "
    "config or the presets, so nothing is checked; `skewlint init --detect` lists what the "
    "repository holds and writes a .skewlint.yaml that tracks it\n";

TEST_F(InitDetect, StateAndCheckSayWhenNothingIsTracked) {
  RunResult state = RunSkewlint(repo.root(), "state");
  EXPECT_EQ(state.exit_code, 0);
  EXPECT_EQ(state.out.substr(0, state.out.find('\n') + 1), kNote);
  EXPECT_NE(state.out.find("\n0 instances at "), std::string::npos) << state.out;
  repo.Git("checkout -q -b change");
  repo.Write("clusters/prod/web.yaml", Web("1.5.0"));
  repo.Commit("web to 1.5.0");
  RunResult check = RunSkewlint(repo.root(), "check -q --base main --no-color");
  EXPECT_EQ(check.exit_code, 0);
  EXPECT_NE(check.out.find(kNote), std::string::npos) << check.out;
}

TEST_F(InitDetect, WritesAConfigThatTracksWhatNoPresetDoes) {
  RunResult init = RunSkewlint(repo.root(), "init --detect", true);
  ASSERT_EQ(init.exit_code, 0) << init.out;
  EXPECT_EQ(init.out,
            "image ghcr.io/acme/web 1.4.2, 1.5.0 [scope prod, scope staging] at "
            "clusters/prod/web.yaml:10:18: component web\n"
            "image nginx unversioned [scope prod, scope staging] at clusters/prod/web.yaml:12:18: "
            "left out: no version to check\n"
            "chart ingress-nginx 4.11.0 [scope prod] at clusters/prod/ingress.yaml:9:16: "
            "component ingress-nginx-chart\n"
            "chart widget-operator 0.3.0 [scope prod] at clusters/prod/widgets.yaml:9:16: "
            "component widget-operator-chart\n"
            "crd widgets.acme.io 0.3.0 [scope prod] at clusters/prod/widget-crd.yaml:6:32: "
            "component widgets-crds\n"
            "wrote .skewlint.yaml\n");
  EXPECT_EQ(ReadFile(repo.path() / ".skewlint.yaml"),
            "# skewlint configuration written by `skewlint init --detect`; `skewlint explain "
            "RULE`\n"
            "# documents each rule. Components cover what the built-in presets do not track.\n"
            "version: 1\n"
            "presets: []   # no built-in preset's vendor runs here\n"
            "components:\n"
            "  # ghcr.io/acme/web: 1.4.2, 1.5.0 [scope prod, scope staging]\n"
            "  - name: web\n"
            "    locators:\n"
            "      - image: 'ghcr\\.io/acme/web'\n"
            "  # ingress-nginx: 4.11.0 [scope prod]\n"
            "  - name: ingress-nginx-chart\n"
            "    locators:\n"
            "      - chart: '^ingress-nginx$'\n"
            "  # widget-operator: 0.3.0 [scope prod]\n"
            "  - name: widget-operator-chart\n"
            "    locators:\n"
            "      - chart: '^widget-operator$'\n"
            "  # widgets.acme.io: 0.3.0 [scope prod]\n"
            "  - name: widgets-crds\n"
            "    locators:\n"
            "      - crd: '^widgets\\.acme\\.io$'\n"
            "# Suggested policies: uncomment those your vendors' upgrade notes support.\n"
            "# policies:\n"
            "#   - rule: minor-jump\n"
            "#     id: web-one-minor-per-upgrade\n"
            "#     component: web\n"
            "#     max: 1\n"
            "#   - rule: minor-jump\n"
            "#     id: ingress-nginx-chart-one-minor-per-upgrade\n"
            "#     component: ingress-nginx-chart\n"
            "#     max: 1\n"
            "#   - rule: minor-jump\n"
            "#     id: widget-operator-chart-one-minor-per-upgrade\n"
            "#     component: widget-operator-chart\n"
            "#     max: 1\n"
            "#   - rule: minor-jump\n"
            "#     id: widgets-crds-one-minor-per-upgrade\n"
            "#     component: widgets-crds\n"
            "#     max: 1\n"
            "#   # widget-operator looks like the operator of the widgets.acme.io CRDs: CRDs "
            "first\n"
            "#   - rule: upgrade-order\n"
            "#     id: widgets-crds-before-widget-operator-chart\n"
            "#     first: [widgets-crds]\n"
            "#     then: widget-operator-chart\n"
            "#     granularity: minor\n");

  // The config loads, tracks the application, and the next change is checked.
  repo.Commit("config");
  RunResult state = RunSkewlint(repo.root(), "state");
  EXPECT_EQ(state.exit_code, 0);
  EXPECT_EQ(state.out.find("note:"), std::string::npos) << state.out;
  EXPECT_NE(state.out.find("clusters/prod/web.yaml:10:18: web 1.4.2"), std::string::npos)
      << state.out;
  repo.Git("checkout -q -b change");
  repo.Write("clusters/prod/web.yaml", Web("1.5.0"));
  repo.Commit("web to 1.5.0");
  RunResult check = RunSkewlint(repo.root(), "check --format json --base main", true);
  EXPECT_EQ(check.exit_code, 0) << check.out;
  YamlNodePtr json = ParseJson(check.out);
  const YamlNode* changes = json->Get("changes");
  ASSERT_TRUE(changes && changes->items.size() == 1u) << check.out;
  EXPECT_EQ(changes->items[0]->ScalarAt("component"), "web");
  EXPECT_EQ(changes->items[0]->ScalarAt("from"), "1.4.2");
  EXPECT_EQ(changes->items[0]->ScalarAt("to"), "1.5.0");
}

TEST_F(InitDetect, NamesThePresetsThatApplyAndLeavesTheirComponentsToThem) {
  repo.Write("clusters/prod/spire.yaml", SpireServer("1.9.6"));
  repo.Commit("a spire server");
  RunResult init = RunSkewlint(repo.root(), "init --detect -o -", true);
  ASSERT_EQ(init.exit_code, 0) << init.out;
  EXPECT_NE(init.out.find("presets: [spire]   # the built-in presets whose vendors run here\n"),
            std::string::npos)
      << init.out;
  EXPECT_EQ(init.out.find("spire-server'"), std::string::npos) << init.out;
  RunResult listing = RunSkewlint(repo.root(), "init --detect -o /dev/null --force");
  EXPECT_NE(
      listing.out.find("image ghcr.io/spiffe/spire-server 1.9.6 [scope prod] at "
                       "clusters/prod/spire.yaml:11:18: tracked by a preset (spire-server)\n"),
      std::string::npos)
      << listing.out;
}

// A home-lab on Talos with Rook: the three presets that cover it, and
// nothing left over for components of their own.
TEST_F(InitDetect, SuggestsTalosRookAndKubernetesForAHomeLab) {
  repo.Write("talos/worker.yaml",
             "version: v1alpha1\nmachine:\n  type: worker\n  install:\n"
             "    image: ghcr.io/siderolabs/installer:v1.9.2\n  kubelet:\n"
             "    image: ghcr.io/siderolabs/kubelet:v1.32.0\n");
  repo.Write("clusters/prod/rook.yaml", Release("rook-ceph", "rook-ceph", "v1.16.4"));
  repo.Write("clusters/prod/ceph.yaml",
             "apiVersion: ceph.rook.io/v1\nkind: CephCluster\nmetadata:\n  name: ceph\nspec:\n"
             "  cephVersion:\n    image: quay.io/ceph/ceph:v19.2.1\n");
  repo.Commit("talos and rook");
  RunResult init = RunSkewlint(repo.root(), "init --detect -o -", true);
  ASSERT_EQ(init.exit_code, 0) << init.out;
  EXPECT_NE(init.out.find("presets: [kubernetes, rook-ceph, talos]   # the built-in presets whose "
                          "vendors run here\n"),
            std::string::npos)
      << init.out;
  for (const char* image : {"siderolabs/installer'", "ceph/ceph'", "chart: '^rook-ceph$'"}) {
    EXPECT_EQ(init.out.find(image), std::string::npos) << image << "\n" << init.out;
  }
}

// The API server image is in the talos preset too, but a kubeadm cluster's
// static pods and k3s upgrade plans are no Talos: only `kubernetes` applies.
TEST_F(InitDetect, KubeadmAndK3sAreNotTakenForTalos) {
  repo.Write("nodes/cp-1/kube-apiserver.yaml",
             "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n"
             "  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n"
             "      image: registry.k8s.io/kube-apiserver:v1.30.4\n");
  repo.Commit("a static pod");
  RunResult init = RunSkewlint(repo.root(), "init --detect -o -", true);
  ASSERT_EQ(init.exit_code, 0) << init.out;
  EXPECT_NE(init.out.find("presets: [kubernetes]   # "), std::string::npos) << init.out;
  repo.Write("clusters/home/plans.yaml",
             "apiVersion: upgrade.cattle.io/v1\nkind: Plan\nmetadata:\n  name: k3s-server\n"
             "spec:\n  version: v1.30.4+k3s1\n---\n"
             "apiVersion: upgrade.cattle.io/v1\nkind: Plan\nmetadata:\n  name: k3s-agent\n"
             "spec:\n  version: v1.30.4+k3s1\n");
  repo.Commit("k3s plans");
  init = RunSkewlint(repo.root(), "init --detect -o -", true);
  ASSERT_EQ(init.exit_code, 0) << init.out;
  EXPECT_NE(init.out.find("presets: [kubernetes]   # "), std::string::npos) << init.out;
}

}  // namespace
}  // namespace skewlint::testing
