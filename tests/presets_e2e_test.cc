// End-to-end: the vendor presets beyond the seeds (kubernetes, cert-manager,
// istio, talos, rook-ceph) on realistic repository layouts, with no config
// (every preset applies) unless a test says otherwise.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "linter/yaml_tree.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

// "policy path:line" of every finding and of every finding it stands for
// (`related`), sorted and without repeats; image-digest notices (a bump by
// tag) are left out, as they are no preset's.
std::vector<std::string> Policies(const std::string& json) {
  ParsedYaml parsed = ParseYaml(json);
  EXPECT_TRUE(parsed.problems.empty() && !parsed.documents.empty()) << json;
  std::set<std::string> out;
  if (parsed.documents.empty()) return {};
  const YamlNode* findings = parsed.documents[0].root->Get("findings");
  for (const auto& f : findings ? findings->items : std::vector<YamlNodePtr>{}) {
    std::string where =
        " " + std::string(f->ScalarAt("path")) + ":" + std::string(f->ScalarAt("line"));
    std::string policy(f->ScalarAt("policy"));
    if (f->ScalarAt("rule") == "image-digest") continue;
    out.insert((policy.empty() ? std::string(f->ScalarAt("rule")) : policy) + where);
    const YamlNode* related = f->Get("related");
    for (const auto& r :
         related && related->IsSequence() ? related->items : std::vector<YamlNodePtr>{}) {
      std::string p(r->ScalarAt("policy"));
      out.insert((p.empty() ? std::string(r->ScalarAt("rule")) : p) + where);
    }
  }
  return {out.begin(), out.end()};
}

using Want = std::vector<std::string>;

class PresetRepo : public ::testing::Test {
 protected:
  // Checks the branch against main; every built-in preset applies unless the
  // repository has a config.
  RunResult Check() {
    return RunSkewlint(repo.root(), "check --format json --base main --fail-on error", true);
  }
  void Branch() { repo.Git("checkout -q -b change"); }

  TempRepo repo;
};

// --- kubernetes: Cluster API ---------------------------------------------

std::string CapiCluster(const std::string& control_plane, const std::string& md0,
                        const std::string& md1) {
  return "apiVersion: cluster.x-k8s.io/v1beta1\n"
         "kind: Cluster\n"
         "metadata:\n"
         "  name: prod\n"
         "spec:\n"
         "  controlPlaneRef:\n"
         "    apiVersion: controlplane.cluster.x-k8s.io/v1beta1\n"
         "    kind: KubeadmControlPlane\n"
         "    name: prod-control-plane\n"
         "---\n"
         "apiVersion: controlplane.cluster.x-k8s.io/v1beta1\n"
         "kind: KubeadmControlPlane\n"
         "metadata:\n"
         "  name: prod-control-plane\n"
         "spec:\n"
         "  replicas: 3\n"
         "  version: " +
         control_plane +
         "\n"  // line 17
         "---\n"
         "apiVersion: cluster.x-k8s.io/v1beta1\n"
         "kind: MachineDeployment\n"
         "metadata:\n"
         "  name: prod-md-0\n"
         "spec:\n"
         "  clusterName: prod\n"
         "  replicas: 3\n"
         "  template:\n"
         "    spec:\n"
         "      clusterName: prod\n"
         "      version: " +
         md0 +
         "\n"  // line 29
         "---\n"
         "apiVersion: cluster.x-k8s.io/v1beta1\n"
         "kind: MachineDeployment\n"
         "metadata:\n"
         "  name: prod-md-gpu\n"
         "spec:\n"
         "  clusterName: prod\n"
         "  template:\n"
         "    spec:\n"
         "      clusterName: prod\n"
         "      version: " +
         md1 + "\n";  // line 40
}

constexpr char kCapi[] = "clusters/prod/cluster.yaml";

