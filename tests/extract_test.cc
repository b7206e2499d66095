#include <gtest/gtest.h>

#include "linter/extract_util.h"
#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

// "component version scope path:line:col locator" per instance.
std::vector<std::string> Found(const Files& files, const Config& config) {
  std::vector<std::string> out;
  for (const auto& i : StateFrom(files, config).instances) {
    std::string version = i.version.versioned ? i.version.Normalized() : "unversioned";
    out.push_back(i.component + " " + version + " " + (i.scope.empty() ? "-" : i.scope) + " " +
                  i.location.ToString() + " " + i.locator);
  }
  return out;
}

Config All() { return ConfigFrom("version: 1\npresets: [spiceai, spire]\n"); }

TEST(Extract, WorkloadImagesInEveryContainerList) {
  std::string text =
      "apiVersion: batch/v1\n"
      "kind: CronJob\n"
      "metadata: {name: rotate, namespace: spire}\n"
      "spec:\n"
      "  jobTemplate:\n"
      "    spec:\n"
      "      template:\n"
      "        spec:\n"
      "          initContainers:\n"
      "            - name: a\n"
      "              image: ghcr.io/spiffe/spire-agent:1.9.6\n"
      "          containers:\n"
      "            - name: b\n"
      "              image: \"gcr.io/spiffe-io/spire-server:1.9.5\"\n"
      "          ephemeralContainers:\n"
      "            - name: c\n"
      "              image: ghcr.io/spiffe/spire-server@sha256:" +
      std::string(64, 'b') + "\n";
  EXPECT_EQ(Found({{"jobs.yaml", text}}, All()),
            (std::vector<std::string>{"spire-agent 1.9.6 - jobs.yaml:11:22 image",
                                      "spire-server 1.9.5 - jobs.yaml:14:22 image",
                                      "spire-server unversioned - jobs.yaml:17:22 image"}));
}

TEST(Extract, MultiDocumentFilesKeepExactLines) {
  Files files = {{"clusters/prod/spire.yaml", "# SPIRE for prod\n---\n" + SpireServer("1.9.6") +
                                                  "---\n" + SpireAgent("1.9.5")}};
  EXPECT_EQ(
      Found(files, All()),
      (std::vector<std::string>{"spire-agent 1.9.5 prod clusters/prod/spire.yaml:35:18 image",
                                "spire-server 1.9.6 prod clusters/prod/spire.yaml:19:18 image"}));
}

TEST(Extract, SpicepodSetV1AndV2) {
  Files files = {{"a/v1.yaml", SpicepodSetV1("1.4.2-models")},
                 {"a/v2.yaml", SpicepodSetV2("1.5.0")}};
  EXPECT_EQ(Found(files, All()),
            (std::vector<std::string>{"spiceai-runtime 1.4.2 - a/v1.yaml:7:22 field",
                                      "spiceai-runtime 1.5.0 - a/v2.yaml:9:10 field"}));
}

TEST(Extract, SpicepodClusterSchedulerAndExecutorImages) {
  std::string v1alpha1 =
      "apiVersion: spice.ai/v1alpha1\n"
      "kind: SpicepodCluster\n"
      "metadata: {name: q, namespace: spiceai}\n"
      "spec:\n"
      "  schedulerSetSpec:\n"
      "    replicas: 2\n"
      "    spiceai_image_tag: 1.5.0-enterprise-models\n"
      "  executor_set_spec:\n"
      "    replicas: 3\n"
      "    image: spiceai/spiceai-enterprise:1.5.0\n";
  std::string v2 =
      "apiVersion: spice.ai/v2\n"
      "kind: SpicepodCluster\n"
      "metadata: {name: q, namespace: spiceai}\n"
      "spec:\n"
      "  schedulerSpec:\n"
      "    image: {repository: spiceai/spiceai-enterprise, tag: 1.6.1}\n"
      "  executorSpec:\n"
      "    image:\n"
      "      tag: 1.6.0\n";
  EXPECT_EQ(Found({{"c1.yaml", v1alpha1}, {"c2.yaml", v2}}, All()),
            (std::vector<std::string>{"spiceai-runtime 1.5.0 - c1.yaml:7:24 field",
                                      "spiceai-runtime 1.5.0 - c1.yaml:10:12 image",
                                      "spiceai-runtime 1.6.1 - c2.yaml:6:58 image",
                                      "spiceai-runtime 1.6.0 - c2.yaml:9:12 field"}));
}

