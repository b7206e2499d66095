#include <gtest/gtest.h>

#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

// "component version path:line:col Kind/name" per instance.
std::vector<std::string> Found(const Files& files, const Config& config) {
  std::vector<std::string> out;
  for (const auto& i : StateFrom(files, config).instances) {
    std::string version = i.version.versioned ? i.version.Normalized() : "unversioned";
    out.push_back(i.component + " " + version + " " + i.location.ToString() + " " +
                  i.resource.kind + "/" + i.resource.name);
  }
  return out;
}

Config Postgres() {
  return ConfigFrom(
      "version: 1\ncomponents:\n  - name: postgres\n    locators:\n"
      "      - field: {kind: Cluster, path: spec.imageName}\n");
}

TEST(ExtractEmbedded, ArgoValuesObjectResourcesAreResources) {
  std::string app =
      "apiVersion: argoproj.io/v1alpha1\n"
      "kind: Application\n"
      "metadata:\n"
      "  name: db\n"
      "spec:\n"
      "  sources:\n"
      "    - chart: raw\n"
      "      targetRevision: 2.0.0\n"
      "      helm:\n"
      "        valuesObject:\n"
      "          extraObjects:\n"
      "            - apiVersion: postgresql.cnpg.io/v1\n"
      "              kind: Cluster\n"
      "              metadata: {name: main}\n"
      "              spec:\n"
      "                imageName: ghcr.io/cloudnative-pg/postgresql:15.4\n";
  EXPECT_EQ(Found({{"apps/db.yaml", app}}, Postgres()),
            std::vector<std::string>{"postgres 15.4.0 apps/db.yaml:16:28 Cluster/main"});
}

// The release's walk finds the image too; the instance keeps the resource
// it sits in.
TEST(ExtractEmbedded, AnEmbeddedWorkloadKeepsItsOwnResource) {
  Config config = ConfigFrom(
      "version: 1\ncomponents:\n  - name: app\n    locators:\n      - image: ghcr.io/acme/app\n");
  std::string release =
      "apiVersion: helm.toolkit.fluxcd.io/v2\n"
      "kind: HelmRelease\n"
      "metadata:\n"
      "  name: raw\n"
      "spec:\n"
      "  values:\n"
      "    resources:\n"
      "      - apiVersion: apps/v1\n"
      "        kind: Deployment\n"
      "        metadata: {name: app}\n"
      "        spec:\n"
      "          template:\n"
      "            spec:\n"
      "              containers:\n"
      "                - name: app\n"
      "                  image: ghcr.io/acme/app:1.2.3\n";
  EXPECT_EQ(Found({{"apps/raw.yaml", release}}, config),
            std::vector<std::string>{"app 1.2.3 apps/raw.yaml:16:26 Deployment/app"});
}

TEST(ExtractEmbedded, ItemsThatAreNotManifestsAndOtherKeysAreNot) {
  std::string release =
      "apiVersion: helm.toolkit.fluxcd.io/v2\n"
      "kind: HelmRelease\n"
      "metadata:\n"
      "  name: db\n"
      "spec:\n"
      "  values:\n"
      "    resources:\n"
      "      limits: {cpu: 1}\n"
      "    rawResources:\n"
      "      - kind: Cluster\n"
      "        spec: {imageName: 'ghcr.io/cloudnative-pg/postgresql:15.4'}\n"
      "    templates:\n"
      "      - apiVersion: postgresql.cnpg.io/v1\n"
      "        kind: Cluster\n"
      "        spec: {imageName: 'ghcr.io/cloudnative-pg/postgresql:15.4'}\n";
  EXPECT_EQ(Found({{"apps/db.yaml", release}}, Postgres()), std::vector<std::string>{});
}

// A plain manifest file is not searched for embedded lists.
TEST(ExtractEmbedded, OnlyHelmReleasesAndApplicationsEmbed) {
  std::string list =
      "apiVersion: v1\n"
      "kind: ConfigMap\n"
      "metadata: {name: x}\n"
      "resources:\n"
      "  - apiVersion: postgresql.cnpg.io/v1\n"
      "    kind: Cluster\n"
      "    spec: {imageName: 'ghcr.io/cloudnative-pg/postgresql:15.4'}\n";
  EXPECT_EQ(Found({{"apps/x.yaml", list}}, Postgres()), std::vector<std::string>{});
}

TEST(ExtractEmbedded, FieldLocatorsFilterByNameAndNamespace) {
  Config config = ConfigFrom(
      "version: 1\ncomponents:\n  - name: flux\n    locators:\n"
      "      - field: {kind: GitRepository, path: spec.ref.tag, name: '^flux-system$', "
      "namespace: '^flux-system$'}\n");
  auto repo = [](const std::string& name, const std::string& ns, const std::string& tag) {
    return "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: " +
           name + "\n  namespace: " + ns + "\nspec:\n  ref:\n    tag: " + tag + "\n";
  };
  Files files = {{"a.yaml", repo("flux-system", "flux-system", "v2.3.0") + "---\n" +
                                repo("apps", "flux-system", "v9.0.0") + "---\n" +
                                repo("flux-system", "other", "v8.0.0")}};
  EXPECT_EQ(Found(files, config),
            std::vector<std::string>{"flux 2.3.0 a.yaml:8:10 GitRepository/flux-system"});
}

TEST(ExtractEmbedded, ABadNameFilterIsAConfigError) {
  auto config = LoadConfig(
      "version: 1\ncomponents:\n  - name: flux\n    locators:\n"
      "      - field: {kind: GitRepository, path: spec.ref.tag, name: '(('}\n",
      ".skewlint.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().ToString().substr(0, 67),
            ".skewlint.yaml:5:64: field locator: key 'name': invalid re2 pattern");
}

}  // namespace
}  // namespace skewlint::testing
