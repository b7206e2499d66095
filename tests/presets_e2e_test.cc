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
  // Talos 1.7 supports Kubernetes 1.25 to 1.30.
  EXPECT_EQ(Policies(r.out), (Want{"kubelet-not-newer-than-apiserver talos/worker.yaml:7",
                                   "talos-supports-kubelet talos/worker.yaml:7"}));
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

// Talos minors are tested between adjacent releases only.
TEST_F(Talos, TalosSkippingAMinorIsAnError) {
  repo.Write("talos/controlplane.yaml", TalosControlPlane("v1.9.2", "v1.30.2"));
  repo.Write("talos/worker.yaml", TalosWorker("v1.9.2", "v1.30.2"));
  repo.Commit("talos 1.9");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  // One jump, one finding: both machine configs make the same move.
  EXPECT_EQ(Policies(r.out), (Want{"talos-one-minor-per-upgrade talos/controlplane.yaml:5"}));
}

// Talos 1.8 supports Kubernetes 1.26 to 1.31: a cluster still on 1.25 must
// move Kubernetes before Talos.
TEST_F(PresetRepo, TalosLeavingItsKubernetesBehindIsAnError) {
  repo.Write("talos/controlplane.yaml", TalosControlPlane("v1.7.5", "v1.25.16"));
  repo.Write("talos/worker.yaml", TalosWorker("v1.7.5", "v1.25.16"));
  repo.Commit("talos 1.7 with kubernetes 1.25");
  Branch();
  repo.Write("talos/controlplane.yaml", TalosControlPlane("v1.8.2", "v1.25.16"));
  repo.Write("talos/worker.yaml", TalosWorker("v1.8.2", "v1.25.16"));
  repo.Commit("talos 1.8");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  // The worker's pair is the same pair (talos 1.8.2, kubelet 1.25.16): one
  // finding stands for both.
  EXPECT_EQ(Policies(r.out), (Want{"talos-supports-kube-apiserver talos/controlplane.yaml:5",
                                   "talos-supports-kubelet talos/controlplane.yaml:5"}));
  EXPECT_NE(r.out.find("talos 1.8.2 and kubelet 1.25.16 in the repository are outside the matrix "
                       "of policy 'talos-supports-kubelet'"),
            std::string::npos)
      << r.out;
}

// Image Factory installers carry the Talos version too.
TEST_F(PresetRepo, ImageFactoryInstallersAreTalos) {
  const std::string schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";
  std::string cp = TalosControlPlane("v1.9.2", "v1.32.0");
  std::string old = "ghcr.io/siderolabs/installer:";
  cp.replace(cp.find(old), old.size(),
             "factory.talos.dev/metal-installer-secureboot/" + schematic + ":");
  std::string worker = TalosWorker("v1.9.2", "v1.32.0");
  worker.replace(worker.find(old), old.size(), "factory.talos.dev/installer/" + schematic + ":");
  repo.Write("talos/controlplane.yaml", cp);
  repo.Write("talos/worker.yaml", worker);
  repo.Commit("talos 1.9 from the image factory");
  RunResult state = RunSkewlint(repo.root(), "state", true);
  EXPECT_NE(state.out.find("talos/controlplane.yaml:5:12: talos 1.9.2"), std::string::npos)
      << state.out;
  EXPECT_NE(state.out.find("talos/worker.yaml:5:12: talos 1.9.2"), std::string::npos) << state.out;
  Branch();
  worker = TalosWorker("v1.9.2", "v1.33.0");
  worker.replace(worker.find(old), old.size(), "factory.talos.dev/installer/" + schematic + ":");
  repo.Write("talos/worker.yaml", worker);
  repo.Commit("workers to kubernetes 1.33");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out), (Want{"kubelet-not-newer-than-apiserver talos/worker.yaml:7",
                                   "talos-supports-kubelet talos/worker.yaml:7"}));
}

