#include "linter/config.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "linter/engine.h"
#include "tests/state_fixture.h"

namespace skewlint {
namespace {

std::string LoadError(const std::string& text) {
  auto config = LoadConfig(text, ".skewlint.yaml");
  return config.ok() ? "(loaded)" : config.error().ToString();
}

TEST(Config, SpecExampleLoads) {
  auto config = LoadConfig(
      "version: 1\n"
      "presets: [spiceai, spire]\n"
      "scopes:\n"
      "  - '^clusters/(?P<scope>[^/]+)/'\n"
      "paths:\n"
      "  include: ['**/*.yaml', '**/*.yml']\n"
      "  exclude: ['docs/**']\n"
      "components:\n"
      "  - name: my-runtime\n"
      "    locators:\n"
      "      - image: '(^|/)acme/runtime$'\n"
      "  - name: my-operator\n"
      "    locators:\n"
      "      - chart: '^acme-operator$'\n"
      "policies:\n"
      "  - rule: version-skew\n"
      "    id: runtime-vs-operator\n"
      "    newer: my-runtime\n"
      "    than: my-operator\n"
      "    allow: patch\n"
      "rules:\n"
      "  minor-jump: off\n"
      "  version-skew: warning\n"
      "promotion:\n"
      "  order: [dev, staging, prod]\n"
      "  bake_hours: 24\n"
      "ignore:\n"
      "  - rule: minor-jump\n"
      "    path: 'clusters/lab/**'\n"
      "    reason: lab clusters follow upstream directly\n",
      ".skewlint.yaml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->presets, (std::vector<std::string>{"spiceai", "spire"}));
  ASSERT_NE(config->FindComponent("my-runtime"), nullptr);
  ASSERT_NE(config->FindComponent("spire-agent"), nullptr);
  EXPECT_EQ(config->policies.back().id, "runtime-vs-operator");
  EXPECT_EQ(config->policies.back().source, "config");
  EXPECT_FALSE(config->rules.at("minor-jump").enabled);
  EXPECT_EQ(config->rules.at("version-skew").severity, Severity::kWarning);
  EXPECT_EQ(config->promotion.order, (std::vector<std::string>{"dev", "staging", "prod"}));
  EXPECT_EQ(config->promotion.bake_hours, 24);
  ASSERT_EQ(config->ignores.size(), 1u);
  EXPECT_TRUE(config->IncludesPath("clusters/prod/a.yaml"));
  EXPECT_TRUE(config->IncludesPath("top.yml"));
  EXPECT_FALSE(config->IncludesPath("docs/example.yaml"));
  EXPECT_FALSE(config->IncludesPath("clusters/prod/README.md"));
  auto checks = BuildChecks(*config);
  ASSERT_TRUE(checks.ok()) << checks.error().ToString();
}

TEST(Config, UnknownTopLevelKey) {
  EXPECT_EQ(LoadError("version: 1\npolcies: []\n"),
            ".skewlint.yaml:2:1: unknown key 'polcies' in the config; expected one of: version, "
            "presets, scopes, paths, components, policies, rules, promotion, ignore, adjacent, "
            "limits, base");
}

TEST(Config, BadRe2Pattern) {
  EXPECT_EQ(LoadError("components:\n  - name: x\n    locators:\n      - image: 'a(b'\n"),
            ".skewlint.yaml:4:16: image: invalid re2 pattern 'a(b': missing ): a(b");
}

TEST(Config, ScopePatternNeedsANamedGroup) {
  EXPECT_EQ(LoadError("scopes: ['^clusters/([^/]+)/']\n"),
            ".skewlint.yaml:1:10: scopes: the pattern needs a named group (?P<scope>...)");
}

TEST(Config, UnknownRuleInRules) {
  EXPECT_EQ(LoadError("rules:\n  image-digests: off\n"),
            ".skewlint.yaml:2:3: unknown rule 'image-digests'; `skewlint rules` lists them");
}

TEST(Config, BadSeverity) {
  EXPECT_EQ(LoadError("rules:\n  minor-jump: fatal\n"),
            ".skewlint.yaml:2:15: rules.minor-jump: expected off, error, warning or notice, found "
            "'fatal'");
}

TEST(Config, UnknownPreset) {
  EXPECT_EQ(LoadError("presets: [linkerd]\n"),
            ".skewlint.yaml:1:10: unknown preset 'linkerd'; built-in presets: cert-manager, istio, "
            "kubernetes, rook-ceph, spiceai, spire, talos");
}

TEST(Config, WrongVersion) {
  EXPECT_EQ(LoadError("version: 2\n"), ".skewlint.yaml:1:10: version: expected 1, found '2'");
}

TEST(Config, IgnoreNeedsAReason) {
  EXPECT_EQ(LoadError("ignore:\n  - rule: minor-jump\n    path: 'a/**'\n"),
            ".skewlint.yaml:2:5: ignore entry (say why it is ignored): missing key 'reason'");
}

TEST(Config, UnknownLocator) {
  EXPECT_EQ(LoadError("components:\n  - name: x\n    locators:\n      - helm: 'x'\n"),
            ".skewlint.yaml:4:9: unknown locator 'helm'; expected one of image, chart, "
            "chart_app_version, crd, field");
}

TEST(Config, FieldLocatorNeedsAPath) {
  EXPECT_EQ(LoadError("components:\n  - name: x\n    locators:\n      - field: {kind: Foo}\n"),
            ".skewlint.yaml:4:16: field locator: missing key 'path'");
}

TEST(Config, PolicyWithAnUnknownRule) {
  EXPECT_EQ(LoadError("policies:\n  - rule: skew\n"),
            ".skewlint.yaml:2:11: unknown rule 'skew'; `skewlint rules` lists them");
}

TEST(Config, DuplicatePolicyIds) {
  EXPECT_EQ(LoadError("presets: [spire]\npolicies:\n"
                      "  - {rule: minor-jump, id: spire-server-one-minor-per-upgrade, component: "
                      "spire-server}\n"),
            ".skewlint.yaml:3:5: duplicate policy id 'spire-server-one-minor-per-upgrade'");
}

TEST(Config, PolicyNamingAnUnknownComponentFailsWhenChecksAreBuilt) {
  auto config = LoadConfig("policies:\n  - {rule: minor-jump, component: spire-servr}\n", "c.yaml");
  ASSERT_TRUE(config.ok());
  auto checks = BuildChecks(*config);
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.error().ToString(),
            "c.yaml:2:35: component: unknown component 'spire-servr'; define it under components: "
            "or add the preset that has it");
}

// Policies without an id: the components they name, then the rule; a
// number only where two would clash, never taking an id written elsewhere.
TEST(Config, PoliciesWithoutAnIdGetReadableUniqueIds) {
  auto config = LoadConfig(
      "policies:\n"
      "  - {rule: minor-jump, component: app-backend, max: 1}\n"
      "  - {rule: minor-jump, component: app-backend, max: 2}\n"
      "  - {rule: minor-jump, id: app-frontend-minor-jump, component: app-frontend, max: 1}\n"
      "  - {rule: minor-jump, component: App Frontend!, max: 1}\n"
      "  - {rule: upgrade-order, first: [db, cache], then: app-backend}\n"
      "  - {rule: promotion-order, order: [dev, prod]}\n",
      "c.yaml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  std::vector<std::string> ids;
  for (const auto& policy : config->policies) ids.push_back(policy.id);
  EXPECT_EQ(ids,
            (std::vector<std::string>{"app-backend-minor-jump", "app-backend-minor-jump-2",
                                      "app-frontend-minor-jump", "app-frontend-minor-jump-2",
                                      "db-cache-app-backend-upgrade-order", "promotion-order"}));
}

TEST(Config, PolicyWithAnUnknownKey) {
  auto config = LoadConfig(
      "presets: [spire]\npolicies:\n  - {rule: minor-jump, component: spire-server, maximum: 2}\n",
      "c.yaml");
  ASSERT_TRUE(config.ok());
  auto checks = BuildChecks(*config);
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.error().ToString(),
            "c.yaml:3:49: unknown key 'maximum' in policy 'spire-server-minor-jump' (minor-jump); "
            "expected one "
            "of: rule, id, severity, adjacent, component, max");
}

TEST(Config, InvalidYamlSaysWhere) {
  std::string error = LoadError("version: 1\npresets: [spire\n");
  EXPECT_EQ(error.rfind(".skewlint.yaml:", 0), 0u) << error;
  EXPECT_NE(error.find("invalid YAML"), std::string::npos) << error;
}

TEST(Config, NoConfigMeansEveryPreset) {
  auto config = DefaultConfig({});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->presets, (std::vector<std::string>{"cert-manager", "istio", "kubernetes",
                                                       "rook-ceph", "spiceai", "spire", "talos"}));
  EXPECT_TRUE(BuildChecks(*config).ok());
}

TEST(Config, ExtraPresetsAreMerged) {
  auto config = LoadConfig("version: 1\n", "c.yaml", {"spire"});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->presets, (std::vector<std::string>{"spire"}));
  EXPECT_EQ(config->FindComponent("spiceai-runtime"), nullptr);
}