class ClusterApi : public PresetRepo {
 protected:
  void SetUp() override {
    repo.Write(kCapi, CapiCluster("v1.29.4", "v1.29.4", "v1.28.9"));
    repo.Commit("prod at 1.29");
    Branch();
  }
};

TEST_F(ClusterApi, StateFindsTheControlPlaneAndBothMachineDeployments) {
  RunResult r = RunSkewlint(repo.root(), "state", true);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("clusters/prod/cluster.yaml:17:12: kube-apiserver 1.29.4"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("clusters/prod/cluster.yaml:29:16: kubelet 1.29.4"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("clusters/prod/cluster.yaml:40:16: kubelet 1.28.9"), std::string::npos)
      << r.out;
}

TEST_F(ClusterApi, ControlPlaneFirstThenWorkersIsClean) {
  repo.Write(kCapi, CapiCluster("v1.30.1", "v1.29.4", "v1.28.9"));
  repo.Commit("control plane to 1.30");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
  repo.Write(kCapi, CapiCluster("v1.30.1", "v1.30.1", "v1.30.1"));
  repo.Commit("workers to 1.30");
  repo.Git("checkout -q main");
  repo.Git("merge -q --ff-only change~1");
  repo.Git("checkout -q change");
  r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

// Cluster API's spec.version is a Kubernetes version, not an image tag:
// image-digest has nothing to say about it.
TEST_F(ClusterApi, VersionFieldsAreNoImages) {
  repo.Write(kCapi, CapiCluster("v1.30.1", "v1.29.4", "v1.28.9"));
  repo.Commit("control plane to 1.30");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{});
}

TEST_F(ClusterApi, WorkersBeforeTheControlPlaneAreAnError) {
  repo.Write(kCapi, CapiCluster("v1.29.4", "v1.30.1", "v1.28.9"));
  repo.Commit("md-0 to 1.30");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"kubelet-not-newer-than-apiserver clusters/prod/cluster.yaml:29"}));
}

TEST_F(ClusterApi, ControlPlaneSkippingAMinorIsAnError) {
  repo.Write(kCapi, CapiCluster("v1.31.0", "v1.29.4", "v1.29.4"));
  repo.Commit("control plane to 1.31");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"kube-apiserver-one-minor-per-upgrade clusters/prod/cluster.yaml:17"}));
}

TEST_F(ClusterApi, KubeletsFourMinorsBehindAreAnError) {
  repo.Write(kCapi, CapiCluster("v1.29.4", "v1.29.4", "v1.26.15"));
  repo.Commit("a gpu pool pinned at 1.26");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;  // three minors: allowed
  EXPECT_EQ(Policies(r.out), Want{});
  repo.Write(kCapi, CapiCluster("v1.29.4", "v1.29.4", "v1.25.16"));
  repo.Commit("a gpu pool pinned at 1.25");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"kubelet-at-most-three-minors-older clusters/prod/cluster.yaml:40"}));
}

// kubeadm's ClusterConfiguration and a ClusterClass-based Cluster carry the
// control plane's version; a topology Cluster moving two minors is an error.
TEST_F(PresetRepo, KubeadmAndTopologyVersionsAreTheControlPlane) {
  repo.Write("clusters/lab/kubeadm.yaml",
             "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n---\n"
             "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
             "kubernetesVersion: v1.29.4\n");
  std::string topology =
      "apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: edge\nspec:\n"
      "  topology:\n    class: quick-start\n    version: ";
  repo.Write("clusters/edge/cluster.yaml", topology + "v1.29.4\n");
  repo.Commit("kubeadm and a topology cluster");
  RunResult state = RunSkewlint(repo.root(), "state", true);
  EXPECT_NE(state.out.find("clusters/lab/kubeadm.yaml:6:20: kube-apiserver 1.29.4"),
            std::string::npos)
      << state.out;
  EXPECT_NE(state.out.find("clusters/edge/cluster.yaml:8:14: kube-apiserver 1.29.4"),
            std::string::npos)
      << state.out;
  Branch();
  repo.Write("clusters/edge/cluster.yaml", topology + "v1.31.0\n");
  repo.Commit("edge to 1.31");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"kube-apiserver-one-minor-per-upgrade clusters/edge/cluster.yaml:8"}));
}