TEST(Extract, HelmValuesMapAndString) {
  std::string values =
      "spire-server:\n"
      "  image:\n"
      "    registry: ghcr.io\n"
      "    repository: spiffe/spire-server\n"
      "    tag: 1.9.6\n"
      "spire-agent:\n"
      "  image: ghcr.io/spiffe/spire-agent:1.9.4\n";
  EXPECT_EQ(Found({{"values.yaml", values}}, All()),
            (std::vector<std::string>{"spire-agent 1.9.4 - values.yaml:7:10 image",
                                      "spire-server 1.9.6 - values.yaml:5:10 image"}));
}

TEST(Extract, ChartAppVersionStandsInForAnEmptyValuesTag) {
  Files files = {{"charts/spire-agent/Chart.yaml",
                  "apiVersion: v2\nname: spire-agent\nversion: 0.3.1\nappVersion: \"1.9.6\"\n"},
                 {"charts/spire-agent/values.yaml",
                  "image:\n  registry: ghcr.io\n  repository: spiffe/spire-agent\n  tag: \"\"\n"}};
  EXPECT_EQ(Found(files, All()),
            (std::vector<std::string>{
                "spire-agent 1.9.6 - charts/spire-agent/Chart.yaml:4:13 chart_app_version"}));
}

TEST(Extract, AValuesTagWinsOverAppVersion) {
  Files files = {{"charts/spire-agent/Chart.yaml", "name: spire-agent\nappVersion: 1.9.6\n"},
                 {"charts/spire-agent/values.yaml",
                  "image:\n  repository: ghcr.io/spiffe/spire-agent\n  tag: 1.9.7\n"}};
  EXPECT_EQ(
      Found(files, All()),
      (std::vector<std::string>{"spire-agent 1.9.7 - charts/spire-agent/values.yaml:3:8 image"}));
}

TEST(Extract, HelmTemplatesAreSkipped) {
  Files files = {
      {"charts/x/templates/ds.yaml",
       "kind: DaemonSet\nspec:\n  image: \"ghcr.io/spiffe/spire-agent:{{ .Values.tag }}\"\n"}};
  State state = StateFrom(files, All());
  EXPECT_TRUE(state.instances.empty());
  EXPECT_TRUE(state.files.at("charts/x/templates/ds.yaml")->is_template);
  EXPECT_TRUE(state.files.at("charts/x/templates/ds.yaml")->problems.empty());
}

TEST(Extract, ArgoApplicationSourceAndSources) {
  std::string app =
      "apiVersion: argoproj.io/v1alpha1\n"
      "kind: Application\n"
      "metadata: {name: spiceai, namespace: argocd}\n"
      "spec:\n"
      "  sources:\n"
      "    - repoURL: https://charts.example/spiceai\n"
      "      chart: spiceai-operator\n"
      "      targetRevision: 1.5.1\n"
      "      helm:\n"
      "        values: |\n"
      "          installCRDs: false\n"
      "    - repoURL: https://git.example/values\n"
      "      targetRevision: main\n"
      "      ref: values\n";
  EXPECT_EQ(Found({{"apps/spiceai.yaml", app}}, All()),
            (std::vector<std::string>{"spiceai-operator 1.5.1 - apps/spiceai.yaml:8:23 chart"}));
  std::string single =
      "apiVersion: argoproj.io/v1alpha1\n"
      "kind: Application\n"
      "metadata: {name: spiceai, namespace: argocd}\n"
      "spec:\n"
      "  source:\n"
      "    chart: spiceai-operator\n"
      "    targetRevision: 1.5.1\n";
  EXPECT_EQ(Found({{"apps/spiceai.yaml", single}}, All()),
            (std::vector<std::string>{"spiceai-crds 1.5.1 - apps/spiceai.yaml:7:21 chart",
                                      "spiceai-operator 1.5.1 - apps/spiceai.yaml:7:21 chart"}));
}