// `--preset` names are checked like the config's own `presets:`.
TEST(Config, AnUnknownExtraPresetIsAnError) {
  auto config = LoadConfig("version: 1\n", "c.yaml", {"linkerd"});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().ToString(),
            "unknown preset 'linkerd'; built-in presets: cert-manager, istio, kubernetes, "
            "rook-ceph, spiceai, spire, talos");
  EXPECT_EQ(config.error().exit_code, ExitCode::kUsage);
  EXPECT_FALSE(DefaultConfig({"linkerd"}).ok());
}

// A preset that names presets builds on them: `talos` brings `kubernetes`,
// whose kubelet and API server its compatibility policies pair Talos with.
TEST(Config, APresetBringsThePresetsItBuildsOn) {
  auto config = LoadConfig("version: 1\npresets: [talos]\n", "c.yaml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->presets, (std::vector<std::string>{"talos", "kubernetes"}));
  EXPECT_NE(config->FindComponent("kubelet"), nullptr);
  std::vector<std::string> ids;
  for (const auto& policy : config->policies) ids.push_back(policy.id);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "talos-supports-kubelet"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "kubelet-not-newer-than-apiserver"), ids.end());
  EXPECT_TRUE(BuildChecks(*config).ok());
  auto both = LoadConfig("version: 1\npresets: [kubernetes, talos]\n", "c.yaml");
  ASSERT_TRUE(both.ok()) << both.error().ToString();
  EXPECT_EQ(both->presets, (std::vector<std::string>{"kubernetes", "talos"}));
  EXPECT_EQ(both->policies.size(), config->policies.size());
}

TEST(Config, AComponentOfAPresetCanBeExtended) {
  auto config = LoadConfig(
      "presets: [spire]\ncomponents:\n  - name: spire-server\n    locators:\n"
      "      - image: '^registry\\.corp/mirror/spire-server$'\n",
      "c.yaml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->FindComponent("spire-server")->locators.size(), 3u);
}

TEST(Config, PresetAdjacencyStaysWithItsPolicies) {
  auto config = DefaultConfig({});
  ASSERT_TRUE(config.ok());
  for (const auto& policy : config->policies) {
    bool spire = policy.source == "preset:spire";
    EXPECT_EQ(policy.adjacency.series.size(), spire ? 1u : 0u) << policy.id;
  }
}

TEST(Config, EveryPresetLoadsAndBuildsItsChecks) {
  for (const auto& name : PresetNames()) {
    auto config = DefaultConfig({name});
    ASSERT_TRUE(config.ok()) << name;
    auto checks = BuildChecks(*config);
    EXPECT_TRUE(checks.ok()) << name << ": " << (checks.ok() ? "" : checks.error().ToString());
  }
}

}  // namespace
}  // namespace skewlint