// A Talos release newer than the matrix is not guessed at: a warning names
// the row to add, and nothing fails.
TEST_F(PresetRepo, ATalosReleaseTheMatrixDoesNotListIsAWarning) {
  repo.Write("talos/worker.yaml", TalosWorker("v1.13.2", "v1.35.0"));
  repo.Commit("talos 1.13");
  Branch();
  repo.Write("talos/worker.yaml", TalosWorker("v1.14.0", "v1.35.0"));
  repo.Commit("talos 1.14");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out, true, [](std::string_view rule) { return rule != "image-digest"; }),
            (std::vector<std::string>{
                "policy-unmatched talos/worker.yaml:5:12 policy 'talos-supports-kubelet' "
                "(compatibility) has no row for talos 1.14 (1.14.0 in the repository), so its "
                "pairing with kubelet 1.35.0 is not checked; add a row with the kubelet versions "
                "that support it, e.g. '1.14': '>=1.35.0'"}));
}

// `--preset` is checked like a config's `presets:`.
TEST_F(PresetRepo, AnUnknownPresetIsAUsageError) {
  repo.Write("apps/web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
  repo.Commit("an app");
  RunResult r = RunSkewlint(repo.root(), "state --preset linkerd");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(
      r.out,
      "skewlint: unknown preset 'linkerd'; built-in presets: cert-manager, istio, kubernetes, "
      "rook-ceph, spiceai, spire, talos\n");
}

// tuppr, Talos home-labs' upgrade controller: TalosUpgrade and
// KubernetesUpgrade hold the versions (the machine configs are templates).
std::string Tuppr(const std::string& kind, const std::string& key, const std::string& version) {
  return "apiVersion: tuppr.home-operations.com/v1alpha1\n"
         "kind: " +
         kind +
         "\n"
         "metadata:\n"
         "  name: " +
         key +
         "\n"
         "spec:\n"
         "  " +
         key +
         ":\n"
         "    version: " +
         version + "\n";  // line 7
}

constexpr char kTalosUpgrade[] = "kubernetes/apps/system-upgrade/tuppr/talosupgrade.yaml";
constexpr char kKubernetesUpgrade[] = "kubernetes/apps/system-upgrade/tuppr/kubernetesupgrade.yaml";

TEST_F(PresetRepo, TupprUpgradesAreTalosAndItsKubernetes) {
  repo.Write(kTalosUpgrade, Tuppr("TalosUpgrade", "talos", "v1.12.4"));
  repo.Write(kKubernetesUpgrade, Tuppr("KubernetesUpgrade", "kubernetes", "v1.35.2"));
  repo.Commit("talos 1.12, kubernetes 1.35");
  RunResult state = RunSkewlint(repo.root(), "state", true);
  EXPECT_NE(state.out.find(std::string(kTalosUpgrade) + ":7:14: talos 1.12.4"), std::string::npos)
      << state.out;
  EXPECT_NE(state.out.find(std::string(kKubernetesUpgrade) + ":7:14: kube-apiserver 1.35.2"),
            std::string::npos)
      << state.out;
  Branch();
  repo.Write(kTalosUpgrade, Tuppr("TalosUpgrade", "talos", "v1.13.7"));
  repo.Commit("talos 1.13");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
  // Talos 1.13 supports Kubernetes 1.31 to 1.36.
  repo.Write(kKubernetesUpgrade, Tuppr("KubernetesUpgrade", "kubernetes", "v1.36.1"));
  repo.Commit("kubernetes 1.36");
  r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
  repo.Write(kKubernetesUpgrade, Tuppr("KubernetesUpgrade", "kubernetes", "v1.37.0"));
  repo.Commit("kubernetes 1.37");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  // (Talos moved in this branch too, so the pair's finding is on Talos.)
  EXPECT_EQ(Policies(r.out),
            (Want{"kube-apiserver-one-minor-per-upgrade " + std::string(kKubernetesUpgrade) + ":7",
                  "talos-supports-kube-apiserver " + std::string(kTalosUpgrade) + ":7"}));
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

// --- kubernetes: k3s system-upgrade-controller plans -----------------------

std::string K3sPlans(const std::string& server, const std::string& agent) {
  return "apiVersion: upgrade.cattle.io/v1\n"
         "kind: Plan\n"
         "metadata:\n"
         "  name: server-plan\n"
         "  namespace: system-upgrade\n"
         "spec:\n"
         "  concurrency: 1\n"
         "  cordon: true\n"
         "  nodeSelector:\n"
         "    matchExpressions:\n"
         "      - {key: node-role.kubernetes.io/control-plane, operator: In, values: [\"true\"]}\n"
         "  serviceAccountName: system-upgrade\n"
         "  upgrade:\n"
         "    image: rancher/k3s-upgrade\n"
         "  version: " +
         server +
         "\n"  // line 15
         "---\n"
         "apiVersion: upgrade.cattle.io/v1\n"
         "kind: Plan\n"
         "metadata:\n"
         "  name: agent-plan\n"
         "  namespace: system-upgrade\n"
         "spec:\n"
         "  concurrency: 2\n"
         "  nodeSelector:\n"
         "    matchExpressions:\n"
         "      - {key: node-role.kubernetes.io/control-plane, operator: DoesNotExist}\n"
         "  prepare:\n"
         "    args: [prepare, server-plan]\n"
         "    image: rancher/k3s-upgrade\n"
         "  serviceAccountName: system-upgrade\n"
         "  upgrade:\n"
         "    image: rancher/k3s-upgrade\n"
         "  version: " +
         agent + "\n";  // line 33
}

class K3s : public PresetRepo {
 protected:
  void SetUp() override {
    repo.Write("clusters/home/system-upgrade/plans.yaml", K3sPlans("v1.29.4+k3s1", "v1.29.4+k3s1"));
    repo.Commit("k3s 1.29");
    Branch();
  }
};

TEST_F(K3s, ServerPlanFirstIsClean) {
  repo.Write("clusters/home/system-upgrade/plans.yaml", K3sPlans("v1.30.1+k3s1", "v1.29.4+k3s1"));
  repo.Commit("servers to 1.30");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

TEST_F(K3s, AgentsAheadOfServersAreAnError) {
  repo.Write("clusters/home/system-upgrade/plans.yaml", K3sPlans("v1.29.4+k3s1", "v1.30.1+k3s1"));
  repo.Commit("agents to 1.30");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"kubelet-not-newer-than-apiserver clusters/home/system-upgrade/plans.yaml:33"}));
}