TEST(Extract, FluxHelmReleaseCarriesCrdsUnlessSwitchedOff) {
  EXPECT_EQ(Found({{"op.yaml", SpiceOperator("1.4.2")}}, All()),
            (std::vector<std::string>{"spiceai-crds 1.4.2 - op.yaml:10:16 chart",
                                      "spiceai-operator 1.4.2 - op.yaml:10:16 chart"}));
  EXPECT_EQ(Found({{"op.yaml", SpiceOperator("1.4.2", "", "false")}}, All()),
            (std::vector<std::string>{"spiceai-operator 1.4.2 - op.yaml:10:16 chart"}));
}

TEST(Extract, ChartYamlDependenciesAndKustomizeHelmCharts) {
  Files files = {{"umbrella/Chart.yaml",
                  "apiVersion: v2\nname: platform\nversion: 1.0.0\ndependencies:\n"
                  "  - name: spiceai-operator\n    version: 1.4.2\n    repository: oci://x\n"},
                 {"k/kustomization.yaml",
                  "helmCharts:\n  - name: spiceai-operator\n    version: 1.4.3\n"
                  "    valuesInline:\n      installCRDs: false\n"}};
  EXPECT_EQ(Found(files, All()),
            (std::vector<std::string>{"spiceai-crds 1.4.2 - umbrella/Chart.yaml:6:14 chart",
                                      "spiceai-operator 1.4.3 - k/kustomization.yaml:3:14 chart",
                                      "spiceai-operator 1.4.2 - umbrella/Chart.yaml:6:14 chart"}));
}

TEST(Extract, CrdVersionFromLabels) {
  std::string by_chart =
      "apiVersion: apiextensions.k8s.io/v1\n"
      "kind: CustomResourceDefinition\n"
      "metadata:\n"
      "  name: spicepodsets.spice.ai\n"
      "  labels:\n"
      "    helm.sh/chart: spiceai-operator-1.4.2\n"
      "spec:\n"
      "  group: spice.ai\n";
  EXPECT_EQ(Found({{"crds/a.yaml", SpiceCrd("1.4.3")}, {"crds/b.yaml", by_chart}}, All()),
            (std::vector<std::string>{"spiceai-crds 1.4.3 - crds/a.yaml:6:32 crd",
                                      "spiceai-crds 1.4.2 - crds/b.yaml:6:20 crd"}));
}

TEST(Extract, DockerCompose) {
  std::string compose = "services:\n  server:\n    image: ghcr.io/spiffe/spire-server:1.10.1\n";
  EXPECT_EQ(Found({{"compose.yaml", compose}}, All()),
            (std::vector<std::string>{"spire-server 1.10.1 - compose.yaml:3:12 image"}));
}

TEST(Extract, OddVersionForms) {
  std::string text = SpicepodSetV1("2.3.0-enterprise-models@sha256:" + std::string(64, 'c'));
  State state = StateFrom({{"s.yaml", text}}, All());
  ASSERT_EQ(state.instances.size(), 1u);
  EXPECT_EQ(state.instances[0].version.Normalized(), "2.3.0");
  EXPECT_EQ(state.instances[0].version.variant, "enterprise-models");
  EXPECT_EQ(state.instances[0].version.digest, "sha256:" + std::string(64, 'c'));
}

TEST(Extract, CustomFieldLocatorWithWildcard) {
  Config config = ConfigFrom(
      "components:\n"
      "  - name: gateway\n"
      "    locators:\n"
      "      - field: {kind: Gateway, apiVersion: '^acme\\.io/', path: "
      "'spec.listeners.*.version'}\n");
  std::string text =
      "apiVersion: acme.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n  listeners:\n"
      "    - version: 2.1.0\n    - version: v2.2.0\n";
  EXPECT_EQ(Found({{"g.yaml", text}}, config),
            (std::vector<std::string>{"gateway 2.1.0 - g.yaml:6:16 field",
                                      "gateway 2.2.0 - g.yaml:7:16 field"}));
  std::string other_api =
      "apiVersion: other.io/v1\nkind: Gateway\nspec: {listeners: [{version: 1.0.0}]}\n";
  EXPECT_TRUE(Found({{"g.yaml", other_api}}, config).empty());
}