// A CNPG `Cluster` (another API group) is no Cluster API cluster.
TEST_F(PresetRepo, AnotherGroupsClusterIsNotAKubernetesVersion) {
  std::string pg =
      "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: db\n"
      "spec:\n  topology:\n    version: v1.10.0\n";
  repo.Write("apps/db.yaml", pg);
  repo.Commit("db");
  RunResult r = RunSkewlint(repo.root(), "state", true);
  EXPECT_EQ(r.out.find("kube-apiserver"), std::string::npos) << r.out;
}

// --- kubernetes: Talos machine configs -----------------------------------

std::string TalosControlPlane(const std::string& talos, const std::string& k8s) {
  return "version: v1alpha1\n"
         "machine:\n"
         "  type: controlplane\n"
         "  install:\n"
         "    image: ghcr.io/siderolabs/installer:" +
         talos +
         "\n"  // line 5
         "  kubelet:\n"
         "    image: ghcr.io/siderolabs/kubelet:" +
         k8s +
         "\n"  // line 7
         "cluster:\n"
         "  apiServer:\n"
         "    image: registry.k8s.io/kube-apiserver:" +
         k8s +
         "\n"  // line 10
         "  controllerManager:\n"
         "    image: registry.k8s.io/kube-controller-manager:" +
         k8s +
         "\n"
         "  scheduler:\n"
         "    image: registry.k8s.io/kube-scheduler:" +
         k8s +
         "\n"
         "  proxy:\n"
         "    image: registry.k8s.io/kube-proxy:" +
         k8s + "\n";  // line 16
}

std::string TalosWorker(const std::string& talos, const std::string& k8s) {
  return "version: v1alpha1\n"
         "machine:\n"
         "  type: worker\n"
         "  install:\n"
         "    image: ghcr.io/siderolabs/installer:" +
         talos +
         "\n"
         "  kubelet:\n"
         "    image: ghcr.io/siderolabs/kubelet:" +
         k8s + "\n";  // line 7
}

class Talos : public PresetRepo {
 protected:
  void SetUp() override {
    repo.Write("talos/controlplane.yaml", TalosControlPlane("v1.7.5", "v1.30.2"));
    repo.Write("talos/worker.yaml", TalosWorker("v1.7.5", "v1.30.2"));
    repo.Commit("talos 1.7 with kubernetes 1.30");
    Branch();
  }
};

TEST_F(Talos, KubeletNewerThanTheApiServerIsAnError) {
  repo.Write("talos/worker.yaml", TalosWorker("v1.7.5", "v1.31.0"));
  repo.Commit("workers to kubernetes 1.31");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out), (Want{"kubelet-not-newer-than-apiserver talos/worker.yaml:7"}));
}

TEST_F(Talos, ThePatchOfAWholeClusterIsClean) {
  repo.Write("talos/controlplane.yaml", TalosControlPlane("v1.7.6", "v1.30.3"));
  repo.Write("talos/worker.yaml", TalosWorker("v1.7.6", "v1.30.3"));
  repo.Commit("patches");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

// talosctl upgrade-k8s orders the rollout itself: Talos and Kubernetes
// moving a minor in one change, every component together, is clean.
TEST_F(Talos, TheWholeClusterToTheNextMinorInOneChangeIsClean) {
  repo.Write("talos/controlplane.yaml", TalosControlPlane("v1.8.2", "v1.31.1"));
  repo.Write("talos/worker.yaml", TalosWorker("v1.8.2", "v1.31.1"));
  repo.Commit("talos 1.8, kubernetes 1.31");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

TEST_F(Talos, ControllerManagerOlderThanOneMinorIsAnError) {
  std::string cp = TalosControlPlane("v1.7.5", "v1.30.2");
  std::string old = "kube-controller-manager:v1.30.2";
  cp.replace(cp.find(old), old.size(), "kube-controller-manager:v1.28.0");
  repo.Write("talos/controlplane.yaml", cp);
  repo.Commit("pin the controller manager");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"controller-manager-at-most-one-minor-older talos/controlplane.yaml:12"}));
}

