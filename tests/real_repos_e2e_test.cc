// End-to-end: what real GitOps repositories do that fixtures written beside
// the code missed (image names, Helm values layouts, chart appVersion, files
// that are not manifests, instance identity, build revisions).

#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

// Clears the variables base detection reads, so the tests behave the same
// inside a CI job.
constexpr const char* kCleanEnv =
    "env -u GITHUB_EVENT_NAME -u GITHUB_EVENT_PATH -u GITHUB_STEP_SUMMARY -u GITHUB_OUTPUT "
    "-u PRE_COMMIT_FROM_REF -u PRE_COMMIT_TO_REF -u NO_COLOR";

YamlNodePtr Json(const std::string& text) {
  ParsedYaml parsed = ParseYaml(text);
  EXPECT_TRUE(parsed.problems.empty() && !parsed.documents.empty()) << text;
  return parsed.documents.empty() ? std::make_shared<YamlNode>() : parsed.documents[0].root;
}

// "component path kind from -> to" of every change of a check.
std::vector<std::string> Changes(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = Json(json);
  const YamlNode* changes = root->Get("changes");
  for (const auto& c : changes ? changes->items : std::vector<YamlNodePtr>{}) {
    out.push_back(std::string(c->ScalarAt("component")) + " " + std::string(c->ScalarAt("path")) +
                  " " + std::string(c->ScalarAt("kind")) + " " + std::string(c->ScalarAt("from")) +
                  " -> " + std::string(c->ScalarAt("to")));
  }
  return out;
}

// "component version raw path:line pattern" of every instance of a state.
std::vector<std::string> Instances(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = Json(json);
  const YamlNode* instances = root->Get("instances");
  for (const auto& i : instances ? instances->items : std::vector<YamlNodePtr>{}) {
    const YamlNode* version = i->Get("version");
    out.push_back(std::string(i->ScalarAt("component")) + " " +
                  (version && !version->IsNull() ? version->scalar : "unversioned") + " " +
                  std::string(i->ScalarAt("raw")) + " " + std::string(i->ScalarAt("path")) + ":" +
                  std::string(i->ScalarAt("line")) + " " + std::string(i->ScalarAt("locator")) +
                  " '" + std::string(i->ScalarAt("pattern")) + "'");
  }
  return out;
}

std::string Deployment(const std::string& name, const std::string& image) {
  return "apiVersion: apps/v1\n"
         "kind: Deployment\n"
         "metadata:\n"
         "  name: " +
         name +
         "\n"
         "spec:\n"
         "  template:\n"
         "    spec:\n"
         "      containers:\n"
         "        - name: main\n"
         "          image: " +
         image + "\n";
}

class RealRepos : public ::testing::Test {
 protected:
  RunResult Check(const std::string& args = "--base main") {
    return RunSkewlint(repo.root(), "check --format json " + args, true, kCleanEnv);
  }
  RunResult State(const std::string& rev = "") {
    return RunSkewlint(repo.root(), "state --format json " + rev, true, kCleanEnv);
  }
  std::vector<std::string> Rules(const std::string& json) {
    std::vector<std::string> out;
    for (const auto& f : FindingsIn(json)) out.push_back(f.substr(0, f.find(' ')));
    return out;
  }

  TempRepo repo;
};

// ---------------------------------------------------------------------------
// Image locators match the whole name, or a suffix of it after a '/'.

constexpr const char* kImageConfig =
    "version: 1\n"
    "components:\n"
    "  - name: nginx\n"
    "    locators: [{image: nginx}]\n"
    "  - name: app-backend\n"
    "    locators: [{image: ghcr.io/acme/app-backend}]\n"
    "  - name: runtime\n"
    "    locators: [{image: '(^|/)acme/runtime$'}]\n"
    "policies:\n"
    "  - rule: version-skew\n"
    "    within: nginx\n"
    "    allow: patch\n"
    "rules: {image-digest: off}\n";

TEST_F(RealRepos, ImageLocatorsMatchTheWholeNameOrASuffixAfterASlash) {
  repo.Write(".skewlint.yaml", kImageConfig);
  repo.Write("web.yaml", Deployment("web", "nginx:1.25.3"));
  repo.Write("proxy.yaml", Deployment("proxy", "docker.io/library/nginx:1.25.3"));
  repo.Write("ingress.yaml",
             Deployment("ingress", "registry.k8s.io/ingress-nginx/controller:v1.10.0"));
  repo.Write("exporter.yaml", Deployment("exporter", "nginx/nginx-exporter:1.1.0"));
  repo.Write("backend.yaml", Deployment("backend", "ghcr.io/acme/app-backend:2.0.0"));
  repo.Write("worker.yaml", Deployment("worker", "ghcr.io/acme/app-backend-worker:2.0.0"));
  repo.Write("runtime.yaml", Deployment("runtime", "registry.example.com/acme/runtime:3.1.0"));
  repo.Write("other.yaml", Deployment("other", "registry.example.com/acme/runtime-tools:3.1.0"));
  repo.Commit("base");
  RunResult state = State();
  ASSERT_EQ(state.exit_code, 0) << state.out;
  EXPECT_EQ(Instances(state.out),
            (std::vector<std::string>{
                "app-backend 2.0.0 ghcr.io/acme/app-backend:2.0.0 backend.yaml:10 image "
                "'ghcr.io/acme/app-backend'",
                "nginx 1.25.3 docker.io/library/nginx:1.25.3 proxy.yaml:10 image 'nginx'",
                "nginx 1.25.3 nginx:1.25.3 web.yaml:10 image 'nginx'",
                "runtime 3.1.0 registry.example.com/acme/runtime:3.1.0 runtime.yaml:10 image "
                "'(^|/)acme/runtime$'"}));

  repo.Git("checkout -q -b bump");
  repo.Write("web.yaml", Deployment("web", "nginx:1.25.4"));
  repo.Write("proxy.yaml", Deployment("proxy", "docker.io/library/nginx:1.25.4"));
  repo.Commit("nginx patch");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{});
  EXPECT_EQ(Changes(r.out), (std::vector<std::string>{"nginx proxy.yaml patch 1.25.3 -> 1.25.4",
                                                      "nginx web.yaml patch 1.25.3 -> 1.25.4"}));
}