TEST_F(K3s, ServersSkippingAMinorAreAnError) {
  repo.Write("clusters/home/system-upgrade/plans.yaml", K3sPlans("v1.31.0+k3s1", "v1.29.4+k3s1"));
  repo.Commit("servers to 1.31");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(
      Policies(r.out),
      (Want{"kube-apiserver-one-minor-per-upgrade clusters/home/system-upgrade/plans.yaml:15"}));
}

// +k3s2 is the second k3s build of Kubernetes 1.30.4: a patch move.
TEST_F(K3s, ANewBuildOfTheSameReleaseIsAPatch) {
  repo.Write("clusters/home/system-upgrade/plans.yaml", K3sPlans("v1.29.4+k3s2", "v1.29.4+k3s2"));
  repo.Commit("k3s2");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
  ParsedYaml parsed = ParseYaml(r.out);
  ASSERT_FALSE(parsed.documents.empty()) << r.out;
  std::vector<std::string> changes;
  const YamlNode* list = parsed.documents[0].root->Get("changes");
  for (const auto& c : list ? list->items : std::vector<YamlNodePtr>{}) {
    changes.push_back(std::string(c->ScalarAt("component")) + " " +
                      std::string(c->ScalarAt("from")) + " -> " + std::string(c->ScalarAt("to")) +
                      " " + std::string(c->ScalarAt("kind")));
  }
  EXPECT_EQ(changes, (std::vector<std::string>{"kube-apiserver v1.29.4+k3s1 -> v1.29.4+k3s2 patch",
                                               "kubelet v1.29.4+k3s1 -> v1.29.4+k3s2 patch"}));
}