// --- kubernetes: HA control planes in static manifests -------------------

std::string StaticApiServer(const std::string& version) {
  return "apiVersion: v1\n"
         "kind: Pod\n"
         "metadata:\n"
         "  name: kube-apiserver\n"
         "  namespace: kube-system\n"
         "spec:\n"
         "  containers:\n"
         "    - name: kube-apiserver\n"
         "      image: registry.k8s.io/kube-apiserver:" +
         version + "\n";  // line 9
}

TEST_F(PresetRepo, HaApiServersMoreThanOneMinorApartAreAnError) {
  repo.Write("nodes/cp-1/kube-apiserver.yaml", StaticApiServer("v1.29.4"));
  repo.Write("nodes/cp-2/kube-apiserver.yaml", StaticApiServer("v1.29.4"));
  repo.Commit("two api servers");
  Branch();
  repo.Write("nodes/cp-1/kube-apiserver.yaml", StaticApiServer("v1.30.0"));
  repo.Commit("cp-1 to 1.30");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
  repo.Git("checkout -q main");
  repo.Git("merge -q --ff-only change");
  repo.Git("checkout -q change");
  repo.Write("nodes/cp-1/kube-apiserver.yaml", StaticApiServer("v1.31.0"));
  repo.Commit("cp-1 to 1.31");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"kube-apiservers-within-one-minor nodes/cp-1/kube-apiserver.yaml:9"}));
}

// --- cert-manager ----------------------------------------------------------

std::string CertManagerRelease(const std::string& version, bool crds) {
  return "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: cert-manager\n"
         "  namespace: cert-manager\n"
         "spec:\n"
         "  chart:\n"
         "    spec:\n"
         "      chart: cert-manager\n"
         "      version: " +
         version +
         "\n"  // line 10
         "      sourceRef:\n"
         "        kind: HelmRepository\n"
         "        name: jetstack\n"
         "  values:\n"
         "    crds:\n"
         "      enabled: " +
         (crds ? "true" : "false") + "\n";
}

std::string CertManagerCrd(const std::string& version) {
  return "apiVersion: apiextensions.k8s.io/v1\n"
         "kind: CustomResourceDefinition\n"
         "metadata:\n"
         "  name: certificates.cert-manager.io\n"
         "  labels:\n"
         "    app.kubernetes.io/name: cert-manager\n"
         "    app.kubernetes.io/version: \"" +
         version +
         "\"\n"  // line 7
         "spec:\n"
         "  group: cert-manager.io\n"
         "  names:\n"
         "    kind: Certificate\n"
         "    plural: certificates\n"
         "  scope: Namespaced\n"
         "  versions:\n"
         "    - name: v1\n"
         "      served: true\n"
         "      storage: true\n"
         "      schema:\n"
         "        openAPIV3Schema:\n"
         "          type: object\n";
}

TEST_F(PresetRepo, CertManagerOneMinorAtATime) {
  repo.Write("infra/cert-manager/release.yaml", CertManagerRelease("v1.14.4", true));
  repo.Commit("cert-manager 1.14");
  Branch();
  repo.Write("infra/cert-manager/release.yaml", CertManagerRelease("v1.15.3", true));
  repo.Commit("cert-manager 1.15");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
  repo.Write("infra/cert-manager/release.yaml", CertManagerRelease("v1.16.1", true));
  repo.Commit("cert-manager 1.16");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"cert-manager-one-minor-per-upgrade infra/cert-manager/release.yaml:10"}));
}