TEST_F(RealRepos, StateTextNamesTheLocatorPattern) {
  repo.Write(".skewlint.yaml", kImageConfig);
  repo.Write("web.yaml", Deployment("web", "nginx:1.25.3"));
  repo.Commit("base");
  RunResult state = RunSkewlint(repo.root(), "state", true, kCleanEnv);
  EXPECT_EQ(state.out.substr(0, state.out.find('\n')),
            "web.yaml:10:18: nginx 1.25.3 (nginx:1.25.3) [repository, image 'nginx', "
            "Deployment/web]");
}

// ---------------------------------------------------------------------------
// The config file is not a manifest.

TEST_F(RealRepos, TheConfigFileIsNotReadAsAManifest) {
  std::string config =
      "version: 1\n"
      "components:\n"
      "  - name: app\n"
      "    locators:\n"
      "      - image: ghcr.io/acme/app\n"
      "rules: {image-digest: off}\n";
  repo.Write(".skewlint.yaml", config);
  repo.Write("app.yaml", Deployment("app", "ghcr.io/acme/app:1.0.0"));
  repo.Commit("base");
  EXPECT_EQ(Instances(State().out),
            std::vector<std::string>{"app 1.0.0 ghcr.io/acme/app:1.0.0 app.yaml:10 image "
                                     "'ghcr.io/acme/app'"});
  repo.Git("checkout -q -b edit");
  repo.Write(".skewlint.yaml", config + "# the app team owns this file\n");
  repo.Commit("comment");
  RunResult r = Check();
  EXPECT_EQ(Rules(r.out), std::vector<std::string>{"policy-changed"}) << r.out;
  EXPECT_EQ(Changes(r.out), std::vector<std::string>{});
  RunResult plan = RunSkewlint(repo.root(), "plan --component app --to 1.1.0", true, kCleanEnv);
  EXPECT_EQ(plan.out.find(".skewlint.yaml"), std::string::npos) << plan.out;
}

TEST_F(RealRepos, AConfigFileGivenByPathIsNotReadAsAManifestEither) {
  repo.Write("ci/skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: app\n"
             "    locators:\n"
             "      - image: ghcr.io/acme/app\n");
  repo.Write("app.yaml", Deployment("app", "ghcr.io/acme/app:1.0.0"));
  repo.Commit("base");
  RunResult state =
      RunSkewlint(repo.root(), "state --format json --config ci/skewlint.yaml", true, kCleanEnv);
  EXPECT_EQ(Instances(state.out),
            std::vector<std::string>{"app 1.0.0 ghcr.io/acme/app:1.0.0 app.yaml:10 image "
                                     "'ghcr.io/acme/app'"});
}

// ---------------------------------------------------------------------------
// Instance identity: files are never paired with other files.

constexpr const char* kSpireConfig =
    "version: 1\npresets: [spire]\nrules:\n  image-digest: off\n  zero-downtime: off\n";

TEST_F(RealRepos, AnAddedFileIsMatchedOnlyToItself) {
  repo.Write(".skewlint.yaml", kSpireConfig);
  repo.Write("a/server.yaml", SpireServer("1.10.0"));
  repo.Write("c/server.yaml", SpireServer("1.10.0"));
  repo.Write("a/agent.yaml", SpireAgent("1.10.0"));
  repo.Commit("base");
  repo.Git("checkout -q -b add");
  repo.Write("b/server.yaml", SpireServer("1.9.0"));
  repo.Commit("another server");
  RunResult r = Check();
  EXPECT_EQ(Changes(r.out), std::vector<std::string>{"spire-server b/server.yaml added  -> 1.9.0"});
  for (const std::string& rule : Rules(r.out)) EXPECT_NE(rule, "downgrade-order") << r.out;
}

TEST_F(RealRepos, ARenamedFileKeepsItsInstances) {
  repo.Write(".skewlint.yaml", kSpireConfig);
  repo.Write("a/server.yaml", SpireServer("1.10.0"));
  repo.Write("c/server.yaml", SpireServer("1.10.0"));
  repo.Commit("base");
  repo.Git("checkout -q -b move");
  repo.Git("mv a/server.yaml d/server.yaml 2>/dev/null || (mkdir -p d && git mv a/server.yaml d/)");
  repo.Write("d/server.yaml", SpireServer("1.10.1"));
  repo.Commit("move and bump");
  RunResult r = Check();
  EXPECT_EQ(Changes(r.out),
            std::vector<std::string>{"spire-server d/server.yaml patch 1.10.0 -> 1.10.1"});
}