// RKE2's plans as system-upgrade-controller's examples name them.
std::string Rke2Plan(const std::string& role, const std::string& version) {
  return "apiVersion: upgrade.cattle.io/v1\n"
         "kind: Plan\n"
         "metadata:\n"
         "  name: rke2-" +
         role +
         "\n"
         "  namespace: system-upgrade\n"
         "spec:\n"
         "  concurrency: 1\n"
         "  upgrade:\n"
         "    image: rancher/rke2-upgrade\n"
         "  version: " +
         version + "\n";  // line 10
}

TEST_F(PresetRepo, Rke2AgentsAheadOfTheServersAreAnError) {
  repo.Write("clusters/edge/upgrade/server.yaml", Rke2Plan("server", "v1.30.4+rke2r1"));
  repo.Write("clusters/edge/upgrade/agent.yaml", Rke2Plan("agent", "v1.30.4+rke2r1"));
  repo.Commit("rke2 1.30");
  RunResult state = RunSkewlint(repo.root(), "state", true);
  EXPECT_NE(state.out.find("clusters/edge/upgrade/server.yaml:10:12: kube-apiserver 1.30.4 "
                           "(v1.30.4+rke2r1) [scope edge, field 'Plan spec.version', "
                           "Plan/system-upgrade/rke2-server]"),
            std::string::npos)
      << state.out;
  EXPECT_NE(state.out.find("clusters/edge/upgrade/agent.yaml:10:12: kubelet 1.30.4"),
            std::string::npos)
      << state.out;
  Branch();
  repo.Write("clusters/edge/upgrade/server.yaml", Rke2Plan("server", "v1.30.4+rke2r2"));
  repo.Commit("rke2r2 on the servers");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
  repo.Write("clusters/edge/upgrade/agent.yaml", Rke2Plan("agent", "v1.31.1+rke2r1"));
  repo.Commit("agents to 1.31");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"kubelet-not-newer-than-apiserver clusters/edge/upgrade/agent.yaml:10"}));
}

// A plan that follows a release channel has no version in the repository,
// and a plan named for neither role is not told apart: neither is tracked.
TEST_F(PresetRepo, ChannelPlansAndUnnamedRolesAreNotTracked) {
  repo.Write("clusters/home/plans.yaml",
             "apiVersion: upgrade.cattle.io/v1\nkind: Plan\nmetadata:\n  name: server-plan\n"
             "spec:\n  channel: https://update.k3s.io/v1-release/channels/stable\n---\n"
             "apiVersion: upgrade.cattle.io/v1\nkind: Plan\nmetadata:\n  name: nodes\n"
             "spec:\n  version: v1.30.4+k3s1\n");
  repo.Commit("channel plans");
  RunResult state = RunSkewlint(repo.root(), "state", true);
  EXPECT_EQ(state.out.find("kube-apiserver"), std::string::npos) << state.out;
  EXPECT_EQ(state.out.find("kubelet"), std::string::npos) << state.out;
  Branch();
  repo.Write("clusters/home/plans.yaml",
             "apiVersion: upgrade.cattle.io/v1\nkind: Plan\nmetadata:\n  name: server-plan\n"
             "spec:\n  channel: https://update.k3s.io/v1-release/channels/latest\n---\n"
             "apiVersion: upgrade.cattle.io/v1\nkind: Plan\nmetadata:\n  name: nodes\n"
             "spec:\n  version: v1.32.0+k3s1\n");
  repo.Commit("latest");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{});
}

// --- rook-ceph: a Flux home-lab ----------------------------------------------

std::string RookOperator(const std::string& version) {
  return FluxRelease("rook-ceph", "rook-ceph", version);  // version on line 9
}

std::string CephCluster(const std::string& version) {
  return "apiVersion: ceph.rook.io/v1\n"
         "kind: CephCluster\n"
         "metadata:\n"
         "  name: rook-ceph\n"
         "  namespace: rook-ceph\n"
         "spec:\n"
         "  cephVersion:\n"
         "    image: quay.io/ceph/ceph:" +
         version +
         "\n"  // line 8
         "  dataDirHostPath: /var/lib/rook\n";
}