TEST(Extract, ConfiguredScopePattern) {
  Config config = ConfigFrom("scopes: ['^regions/(?P<scope>[^/]+)/']\npresets: [spire]\n");
  EXPECT_EQ(Found({{"regions/eu/s.yaml", SpireServer("1.9.6")}}, config),
            (std::vector<std::string>{"spire-server 1.9.6 eu regions/eu/s.yaml:17:18 image"}));
}

TEST(Extract, DefaultScopeSegments) {
  Files files = {{"environments/dev/a.yaml", SpireServer("1.9.1")},
                 {"envs/qa/a.yaml", SpireServer("1.9.2")},
                 {"infra/clusters/eu-1/a.yaml", SpireServer("1.9.3")}};
  EXPECT_EQ(
      Found(files, All()),
      (std::vector<std::string>{"spire-server 1.9.1 dev environments/dev/a.yaml:17:18 image",
                                "spire-server 1.9.3 eu-1 infra/clusters/eu-1/a.yaml:17:18 image",
                                "spire-server 1.9.2 qa envs/qa/a.yaml:17:18 image"}));
}

TEST(Extract, KustomizeOverlayReplacesTheBaseTagInItsScope) {
  Files files = {{"base/kustomization.yaml", "resources: [server.yaml]\n"},
                 {"base/server.yaml", SpireServer("1.9.0")},
                 {"overlays/prod/kustomization.yaml",
                  "resources: [../../base]\nimages:\n  - name: ghcr.io/spiffe/spire-server\n    "
                  "newTag: 1.9.6\n"},
                 {"overlays/staging/kustomization.yaml", "resources: [../../base]\n"}};
  EXPECT_EQ(Found(files, All()),
            (std::vector<std::string>{
                "spire-server 1.9.6 prod overlays/prod/kustomization.yaml:4:13 image",
                "spire-server 1.9.0 staging base/server.yaml:17:18 image"}));
}

TEST(Extract, KustomizeImageOverrideWithDigestAndNewName) {
  Files files = {{"base/kustomization.yaml", "resources: [server.yaml]\n"},
                 {"base/server.yaml", SpireServer("1.9.0")},
                 {"overlays/prod/kustomization.yaml",
                  "resources: [../../base]\nimages:\n  - name: ghcr.io/spiffe/spire-server\n"
                  "    newName: mirror.corp/spiffe/spire-server\n    digest: sha256:" +
                      std::string(64, 'd') + "\n"}};
  State state = StateFrom(files, All());
  ASSERT_EQ(state.instances.size(), 1u);
  EXPECT_EQ(state.instances[0].image, "mirror.corp/spiffe/spire-server");
  EXPECT_FALSE(state.instances[0].version.versioned);
  EXPECT_EQ(state.instances[0].version.digest, "sha256:" + std::string(64, 'd'));
}

TEST(Extract, KustomizeImagesEntryWithNothingToOverrideStandsAlone) {
  Files files = {{"clusters/prod/kustomization.yaml",
                  "resources:\n  - https://github.com/example/spire//deploy?ref=v1\nimages:\n"
                  "  - name: ghcr.io/spiffe/spire-agent\n    newTag: 1.9.6\n"}};
  EXPECT_EQ(Found(files, All()),
            (std::vector<std::string>{
                "spire-agent 1.9.6 prod clusters/prod/kustomization.yaml:5:13 image"}));
}

TEST(Extract, BrokenDocumentDoesNotHideTheOthers) {
  Files files = {{"clusters/prod/all.yaml",
                  SpireServer("1.9.6") + "---\nkind: [unclosed\n---\n" + SpireAgent("1.9.6")}};
  State state = StateFrom(files, All());
  EXPECT_EQ(state.instances.size(), 2u);
  EXPECT_EQ(state.files.at("clusters/prod/all.yaml")->problems.size(), 1u);
}

// "component version line:col" of what one file yields, in extraction order.
std::vector<std::string> Extracted(const std::string& path, const std::string& text,
                                   const Config& config,
                                   std::vector<size_t>* empty_tags = nullptr) {
  auto facts = ReadFacts(path, "id:" + path, text, config.limits);
  FileInstances found = ExtractInstances(*facts, config);
  if (empty_tags) *empty_tags = found.empty_tag_instances;
  std::vector<std::string> out;
  for (const auto& i : found.instances) {
    std::string version = i.version.versioned ? i.version.Normalized() : "unversioned";
    out.push_back(i.component + " " + version + " " + std::to_string(i.location.line) + ":" +
                  std::to_string(i.location.column));
  }
  return out;
}