// ---------------------------------------------------------------------------
// Build revisions are rebuilds of a release, never pre-releases.

TEST_F(RealRepos, BuildRevisionsArePatchMovesNotDowngrades) {
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: postgres\n"
             "    locators: [{image: postgres}]\n"
             "  - name: nginx\n"
             "    locators: [{image: bitnami/nginx}]\n"
             "  - name: redis\n"
             "    locators: [{image: bitnami/redis}]\n"
             "rules: {image-digest: off}\n");
  repo.Write("db.yaml", Deployment("db", "postgres:14.7"));
  repo.Write("web.yaml", Deployment("web", "docker.io/bitnami/nginx:1.25.3-r4"));
  repo.Write("cache.yaml", Deployment("cache", "docker.io/bitnami/redis:2.4.1-debian-12-r3"));
  repo.Commit("base");
  repo.Git("checkout -q -b rebuilds");
  repo.Write("db.yaml", Deployment("db", "postgres:14.7-11"));
  repo.Write("web.yaml", Deployment("web", "docker.io/bitnami/nginx:1.25.3-r5"));
  repo.Write("cache.yaml", Deployment("cache", "docker.io/bitnami/redis:2.4.1-debian-12-r4"));
  repo.Commit("rebuilds");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{});
  EXPECT_EQ(Changes(r.out), (std::vector<std::string>{
                                "redis cache.yaml patch 2.4.1-debian-12-r3 -> 2.4.1-debian-12-r4",
                                "postgres db.yaml patch 14.7 -> 14.7-11",
                                "nginx web.yaml patch 1.25.3-r4 -> 1.25.3-r5"}));
  repo.Write("web.yaml", Deployment("web", "docker.io/bitnami/nginx:1.25.3-r3"));
  repo.Commit("back to r3");
  r = Check();
  EXPECT_EQ(Changes(r.out)[2], "nginx web.yaml downgrade 1.25.3-r4 -> 1.25.3-r3") << r.out;
}

// ---------------------------------------------------------------------------
// Helm values layouts.

TEST_F(RealRepos, HelmValuesLayoutsAreReadWithTheirRegistry) {
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: ingress-controller\n"
             "    locators: [{image: registry.k8s.io/ingress-nginx/controller}]\n"
             "  - name: certgen\n"
             "    locators: [{image: registry.k8s.io/ingress-nginx/kube-webhook-certgen}]\n"
             "  - name: redis\n"
             "    locators: [{image: registry.example.com/bitnami/redis}]\n"
             "  - name: worker\n"
             "    locators: [{image: ghcr.io/acme/worker}]\n"
             "rules: {image-digest: off}\n");
  repo.Write("ingress/values.yaml",
             "global:\n"
             "  image:\n"
             "    registry: registry.k8s.io\n"
             "controller:\n"
             "  image:\n"
             "    chroot: false\n"
             "    registry: registry.k8s.io\n"
             "    image: ingress-nginx/controller\n"
             "    tag: v1.10.0\n"
             "    digest: sha256:42b3f0e5d0846876b1791cd3afeb5f1cbbe4259d6f35651dcc1b5c980925379c\n"
             "  admissionWebhooks:\n"
             "    patch:\n"
             "      image:\n"
             "        image: ingress-nginx/kube-webhook-certgen\n"
             "        tag: v1.4.0\n");
  repo.Write("redis/values.yaml",
             "global:\n"
             "  imageRegistry: registry.example.com\n"
             "image:\n"
             "  registry: docker.io\n"
             "  repository: bitnami/redis\n"
             "  tag: 7.2.4-debian-12-r9\n"
             "worker:\n"
             "  image: \"ghcr.io/acme/worker:3.0.1\"\n");
  repo.Commit("base");
  RunResult state = State();
  ASSERT_EQ(state.exit_code, 0) << state.out;
  EXPECT_EQ(Instances(state.out),
            (std::vector<std::string>{
                "certgen 1.4.0 registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.0 "
                "ingress/values.yaml:15 image 'registry.k8s.io/ingress-nginx/kube-webhook-certgen'",
                "ingress-controller 1.10.0 registry.k8s.io/ingress-nginx/controller:v1.10.0@sha256:"
                "42b3f0e5d0846876b1791cd3afeb5f1cbbe4259d6f35651dcc1b5c980925379c "
                "ingress/values.yaml:9 image 'registry.k8s.io/ingress-nginx/controller'",
                "redis 7.2.4 registry.example.com/bitnami/redis:7.2.4-debian-12-r9 "
                "redis/values.yaml:6 image 'registry.example.com/bitnami/redis'",
                "worker 3.0.1 ghcr.io/acme/worker:3.0.1 redis/values.yaml:8 image "
                "'ghcr.io/acme/worker'"}));
}

// ---------------------------------------------------------------------------
// Empty tags take the owning chart's appVersion.