class RookCeph : public PresetRepo {
 protected:
  void SetUp() override {
    repo.Write("clusters/home/rook-ceph/operator.yaml", RookOperator("v1.5.9"));
    repo.Write("clusters/home/rook-ceph/cluster.yaml", CephCluster("v15.2.10"));
    repo.Commit("rook 1.5 with octopus");
    Branch();
  }
  RunResult PerCommit() {
    return RunSkewlint(repo.root(), "check --format json --base main --per-commit", true);
  }
};

// The reproduction of the version-lines issue: the operator moves first,
// then Ceph, in commits of their own.
TEST_F(RookCeph, OperatorThenCephIsClean) {
  repo.Write("clusters/home/rook-ceph/operator.yaml", RookOperator("v1.6.0"));
  repo.Commit("rook 1.6");
  repo.Write("clusters/home/rook-ceph/cluster.yaml", CephCluster("v16.2.0"));
  repo.Commit("ceph pacific");
  RunResult r = PerCommit();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

TEST_F(RookCeph, CephBeforeTheOperatorIsAnError) {
  repo.Write("clusters/home/rook-ceph/cluster.yaml", CephCluster("v16.2.0"));
  repo.Commit("ceph pacific on rook 1.5");
  RunResult r = PerCommit();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out), (Want{"rook-before-ceph clusters/home/rook-ceph/cluster.yaml:8",
                                   "rook-supports-ceph clusters/home/rook-ceph/cluster.yaml:8"}));
}

TEST_F(RookCeph, AnOperatorThatDroppedTheRunningCephIsAnError) {
  repo.Git("checkout -q main");
  repo.Write("clusters/home/rook-ceph/operator.yaml", RookOperator("v1.9.0"));
  repo.Commit("rook 1.9 with octopus");
  repo.Git("checkout -q -b change-2");
  repo.Write("clusters/home/rook-ceph/operator.yaml", RookOperator("v1.10.0"));
  repo.Commit("rook 1.10 with octopus still running");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out), (Want{"rook-supports-ceph clusters/home/rook-ceph/operator.yaml:9"}));
}

TEST_F(RookCeph, TheOperatorSkippingAMinorIsAnError) {
  repo.Write("clusters/home/rook-ceph/operator.yaml", RookOperator("v1.7.0"));
  repo.Commit("rook 1.7");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out),
            (Want{"rook-one-minor-per-upgrade clusters/home/rook-ceph/operator.yaml:9"}));
}

// The rook-ceph-cluster chart (Rook v1.19 values layout: cephImage) applied
// after the operator (dependsOn), as Flux home-labs install Rook.
std::string RookClusterRelease(const std::string& chart, const std::string& ceph) {
  return "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: rook-ceph-cluster\n"
         "  namespace: rook-ceph\n"
         "spec:\n"
         "  dependsOn:\n"
         "    - name: rook-ceph\n"
         "  chart:\n"
         "    spec:\n"
         "      chart: rook-ceph-cluster\n"
         "      version: " +
         chart +
         "\n"
         "      sourceRef: {kind: HelmRepository, name: rook-release}\n"
         "  values:\n"
         "    cephImage:\n"
         "      repository: quay.io/ceph/ceph\n"
         "      tag: " +
         ceph +
         "\n"  // line 17
         "    cephClusterSpec:\n"
         "      dataDirHostPath: /var/lib/rook\n"
         // As in the chart's own values: strings the chart renders (tpl),
         // which make this no Helm template.
         "    cephBlockPools:\n"
         "      - name: ceph-blockpool\n"
         "        storageClass:\n"
         "          parameters:\n"
         "            csi.storage.k8s.io/provisioner-secret-namespace: \"{{ .Release.Namespace "
         "}}\"\n"
         "            csi.storage.k8s.io/node-stage-secret-namespace: '{{ .Release.Namespace }}'\n";
}

// The operator's HelmRelease, in the namespace the cluster's dependsOn
// names it in; its version on line 10.
std::string HomeLabOperator(const std::string& version) {
  std::string release = RookOperator(version);
  std::string name = "  name: rook-ceph\n";
  release.insert(release.find(name) + name.size(), "  namespace: rook-ceph\n");
  return release;
}