TEST_F(PresetRepo, CertManagerCrdsBehindTheControllerAreAnError) {
  repo.Write("infra/cert-manager/crds.yaml", CertManagerCrd("v1.14.4"));
  repo.Write("infra/cert-manager/release.yaml", CertManagerRelease("v1.14.4", false));
  repo.Commit("cert-manager 1.14, CRDs applied on their own");
  Branch();
  repo.Write("infra/cert-manager/release.yaml", CertManagerRelease("v1.14.5", false));
  repo.Commit("controller to 1.14.5 without its CRDs");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"cert-manager-crds-not-behind-controller infra/cert-manager/release.yaml:10"}));
  repo.Write("infra/cert-manager/crds.yaml", CertManagerCrd("v1.14.5"));
  repo.Commit("and its CRDs");
  r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

TEST_F(PresetRepo, TheCertManagerChartCarriesCrdsOnlyWhenItsValuesSaySo) {
  repo.Write("infra/cert-manager/release.yaml", CertManagerRelease("v1.14.4", false));
  repo.Commit("no crds from the chart");
  RunResult r = RunSkewlint(repo.root(), "state", true);
  EXPECT_EQ(r.out.find("cert-manager-crds"), std::string::npos) << r.out;
  repo.Write("infra/cert-manager/release.yaml", CertManagerRelease("v1.14.4", true));
  repo.Commit("crds from the chart");
  r = RunSkewlint(repo.root(), "state", true);
  EXPECT_NE(r.out.find("infra/cert-manager/release.yaml:10:16: cert-manager-crds 1.14.4"),
            std::string::npos)
      << r.out;
}

// --- istio -------------------------------------------------------------------

std::string FluxRelease(const std::string& name, const std::string& chart,
                        const std::string& version) {
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
         version + "\n";  // line 9
}

class Istio : public PresetRepo {
 protected:
  void SetUp() override {
    repo.Write("mesh/istiod.yaml", FluxRelease("istiod", "istiod", "1.22.3"));
    repo.Write("mesh/gateway.yaml", FluxRelease("ingress", "gateway", "1.22.3"));
    repo.Commit("istio 1.22");
    Branch();
  }
};

TEST_F(Istio, IstiodFirstIsClean) {
  repo.Write("mesh/istiod.yaml", FluxRelease("istiod", "istiod", "1.23.2"));
  repo.Commit("istiod 1.23");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

TEST_F(Istio, AGatewayAheadOfIstiodIsAnError) {
  repo.Write("mesh/gateway.yaml", FluxRelease("ingress", "gateway", "1.23.2"));
  repo.Commit("gateway 1.23");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out), (Want{"istio-proxy-not-newer-than-istiod mesh/gateway.yaml:9",
                                   "istiod-before-proxies mesh/gateway.yaml:9"}));
}

TEST_F(Istio, IstiodTwoMinorsAheadOfItsProxiesIsAnError) {
  repo.Write("mesh/istiod.yaml", FluxRelease("istiod", "istiod", "1.24.1"));
  repo.Commit("istiod 1.24");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out), (Want{"istio-proxy-at-most-one-minor-older mesh/istiod.yaml:9",
                                   "istiod-one-minor-per-upgrade mesh/istiod.yaml:9"}));
}

// --- no noise where a vendor does not run ------------------------------------

TEST_F(PresetRepo, AGenericRepositoryGetsNothingFromThePresets) {
  repo.Write("apps/web.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n"
             "    spec:\n      containers:\n        - name: web\n          image: nginx:1.25.3\n");
  repo.Write("apps/gateway.yaml", FluxRelease("gw", "gateway", "0.4.0"));
  repo.Commit("an app");
  Branch();
  repo.Write("apps/web.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n"
             "    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.0\n");
  repo.Write("apps/gateway.yaml", FluxRelease("gw", "gateway", "3.0.0"));
  repo.Commit("bumps");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

}  // namespace
}  // namespace skewlint::testing