std::string SpireUmbrellaChart(const std::string& app_version) {
  return "apiVersion: v2\n"
         "name: spire\n"
         "version: 0.1.0\n"
         "appVersion: \"" +
         app_version + "\"\n";
}

constexpr const char* kSpireUmbrellaValues =
    "server:\n"
    "  image:\n"
    "    repository: gcr.io/spiffe-io/spire-server\n"
    "    tag: \"\"\n"
    "agent:\n"
    "  image:\n"
    "    repository: gcr.io/spiffe-io/spire-agent\n"
    "    tag: \"\"\n";

TEST_F(RealRepos, EmptyTagsTakeTheChartsAppVersion) {
  repo.Write(".skewlint.yaml", kSpireConfig);
  repo.Write("spire/Chart.yaml", SpireUmbrellaChart("1.0.2"));
  repo.Write("spire/values.yaml", kSpireUmbrellaValues);
  repo.Commit("base");
  EXPECT_EQ(Instances(State().out),
            (std::vector<std::string>{
                "spire-agent 1.0.2 1.0.2 spire/Chart.yaml:4 image 'spiffe(-io)?/spire-agent'",
                "spire-server 1.0.2 1.0.2 spire/Chart.yaml:4 image 'spiffe(-io)?/spire-server'"}));
  repo.Git("checkout -q -b bump");
  repo.Write("spire/Chart.yaml", SpireUmbrellaChart("1.4.4"));
  repo.Commit("spire 1.4.4");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Changes(r.out),
            (std::vector<std::string>{"spire-agent spire/Chart.yaml minor 1.0.2 -> 1.4.4",
                                      "spire-server spire/Chart.yaml minor 1.0.2 -> 1.4.4"}));
  EXPECT_EQ(FindingsIn(r.out, true, [](std::string_view rule) { return rule == "minor-jump"; }),
            (std::vector<std::string>{
                "minor-jump spire/Chart.yaml:4:13 spire-agent jumps from 1.0.2 to 1.4.4 in one "
                "change in the repository (4 minors; at most 1 minor per upgrade is supported); "
                "upgrade to 1.1 first",
                "minor-jump spire/Chart.yaml:4:13 spire-server jumps from 1.0.2 to 1.4.4 in one "
                "change in the repository (4 minors; at most 1 minor per upgrade is supported); "
                "upgrade to 1.1 first"}));
}

TEST_F(RealRepos, ASubchartsValuesTakeTheSubchartsAppVersion) {
  repo.Write(".skewlint.yaml", kSpireConfig);
  repo.Write("spire/Chart.yaml", SpireUmbrellaChart("9.9.9"));
  repo.Write("spire/charts/server/Chart.yaml",
             "apiVersion: v2\nname: server\nversion: 0.1.0\nappVersion: 1.9.6\n");
  repo.Write("spire/charts/server/values.yaml",
             "image:\n  registry: ghcr.io\n  repository: spiffe/spire-server\n  tag: \"\"\n");
  repo.Commit("base");
  EXPECT_EQ(Instances(State().out),
            std::vector<std::string>{"spire-server 1.9.6 1.9.6 spire/charts/server/Chart.yaml:4 "
                                     "image 'spiffe(-io)?/spire-server'"});
}

// ---------------------------------------------------------------------------
// What is not a manifest, and YAML that yaml-cpp alone rejects.

TEST_F(RealRepos, BinaryAndEncryptedFilesAreSkippedWithoutAFinding) {
  repo.Write(".skewlint.yaml", kSpireConfig);
  repo.Write(".gitattributes",
             "secrets/** filter=git-crypt diff=git-crypt\n"
             "*.bin.yaml -diff\n"
             "blobs/* binary\n");
  repo.Write("clusters/prod/server.yaml", SpireServer("1.9.6"));
  repo.Commit("base");
  repo.Git("checkout -q -b secrets");
  repo.Write("clusters/prod/secret.yaml", std::string("\0GITCRYPT\0\x93\x11spire-server{[", 26));
  repo.Write("clusters/prod/logo.yaml", std::string("PNG\0\0spire-server: [", 20));
  // Text that git-crypt's filter would hide, as a clone without the key holds it.
  repo.Write("secrets/db.yaml", "spire-server: [unterminated\n");
  repo.Write("clusters/prod/dump.bin.yaml", "spire-server: {a: [\n");
  repo.Write("blobs/raw.yaml", "spire-server: \"open\n");
  repo.Commit("secrets");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{});
}

TEST_F(RealRepos, AnAnchoredBlockScalarInASequenceIsValidYaml) {
  repo.Write(".skewlint.yaml", kSpireConfig);
  repo.Commit("base");
  repo.Git("checkout -q -b talos");
  repo.Write("talos/patches.yaml",
             "patches:\n"
             "  - &extra |-\n"
             "    machine:\n"
             "      kubelet: {}\n"
             "  - *extra\n"
             "  - !!str >\n"
             "    folded\n"
             "server:\n"
             "  image: ghcr.io/spiffe/spire-server:1.9.6\n");
  repo.Commit("talos patches");
  RunResult r = Check();
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{}) << r.out;
  EXPECT_EQ(Changes(r.out),
            std::vector<std::string>{"spire-server talos/patches.yaml added  -> 1.9.6"});
  EXPECT_EQ(Instances(State().out),
            std::vector<std::string>{"spire-server 1.9.6 ghcr.io/spiffe/spire-server:1.9.6 "
                                     "talos/patches.yaml:9 image 'spiffe(-io)?/spire-server'"});
}

