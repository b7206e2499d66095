#include <gtest/gtest.h>

#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr const char* kConfigMap = "clusters/prod/spire/server-config.yaml";

/// A SPIRE server ConfigMap in HCL; `experimental` (when given) opens on
/// line 11, column 7.
std::string ServerConf(const std::string& experimental, const std::string& log_level = "INFO",
                       const std::string& indent = "      ") {
  return "apiVersion: v1\n"
         "kind: ConfigMap\n"
         "metadata:\n"
         "  name: spire-server\n"
         "  namespace: spire\n"
         "data:\n"
         "  server.conf: |\n"
         "    server {\n"
         "      trust_domain = \"example.org\"\n"
         "      log_level = \"" +
         log_level + "\"\n" +
         (experimental.empty() ? ""
                               : indent + "experimental {\n" + indent + "  " + experimental + "\n" +
                                     indent + "}\n") +
         "    }\n";
}

std::vector<Finding> Experimental(const Files& before, const Files& after) {
  return RunRule("experimental-feature", PresetConfig("spire"), before, after);
}

const std::string kWhy =
    ": experimental features are not covered by the upgrade and compatibility guarantees and may "
    "change or be removed in any release; re-test them on every upgrade, or leave them out";

// "Certain SPIRE features are considered experimental. These features are
// enabled through the experimental section of the configuration ... the above
// upgrade and compatibility guarantees do not apply."
TEST(ExperimentalFeatureConfigMap, AddingABlockIsAWarningAtItsLine) {
  auto findings = Experimental({{kConfigMap, ServerConf("")}},
                               {{kConfigMap, ServerConf("cache_reload_interval = \"5s\"")}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "experimental-feature");
  EXPECT_EQ(findings[0].policy, "spire-server-experimental");
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].component, "spire-server");
  EXPECT_EQ(findings[0].scope, "prod");
  EXPECT_EQ(findings[0].location, (Location{kConfigMap, 11, 7}));
  EXPECT_EQ(findings[0].message,
            "the change adds an experimental block in the spire-server configuration (server.conf "
            "of ConfigMap/spire/spire-server) in scope prod" +
                kWhy);
}

TEST(ExperimentalFeatureConfigMap, EditingTheBlockIsAWarning) {
  auto findings = Experimental({{kConfigMap, ServerConf("cache_reload_interval = \"5s\"")}},
                               {{kConfigMap, ServerConf("cache_reload_interval = \"10s\"")}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message.substr(0, 42), "the change edits the experimental block in");
}

TEST(ExperimentalFeatureConfigMap, OtherEditsRemovalAndReindentingAreClean) {
  std::string block = "cache_reload_interval = \"5s\"";
  EXPECT_TRUE(
      Experimental({{kConfigMap, ServerConf(block)}}, {{kConfigMap, ServerConf(block, "DEBUG")}})
          .empty());
  EXPECT_TRUE(
      Experimental({{kConfigMap, ServerConf(block)}}, {{kConfigMap, ServerConf("")}}).empty());
  EXPECT_TRUE(Experimental({{kConfigMap, ServerConf(block)}},
                           {{kConfigMap, ServerConf(block, "INFO", "        ")}})
                  .empty());
}

TEST(ExperimentalFeatureConfigMap, TheJsonTheChartsRenderCountsToo) {
  auto conf = [](const std::string& experimental) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire-agent\n  namespace: spire\n"
           "data:\n  agent.conf: |\n    {\n      \"agent\": {\"log_level\": \"INFO\"" +
           experimental + "}\n    }\n";
  };
  auto findings = Experimental({{"clusters/prod/spire/agent-config.yaml", conf("")}},
                               {{"clusters/prod/spire/agent-config.yaml",
                                 conf(", \"experimental\": {\"sync_interval\": \"5s\"}")}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spire-agent-experimental");
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/spire/agent-config.yaml", 9, 38}));
}

std::string SpireRelease(const std::string& values) {
  return "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: spire\n"
         "  namespace: spire\n"
         "spec:\n"
         "  chart:\n"
         "    spec: {chart: spire, version: 0.20.0}\n"
         "  values:\n"
         "    global: {spire: {trustDomain: example.org}}\n" +
         values;
}

TEST(ExperimentalFeatureValues, UmbrellaChartValuesAreAWarningAtTheKey) {
  const std::string path = "clusters/prod/spire/release.yaml";
  auto findings = Experimental(
      {{path, SpireRelease("")}},
      {{path, SpireRelease("    spire-server:\n      experimental:\n        enabled: true\n")}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{path, 12, 7}));
  EXPECT_EQ(findings[0].message,
            "the change adds experimental settings in the spire-server configuration "
            "(spire-server.experimental of HelmRelease/spire/spire spec.values) in scope prod" +
                kWhy);
}

TEST(ExperimentalFeatureValues, ValuesFilesOfTheChartsCount) {
  const std::string path = "clusters/prod/spire-agent/values.yaml";
  auto findings = Experimental({{path, "logLevel: info\n"}},
                               {{path, "logLevel: info\nexperimental:\n  enabled: true\n"}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spire-agent-experimental");
  EXPECT_EQ(findings[0].location, (Location{path, 2, 1}));
  auto edited = Experimental({{path, "experimental:\n  enabled: false\n"}},
                             {{path, "experimental:\n  enabled: true\n"}});
  ASSERT_EQ(edited.size(), 1u);
  EXPECT_EQ(edited[0].message.substr(0, 44), "the change edits experimental settings in th");
  EXPECT_TRUE(Experimental({{path, "experimental:\n  enabled: true\n"}},
                           {{path, "experimental: {enabled: true}\nlogLevel: debug\n"}})
                  .empty());
}

TEST(ExperimentalFeatureValues, OtherChartsAreNotSpire) {
  const std::string path = "clusters/prod/grafana/values.yaml";
  EXPECT_TRUE(
      Experimental({{path, "a: 1\n"}}, {{path, "a: 1\nexperimental: {x: true}\n"}}).empty());
}

TEST(ExperimentalFeatureConfig, ValuesPathsNeedCharts) {
  Config config = ConfigFrom(
      "version: 1\npolicies:\n  - rule: experimental-feature\n    values_paths: [experimental]\n");
  auto checks = BuildChecks(config);
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.error().ToString(),
            ".skewlint.yaml:3:5: policy 'experimental-feature' (experimental-feature): missing "
            "key 'charts'");
}

}  // namespace
}  // namespace skewlint::testing