TEST(Extract, AnAliasedContainerListIsFoundOnceInFirstOccurrenceOrder) {
  std::string text =
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "metadata: {name: a, namespace: spire}\n"
      "spec:\n"
      "  template:\n"
      "    spec:\n"
      "      initContainers: &c\n"
      "        - {name: x, image: 'ghcr.io/spiffe/spire-server:1.9.2'}\n"
      "        - {name: y, image: 'ghcr.io/spiffe/spire-agent:1.9.1'}\n"
      "        - {name: z, image: 'ghcr.io/spiffe/spire-server:1.9.2'}\n"
      "      containers: *c\n"
      "      ephemeralContainers: *c\n";
  EXPECT_EQ(Extracted("d.yaml", text, All()),
            (std::vector<std::string>{"spire-server 1.9.2 8:28", "spire-agent 1.9.1 9:28",
                                      "spire-server 1.9.2 10:28"}));
}

TEST(Extract, DeduplicationKeepsTheEmptyTagMarksOnTheirInstances) {
  std::string values =
      "spire-agent: &agent\n"
      "  image: {registry: ghcr.io, repository: spiffe/spire-agent, tag: \"\"}\n"
      "again: *agent\n"
      "spire-server:\n"
      "  image: ghcr.io/spiffe/spire-server:1.9.6\n"
      "server-again:\n"
      "  image: {registry: ghcr.io, repository: spiffe/spire-server, tag: \"\"}\n";
  std::vector<size_t> empty_tags;
  std::vector<std::string> found = Extracted("values.yaml", values, All(), &empty_tags);
  EXPECT_EQ(found,
            (std::vector<std::string>{"spire-agent unversioned 2:67", "spire-server 1.9.6 5:10",
                                      "spire-server unversioned 7:68"}));
  EXPECT_EQ(empty_tags, (std::vector<size_t>{0, 2}));
}

}  // namespace
}  // namespace skewlint::testing

namespace skewlint::testing {
namespace {

bool ImageMatches(const std::string& pattern, const std::string& name) {
  Config config = ConfigFrom("version: 1\ncomponents:\n  - {name: c, locators: [{image: '" +
                             pattern + "'}]}\n");
  return MatchesImageName(config.components.at(0).locators.at(0).pattern, name);
}

// The whole name, or a suffix of it that starts right after a '/'.
TEST(ImageLocator, MatchesTheWholeNameOrASuffixAfterASlash) {
  EXPECT_TRUE(ImageMatches("nginx", "nginx"));
  EXPECT_TRUE(ImageMatches("nginx", "docker.io/library/nginx"));
  EXPECT_FALSE(ImageMatches("nginx", "registry.k8s.io/ingress-nginx/controller"));
  EXPECT_FALSE(ImageMatches("nginx", "nginx/nginx-exporter"));
  EXPECT_FALSE(ImageMatches("nginx", "nginx-exporter"));
  EXPECT_TRUE(ImageMatches("ghcr.io/acme/app-backend", "ghcr.io/acme/app-backend"));
  EXPECT_FALSE(ImageMatches("ghcr.io/acme/app-backend", "ghcr.io/acme/app-backend-worker"));
  EXPECT_FALSE(ImageMatches("acme/app", "ghcr.io/notacme/app"));
  EXPECT_TRUE(ImageMatches("(^|/)acme/runtime$", "registry.example.com/acme/runtime"));
  EXPECT_TRUE(ImageMatches("(^|/)acme/runtime$", "acme/runtime"));
  EXPECT_FALSE(ImageMatches("(^|/)acme/runtime$", "acme/runtime-tools"));
  EXPECT_TRUE(ImageMatches("spiffe(-io)?/spire-server", "gcr.io/spiffe-io/spire-server"));
  EXPECT_TRUE(ImageMatches("^ghcr\\.io/.*", "ghcr.io/a/b"));
  EXPECT_FALSE(ImageMatches("^ghcr\\.io/", "ghcr.io/a/b"));
}

}  // namespace
}  // namespace skewlint::testing