TEST_F(RealRepos, ParseErrorIsAnErrorOnlyWhereTrackedThingsAre) {
  repo.Write(".skewlint.yaml", kSpireConfig);
  repo.Write("clusters/prod/server.yaml", SpireServer("1.9.6"));
  repo.Write("clusters/prod/notes.yaml", "owner: platform\n");
  repo.Commit("base");
  repo.Git("checkout -q -b broken");
  repo.Write("clusters/prod/server.yaml", "kind: StatefulSet\nspec: [\n");
  repo.Write("clusters/prod/notes.yaml", "owner: [platform\n");
  repo.Write("clusters/prod/agent.yaml", "image: [ghcr.io/spiffe/spire-agent\n");
  repo.Commit("broken");
  RunResult r = Check();
  ParsedYaml parsed = ParseYaml(r.out);
  ASSERT_FALSE(parsed.documents.empty()) << r.out;
  std::vector<std::string> severities;
  for (const auto& f : parsed.documents[0].root->Get("findings")->items) {
    severities.push_back(std::string(f->ScalarAt("path")) + " " +
                         std::string(f->ScalarAt("severity")));
  }
  EXPECT_EQ(severities, (std::vector<std::string>{"clusters/prod/agent.yaml error",
                                                  "clusters/prod/notes.yaml warning",
                                                  "clusters/prod/server.yaml error"}));
}

// ---------------------------------------------------------------------------
// experimental-feature: a subchart's values belong to that subchart.

TEST_F(RealRepos, ASubchartsExperimentalValuesBlameItsOwnComponent) {
  repo.Write(".skewlint.yaml", "version: 1\npresets: [spire]\n");
  repo.Write("charts/spire/Chart.yaml",
             "apiVersion: v2\nname: spire\nversion: 0.1.0\ndependencies:\n"
             "  - name: spire-server\n    version: 0.1.0\n  - name: spire-agent\n"
             "    version: 0.1.0\n");
  repo.Write("charts/spire/charts/spire-agent/Chart.yaml",
             "apiVersion: v2\nname: spire-agent\nversion: 0.1.0\nappVersion: 1.9.6\n");
  repo.Write("charts/spire/charts/spire-agent/values.yaml", "logLevel: info\n");
  repo.Commit("base");
  repo.Git("checkout -q -b experimental");
  repo.Write("charts/spire/charts/spire-agent/values.yaml",
             "logLevel: info\nexperimental:\n  enabled: true\n");
  repo.Commit("experimental");
  RunResult r = Check();
  std::vector<std::string> components;
  ParsedYaml parsed = ParseYaml(r.out);
  ASSERT_FALSE(parsed.documents.empty()) << r.out;
  for (const auto& f : parsed.documents[0].root->Get("findings")->items) {
    components.push_back(std::string(f->ScalarAt("rule")) + " " +
                         std::string(f->ScalarAt("component")));
  }
  EXPECT_EQ(components, std::vector<std::string>{"experimental-feature spire-agent"}) << r.out;
}

// ---------------------------------------------------------------------------
// Corpus follow-up: Helm test hooks, disabled experimental blocks, null CR
// fields, release values without a tag, `{{ }}` in values, `*Image` maps.

std::string ChartYaml(const std::string& name, const std::string& app_version) {
  return "apiVersion: v2\nname: " + name + "\nversion: 0.1.0\nappVersion: " + app_version + "\n";
}

// A static test Pod of a chart (no template expression in it).
std::string TestPod(const std::string& name, const std::string& image,
                    const std::string& hook = "test") {
  return "apiVersion: v1\n"
         "kind: Pod\n"
         "metadata:\n"
         "  name: " +
         name +
         "\n"
         "  annotations:\n"
         "    helm.sh/hook: " +
         hook +
         "\n"
         "spec:\n"
         "  containers:\n"
         "    - name: test\n"
         "      image: " +
         image + "\n";
}

