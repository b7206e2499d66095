#include "linter/prefilter.h"

#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

TEST(RequiredLiteral, TakesTheLongestLiteralOutsideGroupsSplitAtSlashes) {
  EXPECT_EQ(RequiredLiteral("(^|/)spiffe(-io)?/spire-server$"), "spire-server");
  EXPECT_EQ(RequiredLiteral("(^|/)spiceai/spiceai(-enterprise)?$"), "spiceai");
  EXPECT_EQ(RequiredLiteral("^spice\\.ai$"), "spice.ai");
  EXPECT_EQ(RequiredLiteral("^spiceai-operator$"), "spiceai-operator");
}

TEST(RequiredLiteral, AnOptionalLastCharacterIsNotRequired) {
  EXPECT_EQ(RequiredLiteral("^operators?$"), "operator");
  EXPECT_EQ(RequiredLiteral("^abcd*x$"), "abc");
}

TEST(RequiredLiteral, GivesUpWhenItCannotTell) {
  EXPECT_EQ(RequiredLiteral("^(a|b)$"), "");
  EXPECT_EQ(RequiredLiteral("^agent|server$"), "");
  EXPECT_EQ(RequiredLiteral("(?i)spire"), "");
  EXPECT_EQ(RequiredLiteral(".*"), "");
  EXPECT_EQ(RequiredLiteral("^[a-z]+$"), "");
}

TEST(Prefilter, KeepsWhatCanMatterAndNothingElse) {
  Prefilter filter(PresetConfig("spire"));
  ASSERT_TRUE(filter.enabled());
  EXPECT_TRUE(filter.Keeps("a.yaml", SpireServer("1.9.6")));
  EXPECT_TRUE(
      filter.Keeps("v.yaml", "image:\n  registry: ghcr.io\n  repository: spiffe/spire-agent\n"));
  EXPECT_TRUE(filter.Keeps("x/kustomization.yaml", "resources: [a.yaml]\n"));
  EXPECT_TRUE(filter.Keeps("charts/x/Chart.yaml", "name: x\n"));
  EXPECT_FALSE(filter.Keeps("charts/x/values-prod.yaml", "replicaCount: 2\n"));
  EXPECT_TRUE(
      filter.Keeps("charts/x/values-prod.yaml", "image: {repository: spiffe/spire-server}\n"));
  EXPECT_TRUE(filter.Keeps("k.yaml", "kind: HelmRelease\nspec:\n  dependsOn: [{name: a}]\n"));
  EXPECT_TRUE(
      filter.Keeps("q.yaml", "key: \"\\x73pire-server\"\n"));  // an escape could hide a literal
  EXPECT_FALSE(filter.Keeps("shop.yaml", "kind: Deployment\nspec:\n  image: nginx:1.27\n"));
}

// Why a file is kept decides whether its changes can move the state
// (SnapshotFile::signature): structure and file-rule words cannot on their own.
TEST(Prefilter, SaysWhyItKeepsAFile) {
  using Keep = Prefilter::Keep;
  Config config = ConfigFrom(
      "version: 1\npresets: [spire]\npolicies:\n"
      "  - {rule: forced-rollout, kind: [Deployment], fields: [metadata.annotations]}\n"
      "  - {rule: experimental-feature, values_paths: [server.featureGates], charts: '^x$'}\n");
  Prefilter filter(config);
  ASSERT_TRUE(filter.enabled());
  EXPECT_EQ(filter.Why("a.yaml", SpireServer("1.9.6")), Keep::kByContent);
  EXPECT_EQ(filter.Why("a.yaml", "kind: CustomResourceDefinition\n"), Keep::kByContent);
  EXPECT_EQ(filter.Why("x/kustomization.yaml", "images: [{name: nginx}]\n"), Keep::kForStructure);
  EXPECT_EQ(filter.Why("x/k.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\n"),
            Keep::kForStructure);
  EXPECT_EQ(filter.Why("charts/x/Chart.yaml", "name: x\n"), Keep::kForStructure);
  EXPECT_EQ(filter.Why("web.yaml", "kind: Deployment\n"), Keep::kForFileRules);
  EXPECT_EQ(filter.Why("cm.yaml", "data:\n  server.conf: |\n    x\n"), Keep::kForFileRules);
  EXPECT_EQ(filter.Why("v.yaml", "server:\n  featureGates: [a]\n"), Keep::kForFileRules);
  EXPECT_EQ(filter.Why("svc.yaml", "kind: Service\n"), Keep::kNo);
  EXPECT_TRUE(filter.Mentions("ghcr.io/spiffe/spire-agent"));
  EXPECT_FALSE(filter.Mentions("docker.io/library/nginx"));
  // Without such policies a Deployment is nothing the rules read.
  EXPECT_EQ(Prefilter(PresetConfig("spire")).Why("web.yaml", "kind: Deployment\n"), Keep::kNo);
}

TEST(Prefilter, APatternWithNoLiteralSwitchesItOff) {
  Config config = ConfigFrom("components:\n  - {name: any, locators: [{image: '.*'}]}\n");
  EXPECT_FALSE(Prefilter(config).enabled());
  EXPECT_TRUE(Prefilter(config).Keeps("shop.yaml", "kind: Deployment\n"));
}

// A commit that touches only files nothing can match is still checked for
// broken YAML; the rest of the range is checked as usual.
// With no config every built-in preset applies: none of their locators may
// switch the filter off, or every run reads every file.
TEST(Prefilter, EveryBuiltInPresetKeepsItOn) {
  Result<Config> config = DefaultConfig({});
  ASSERT_TRUE(config.ok());
  Prefilter filter(*config);
  EXPECT_TRUE(filter.enabled());
  for (const auto& component : config->components) {
    for (const auto& locator : component.locators) {
      if (locator.kind == Locator::Kind::kField) continue;
      EXPECT_GE(RequiredLiteral(locator.pattern_text).size(), 3u)
          << component.name << ": " << locator.pattern_text;
    }
  }
  EXPECT_FALSE(filter.Keeps("apps/web.yaml", "image: nginx:1.27.0\n"));
  EXPECT_TRUE(
      filter.Keeps("talos/worker.yaml",
                   "machine:\n  install:\n    image: factory.talos.dev/installer/"
                   "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.8.3\n"));
}

TEST(Prefilter, PerCommitStillReportsBrokenUnrelatedFiles) {
  TempRepo repo;
  repo.Write(".skewlint.yaml",
             "version: 1\npresets: [spire]\nrules: {image-digest: off, zero-downtime: off}\n");
  repo.Write("clusters/prod/server.yaml", SpireServer("1.9.6"));
  repo.Write("clusters/prod/agent.yaml", SpireAgent("1.9.6"));
  repo.Write("apps/shop.yaml", "kind: Deployment\nspec:\n  image: nginx:1.27\n");
  repo.Commit("base");
  repo.Write("apps/shop.yaml", "kind: Deployment\nspec: [unclosed\n");
  repo.Commit("break the shop");
  repo.Write("clusters/prod/agent.yaml", SpireAgent("1.10.0"));
  repo.Commit("agent ahead");
  RunResult r = RunSkewlint(repo.root(), "check --base HEAD~2 --per-commit --format json", true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("\"rule\": \"parse-error\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"path\": \"apps/shop.yaml\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"rule\": \"version-skew\""), std::string::npos) << r.out;
}

}  // namespace
}  // namespace skewlint::testing