constexpr char kRookOperator[] = "kubernetes/apps/rook-ceph/operator/helmrelease.yaml";
constexpr char kRookCluster[] = "kubernetes/apps/rook-ceph/cluster/helmrelease.yaml";

class RookCephHomeLab : public PresetRepo {
 protected:
  void SetUp() override {
    repo.Write(kRookOperator, HomeLabOperator("v1.18.2"));
    repo.Write(kRookCluster, RookClusterRelease("v1.18.2", "v18.2.4"));
    repo.Commit("rook 1.18 with reef");
    Branch();
  }
  RunResult PerCommit() {
    return RunSkewlint(repo.root(), "check --format json --base main --per-commit", true);
  }
};

TEST_F(RookCephHomeLab, StateReadsTheCephImageOfTheClusterChart) {
  RunResult r = RunSkewlint(repo.root(), "state", true);
  EXPECT_NE(r.out.find(std::string(kRookCluster) +
                       ":17:12: ceph 18.2.4 (quay.io/ceph/ceph:v18.2.4) [repository, "
                       "image 'ceph/ceph', HelmRelease/rook-ceph/rook-ceph-cluster]"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(std::string(kRookOperator) + ":10:16: rook-operator 1.18.2"),
            std::string::npos)
      << r.out;
}

// Squid is supported by Rook 1.18: Ceph may move on its own.
TEST_F(RookCephHomeLab, CephToASupportedReleaseIsClean) {
  repo.Write(kRookCluster, RookClusterRelease("v1.18.2", "v19.2.3"));
  repo.Commit("ceph squid");
  RunResult r = PerCommit();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

// Tentacle needs Rook 1.18.8: the operator first, then Ceph.
TEST_F(RookCephHomeLab, OperatorPatchThenTentacleIsClean) {
  repo.Write(kRookOperator, HomeLabOperator("v1.18.8"));
  repo.Commit("rook 1.18.8");
  repo.Write(kRookCluster, RookClusterRelease("v1.18.8", "v20.2.0"));
  repo.Commit("ceph tentacle");
  RunResult r = PerCommit();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

// One pull request for both (Renovate groups Rook's charts): the cluster's
// HelmRelease dependsOn the operator's, so Flux applies the operator first.
TEST_F(RookCephHomeLab, OperatorAndCephInOneChangeOrderedByDependsOnAreClean) {
  repo.Write(kRookOperator, HomeLabOperator("v1.18.8"));
  repo.Write(kRookCluster, RookClusterRelease("v1.18.8", "v20.2.0"));
  repo.Commit("rook 1.18.8 and ceph tentacle");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Policies(r.out), Want{});
}

TEST_F(RookCephHomeLab, TentacleBeforeTheOperatorIsAnError) {
  repo.Write(kRookCluster, RookClusterRelease("v1.18.2", "v20.2.0"));
  repo.Commit("ceph tentacle on rook 1.18.2");
  RunResult r = PerCommit();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out), (Want{"rook-before-ceph " + std::string(kRookCluster) + ":17",
                                   "rook-supports-ceph " + std::string(kRookCluster) + ":17"}));
}

// Rook 1.19 dropped Reef: "Rook v1.18 clusters running Ceph v18 must upgrade
// to Ceph v19.2.0 or higher before upgrading Rook".
TEST_F(RookCephHomeLab, Rook119OnReefIsAnError) {
  repo.Write(kRookOperator, HomeLabOperator("v1.19.0"));
  repo.Commit("rook 1.19");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Policies(r.out), (Want{"rook-supports-ceph " + std::string(kRookOperator) + ":10"}));
  EXPECT_NE(r.out.find("ceph 18.2.4 and rook-operator 1.19.0 in the repository are outside the "
                       "matrix of policy 'rook-supports-ceph': ceph 18.2 works with rook-operator "
                       ">=1.12.0 <1.19.0"),
            std::string::npos)
      << r.out;
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