// spiffe/helm-charts-hardened: the OIDC discovery provider chart runs its
// `helm test` Pods with the spire-agent image (values `tests.agent.image`,
// tag "" = the chart's appVersion, and templates/tests/). Test hooks are not
// deployed by an upgrade: they are no spire-agent instance.
TEST_F(RealRepos, HelmTestHookImagesAreNotDeployedComponents) {
  auto write = [this](const std::string& version) {
    repo.Write("charts/spire/charts/spire-server/Chart.yaml", ChartYaml("spire-server", version));
    repo.Write("charts/spire/charts/oidc/Chart.yaml",
               ChartYaml("spiffe-oidc-discovery-provider", version));
    repo.Write("charts/spire/charts/oidc/templates/tests/test-keys.yaml",
               TestPod("test-keys", "ghcr.io/spiffe/spire-agent:" + version, "pre-install"));
    repo.Write("tests/hooks/smoke.yaml",
               TestPod("smoke", "ghcr.io/spiffe/spire-agent:" + version, "test-success"));
    repo.Write("clusters/prod/release.yaml",
               "apiVersion: helm.toolkit.fluxcd.io/v2\n"
               "kind: HelmRelease\n"
               "metadata: {name: oidc, namespace: spire}\n"
               "spec:\n"
               "  chart:\n"
               "    spec: {chart: spiffe-oidc-discovery-provider, version: 0.1.0}\n"
               "  values:\n"
               "    test:\n"
               "      image: ghcr.io/spiffe/spire-agent:" +
                   version + "\n");
  };
  repo.Write(".skewlint.yaml", kSpireConfig);
  repo.Write("charts/spire/charts/spire-server/values.yaml",
             "image:\n  registry: ghcr.io\n  repository: spiffe/spire-server\n  tag: \"\"\n");
  repo.Write("charts/spire/charts/oidc/values.yaml",
             "image:\n"
             "  registry: ghcr.io\n"
             "  repository: spiffe/oidc-discovery-provider\n"
             "  tag: \"\"\n"
             "tests:\n"
             "  agent:\n"
             "    image:\n"
             "      registry: ghcr.io\n"
             "      repository: spiffe/spire-agent\n"
             "      tag: \"\"\n"
             "  bash:\n"
             "    image: {registry: cgr.dev, repository: chainguard/bash, tag: latest}\n");
  write("1.10.0");
  repo.Commit("base");
  EXPECT_EQ(Instances(State().out),
            std::vector<std::string>{"spire-server 1.10.0 1.10.0 "
                                     "charts/spire/charts/spire-server/Chart.yaml:4 "
                                     "chart_app_version '^spire-server$'"});
  repo.Git("checkout -q -b bump");
  write("1.10.1");
  repo.Commit("spire 1.10.1");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{});
  EXPECT_EQ(Changes(r.out), std::vector<std::string>{"spire-server "
                                                     "charts/spire/charts/spire-server/Chart.yaml "
                                                     "patch 1.10.0 -> 1.10.1"});
}

// helm-charts-hardened afba33f179: the agent chart gains an experimental
// block that stays off. A block whose `enabled` is false switches nothing on.
TEST_F(RealRepos, ADisabledExperimentalBlockIsNoExperimentalFeature) {
  repo.Write(".skewlint.yaml", "version: 1\npresets: [spire]\n");
  repo.Write("charts/spire-agent/Chart.yaml", ChartYaml("spire-agent", "1.9.6"));
  repo.Write("charts/spire-agent/values.yaml", "logLevel: info\n");
  repo.Commit("base");
  repo.Git("checkout -q -b experimental");
  repo.Write("charts/spire-agent/values.yaml",
             "logLevel: info\n"
             "experimental:\n"
             "  enabled: false\n"
             "  syncInterval: 5s\n"
             "  featureFlags: []\n"
             "brokerAPI:\n"
             "  tcp:\n"
             "    enabled: False\n"
             "    bindAddress: 0.0.0.0:8788\n"
             "  brokers:\n"
             "    spire-ha-agent:\n"
             "      enabled: false\n"
             "      idTemplate: spiffe://{{ .TrustDomain }}/spire-ha-agent\n");
  repo.Commit("experimental block, off");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{});
  repo.Write("charts/spire-agent/values.yaml",
             "logLevel: info\n"
             "experimental:\n"
             "  enabled: true\n"
             "  syncInterval: 5s\n"
             "  featureFlags: []\n"
             "brokerAPI:\n"
             "  tcp:\n"
             "    enabled: False\n"
             "    bindAddress: 0.0.0.0:8788\n"
             "  brokers:\n"
             "    spire-ha-agent:\n"
             "      enabled: false\n"
             "      idTemplate: spiffe://{{ .TrustDomain }}/spire-ha-agent\n"
             "  allowedUsers: [root]\n");
  repo.Commit("switch it on");
  r = Check();
  EXPECT_EQ(FindingsIn(r.out, true),
            (std::vector<std::string>{
                "experimental-feature charts/spire-agent/values.yaml:2:1 the change adds "
                "experimental settings in the spire-agent configuration (experimental of "
                "charts/spire-agent/values.yaml) in the repository: experimental features are not "
                "covered by the upgrade and compatibility guarantees and may change or be removed "
                "in any release; re-test them on every upgrade, or leave them out",
                "experimental-feature charts/spire-agent/values.yaml:6:1 the change adds "
                "experimental settings in the spire-agent configuration (brokerAPI of "
                "charts/spire-agent/values.yaml) in the repository: experimental features are not "
                "covered by the upgrade and compatibility guarantees and may change or be removed "
                "in any release; re-test them on every upgrade, or leave them out"}));
}

std::string WidgetCrdWithOld() {
  return "apiVersion: apiextensions.k8s.io/v1\n"
         "kind: CustomResourceDefinition\n"
         "metadata:\n"
         "  name: widgets.example.com\n"
         "  labels: {app.kubernetes.io/version: 1.0.0}\n"
         "spec:\n"
         "  group: example.com\n"
         "  names: {kind: Widget, plural: widgets}\n"
         "  scope: Namespaced\n"
         "  versions:\n"
         "    - name: v1\n"
         "      served: true\n"
         "      storage: true\n"
         "      schema:\n"
         "        openAPIV3Schema:\n"
         "          type: object\n"
         "          properties:\n"
         "            spec:\n"
         "              type: object\n"
         "              properties:\n"
         "                size: {type: integer}\n"
         "                old:\n"
         "                  type: string\n"
         "                  description: 'Deprecated: use size'\n";
}

// rook deploy/examples/pool.yaml: `annotations:` with every child commented
// out is null; so is `field: ~`. A null field sets nothing.
TEST_F(RealRepos, ANullFieldOfACustomResourceSetsNothing) {
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: widgets\n"
             "    locators: [{crd: '^example\\.com$'}]\n"
             "policies:\n"
             "  - rule: removed-field-in-use\n"
             "    component: widgets\n"
             "  - rule: deprecated-field-in-use\n"
             "    component: widgets\n");
  repo.Write("crds/widgets.yaml", WidgetCrdWithOld());
  repo.Commit("base");
  repo.Git("checkout -q -b widget");
  repo.Write("apps/widget.yaml",
             "apiVersion: example.com/v1\n"
             "kind: Widget\n"
             "metadata: {name: w}\n"
             "spec:\n"
             "  size: 1\n"
             "  old: ~\n"
             "  # A key/value list of annotations\n"
             "  annotations:\n"
             "  #  key: value\n"
             "  labels: null\n");
  repo.Commit("a widget");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{});
  repo.Write("apps/widget.yaml",
             "apiVersion: example.com/v1\n"
             "kind: Widget\n"
             "metadata: {name: w}\n"
             "spec:\n"
             "  size: 1\n"
             "  old: x\n"
             "  annotations:\n"
             "    key: value\n");
  repo.Commit("set them");
  r = Check();
  EXPECT_EQ(Rules(r.out),
            (std::vector<std::string>{"deprecated-field-in-use", "removed-field-in-use"}))
      << r.out;
}

// onedr0p/home-ops: the HelmRelease overrides only image.repository; the tag
// is the appVersion of the chart the OCIRepository names. The component
// tracks that chart: the chart's version stands for it, no warning.
std::string RookRelease(const std::string& tag, const std::string& values_extra = "") {
  return "apiVersion: source.toolkit.fluxcd.io/v1\n"
         "kind: OCIRepository\n"
         "metadata:\n"
         "  name: rook-ceph\n"
         "spec:\n"
         "  ref:\n"
         "    tag: " +
         tag +
         "\n"
         "  url: oci://ghcr.io/rook/rook-ceph\n"
         "---\n"
         "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: rook-ceph\n"
         "spec:\n"
         "  chartRef:\n"
         "    kind: OCIRepository\n"
         "    name: rook-ceph\n"
         "  values:\n" +
         values_extra +
         "    image:\n"
         "      repository: ghcr.io/rook/ceph\n";
}

TEST_F(RealRepos, AnUntaggedReleaseImageOfATrackedChartIsTheChart) {
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: rook-ceph\n"
             "    locators:\n"
             "      - chart: '^rook-ceph$'\n"
             "      - image: '(^|/)rook/ceph$'\n"
             "policies:\n"
             "  - rule: minor-jump\n"
             "    component: rook-ceph\n"
             "    max: 1\n");
  repo.Write("apps/rook-ceph/helmrelease.yaml", RookRelease("v1.16.7"));
  repo.Commit("base");
  EXPECT_EQ(Instances(State().out),
            std::vector<std::string>{"rook-ceph 1.16.7 v1.16.7 apps/rook-ceph/helmrelease.yaml:7 "
                                     "chart '^rook-ceph$'"});
  repo.Git("checkout -q -b bump");
  repo.Write("apps/rook-ceph/helmrelease.yaml", RookRelease("v1.17.7"));
  repo.Commit("rook 1.17.7");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{});
  EXPECT_EQ(Changes(r.out),
            std::vector<std::string>{
                "rook-ceph apps/rook-ceph/helmrelease.yaml minor v1.16.7 -> v1.17.7"});
}

// The same release when only the image is tracked: its version is the
// chart's appVersion, which the repository does not hold. A chart bump moves
// it, so the bump is reported as unchecked instead of passing in silence.
TEST_F(RealRepos, AnUntaggedReleaseImageNamesTheChartItsVersionComesFrom) {
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: rook-operator\n"
             "    locators: [{image: '(^|/)rook/ceph$'}]\n");
  repo.Write("apps/rook-ceph/helmrelease.yaml", RookRelease("v1.16.7"));
  repo.Commit("base");
  repo.Git("checkout -q -b bump");
  repo.Write("apps/rook-ceph/helmrelease.yaml", RookRelease("v1.17.7"));
  // A chart from a Git path is no packaged chart: the ordinary warning.
  repo.Write("apps/local/helmrelease.yaml",
             "apiVersion: helm.toolkit.fluxcd.io/v2\n"
             "kind: HelmRelease\n"
             "metadata: {name: local}\n"
             "spec:\n"
             "  chart:\n"
             "    spec: {chart: ./charts/rook-ceph, sourceRef: {kind: GitRepository, name: x}}\n"
             "  values:\n"
             "    image: {repository: ghcr.io/rook/ceph}\n");
  repo.Commit("rook 1.17.7");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out, true),
            (std::vector<std::string>{
                "unversioned apps/local/helmrelease.yaml:8:12 rook-operator in the repository is "
                "set to 'ghcr.io/rook/ceph', which names no version, so no version rule can check "
                "it; pin a released version (1.2.3, or 1.2.3@sha256:... to pin the digest too)",
                "unversioned apps/rook-ceph/helmrelease.yaml:20:7 rook-operator in the repository "
                "takes its tag from the appVersion of chart rook-ceph v1.17.7 (image "
                "ghcr.io/rook/ceph with no tag), which the repository does not hold, so no "
                "version rule can check it; set the tag in the release's values, or track the "
                "chart with a chart locator on rook-operator"}));
}

// Values passed to a chart may hold `{{ }}` strings (the chart renders them
// with tpl): the file is still YAML. Only files that fail to parse because
// of templating are templates.
TEST_F(RealRepos, TemplateStringsInReleaseValuesDoNotHideTheRelease) {
  auto release = [](const std::string& version) {
    return "apiVersion: helm.toolkit.fluxcd.io/v2\n"
           "kind: HelmRelease\n"
           "metadata:\n"
           "  name: cert-manager\n"
           "spec:\n"
           "  chart:\n"
           "    spec:\n"
           "      chart: cert-manager\n"
           "      version: " +
           version +
           "\n"
           "  values:\n"
           "    podAnnotations:\n"
           "      release: \"{{ .Release.Name }}\"\n"
           "    webhook:\n"
           "      image: \"{{ .Values.global.registry }}/jetstack/cert-manager-webhook:v9\"\n";
  };
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: cert-manager\n"
             "    locators:\n"
             "      - chart: '^cert-manager$'\n"
             "  - name: webhook\n"
             "    locators:\n"
             "      - image: '(^|/)jetstack/cert-manager-webhook$'\n"
             "policies:\n"
             "  - rule: minor-jump\n"
             "    component: cert-manager\n"
             "    max: 1\n");
  repo.Write("infra/cert-manager.yaml", release("1.14.4"));
  repo.Write("charts/app/templates/deployment.yaml",
             "kind: Deployment\nimage: \"{{ .Values.image }}\"\nchart: cert-manager\n");
  repo.Commit("base");
  repo.Git("checkout -q -b bump");
  repo.Write("infra/cert-manager.yaml", release("1.16.1"));
  repo.Write("deploy/render-me.yaml", "{{- if .Values.enabled }}\nkind: Pod\n{{- end }}\n");
  repo.Commit("cert-manager 1.16.1");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{"minor-jump infra/cert-manager.yaml:9:16"});
  EXPECT_EQ(Changes(r.out), std::vector<std::string>{
                                "cert-manager infra/cert-manager.yaml minor 1.14.4 -> 1.16.1"});
}

// rook-ceph-cluster values: `cephImage: {repository, tag}`. Any `<name>Image`
// map or string is an image, as `image` is.
TEST_F(RealRepos, NamedImageKeysOfHelmValuesAreImages) {
  auto values = [](const std::string& tag) {
    return "cephImage:\n"
           "  repository: quay.io/ceph/ceph\n"
           "  tag: " +
           tag +
           "\n"
           "  allowUnsupported: false\n"
           "csi:\n"
           "  cephcsi:\n"
           "    sidecarImage: quay.io/ceph/ceph:" +
           tag + "\n";
  };
  repo.Write(".skewlint.yaml",
             "version: 1\n"
             "components:\n"
             "  - name: ceph\n"
             "    locators: [{image: '(^|/)ceph/ceph$'}]\n"
             "policies:\n"
             "  - rule: minor-jump\n"
             "    component: ceph\n"
             "    max: 1\n"
             "rules: {image-digest: off}\n");
  repo.Write("charts/rook-ceph-cluster/Chart.yaml", ChartYaml("rook-ceph-cluster", "0.0.1"));
  repo.Write("charts/rook-ceph-cluster/values.yaml", values("v18.2.2"));
  repo.Commit("base");
  EXPECT_EQ(Instances(State().out),
            (std::vector<std::string>{
                "ceph 18.2.2 quay.io/ceph/ceph:v18.2.2 charts/rook-ceph-cluster/values.yaml:3 "
                "image '(^|/)ceph/ceph$'",
                "ceph 18.2.2 quay.io/ceph/ceph:v18.2.2 charts/rook-ceph-cluster/values.yaml:7 "
                "image '(^|/)ceph/ceph$'"}));
  repo.Git("checkout -q -b bump");
  repo.Write("charts/rook-ceph-cluster/values.yaml", values("v18.4.0"));
  repo.Commit("ceph 18.4");
  RunResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(FindingsIn(r.out),
            std::vector<std::string>{"minor-jump charts/rook-ceph-cluster/values.yaml:3:8"});
  EXPECT_EQ(Changes(r.out),
            (std::vector<std::string>{
                "ceph charts/rook-ceph-cluster/values.yaml minor v18.2.2 -> v18.4.0",
                "ceph charts/rook-ceph-cluster/values.yaml minor v18.2.2 -> v18.4.0"}));
}

}  // namespace
}  // namespace skewlint::testing
