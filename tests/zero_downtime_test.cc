#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr const char* kClusterPath = "clusters/prod/spiceai/cluster.yaml";

/// v1alpha1 SpicepodCluster with snake_case keys; the scheduler tag is on
/// line 9, column 24. `strategy` "" leaves update_strategy out.
std::string ClusterSnake(const std::string& tag, int schedulers, int executors,
                         const std::string& strategy = "RollingOrdered") {
  return "apiVersion: spice.ai/v1alpha1\n"
         "kind: SpicepodCluster\n"
         "metadata:\n"
         "  name: query\n"
         "  namespace: spiceai\n"
         "spec:\n"
         "  scheduler_set_spec:\n"
         "    replicas: " +
         std::to_string(schedulers) +
         "\n"
         "    spiceai_image_tag: " +
         tag + "\n" +
         (strategy.empty() ? "" : "    update_strategy:\n      type: " + strategy + "\n") +
         "  executor_set_spec:\n"
         "    replicas: " +
         std::to_string(executors) +
         "\n"
         "    spiceai_image_tag: " +
         tag + "\n";
}

/// v1alpha1 with camelCase set keys; the scheduler tag is on line 9, column 24.
std::string ClusterCamel(const std::string& tag, int schedulers, int executors,
                         const std::string& strategy = "RollingOrdered") {
  return "apiVersion: spice.ai/v1alpha1\n"
         "kind: SpicepodCluster\n"
         "metadata:\n"
         "  name: query\n"
         "  namespace: spiceai\n"
         "spec:\n"
         "  schedulerSetSpec:\n"
         "    replicas: " +
         std::to_string(schedulers) +
         "\n"
         "    spiceai_image_tag: " +
         tag + "\n" +
         (strategy.empty() ? "" : "    updateStrategy:\n      type: " + strategy + "\n") +
         "  executorSetSpec:\n"
         "    replicas: " +
         std::to_string(executors) +
         "\n"
         "    spiceai_image_tag: " +
         tag + "\n";
}

/// v2 SpicepodCluster; the scheduler tag is on line 10, column 12.
std::string ClusterV2(const std::string& tag, int schedulers, int executors,
                      const std::string& strategy = "RollingOrdered") {
  return "apiVersion: spice.ai/v2\n"
         "kind: SpicepodCluster\n"
         "metadata:\n"
         "  name: query\n"
         "  namespace: spiceai\n"
         "spec:\n"
         "  schedulerSpec:\n"
         "    replicas: " +
         std::to_string(schedulers) +
         "\n"
         "    image:\n"
         "      tag: " +
         tag + "\n" +
         (strategy.empty() ? "" : "    updateStrategy:\n      type: " + strategy + "\n") +
         "  executorSpec:\n"
         "    replicas: " +
         std::to_string(executors) +
         "\n"
         "    image:\n"
         "      tag: " +
         tag + "\n";
}

std::vector<Finding> Spice(const std::string& before, const std::string& after) {
  return RunRule("zero-downtime", PresetConfig("spiceai"), {{kClusterPath, before}},
                 {{kClusterPath, after}});
}

const std::string kHead =
    "spiceai-runtime upgrade from 1.4.3 to 1.5.0 in scope prod is not zero-downtime for "
    "SpicepodCluster/spiceai/query: ";
const std::string kTail = "; meet these before the rollout, or plan for the downtime";

// "At least two scheduler replicas ... at least three executor replicas ...
// update_strategy.type is RollingOrdered on the scheduler set."
TEST(ZeroDowntimeSpice, TwoSchedulersThreeExecutorsRollingOrderedIsClean) {
  EXPECT_TRUE(Spice(ClusterSnake("1.4.3", 2, 3), ClusterSnake("1.5.0", 2, 3)).empty());
  EXPECT_TRUE(Spice(ClusterCamel("1.4.3", 2, 3), ClusterCamel("1.5.0", 4, 5)).empty());
  EXPECT_TRUE(Spice(ClusterV2("1.4.3", 2, 3), ClusterV2("1.5.0", 2, 3)).empty());
}

TEST(ZeroDowntimeSpice, OneSchedulerIsAFindingAtTheFirstMovedTag) {
  auto findings = Spice(ClusterSnake("1.4.3", 1, 3), ClusterSnake("1.5.0", 1, 3));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "zero-downtime");
  EXPECT_EQ(findings[0].policy, "spiceai-cluster-zero-downtime");
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].component, "spiceai-runtime");
  EXPECT_EQ(findings[0].scope, "prod");
  EXPECT_EQ(findings[0].location, (Location{kClusterPath, 9, 24}));
  EXPECT_EQ(findings[0].message, kHead + "scheduler replicas is 1 (needs at least 2)" + kTail);
}

TEST(ZeroDowntimeSpice, TwoExecutorsIsAFinding) {
  auto findings = Spice(ClusterV2("1.4.3", 2, 2), ClusterV2("1.5.0", 2, 2));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kClusterPath, 10, 12}));
  EXPECT_EQ(findings[0].message, kHead + "executor replicas is 2 (needs at least 3)" + kTail);
}

TEST(ZeroDowntimeSpice, RollingParallelIsAFinding) {
  auto findings = Spice(ClusterCamel("1.4.3", 2, 3, "RollingParallel"),
                        ClusterCamel("1.5.0", 2, 3, "RollingParallel"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(
      findings[0].message,
      kHead + "the scheduler update strategy is RollingParallel (needs RollingOrdered)" + kTail);
}

TEST(ZeroDowntimeSpice, EveryUnmetRequirementIsNamedWithWhereToSetIt) {
  auto findings = Spice(ClusterV2("1.4.3", 1, 1, ""), ClusterV2("1.5.0", 1, 1, ""));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(
      findings[0].message,
      kHead +
          "scheduler replicas is 1 (needs at least 2); executor replicas is 1 (needs at least "
          "3); the scheduler update strategy is not set (needs RollingOrdered; set "
          "spec.schedulerSpec.updateStrategy.type)" +
          kTail);
}

TEST(ZeroDowntimeSpice, RollbacksAreCheckedToo) {
  auto findings = Spice(ClusterSnake("1.5.0", 1, 3), ClusterSnake("1.4.3", 1, 3));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message.substr(0, 60),
            "spiceai-runtime downgrade from 1.5.0 to 1.4.3 in scope prod ");
}

TEST(ZeroDowntimeSpice, NoMoveNoFinding) {
  EXPECT_TRUE(Spice(ClusterSnake("1.4.3", 1, 1), ClusterSnake("1.4.3", 1, 2)).empty());
  EXPECT_TRUE(Spice(ClusterSnake("1.4.3@sha256:" + std::string(64, 'a'), 1, 1),
                    ClusterSnake("1.4.3@sha256:" + std::string(64, 'b'), 1, 1))
                  .empty());
  EXPECT_TRUE(RunRule("zero-downtime", PresetConfig("spiceai"), {},
                      {{kClusterPath, ClusterSnake("1.5.0", 1, 1)}})
                  .empty());
}

TEST(ZeroDowntimeSpice, SpicepodSetsAreNotClusters) {
  Files before = {{"clusters/prod/spiceai/set.yaml", SpicepodSetV2("1.4.3")}};
  Files after = {{"clusters/prod/spiceai/set.yaml", SpicepodSetV2("1.5.0")}};
  EXPECT_TRUE(RunRule("zero-downtime", PresetConfig("spiceai"), before, after).empty());
}

std::vector<Finding> Spire(const Files& before, const Files& after) {
  return RunRule("zero-downtime", PresetConfig("spire"), before, after);
}

// "SPIRE Server supports zero-downtime upgrades so long as there is more than
// one SPIRE Server in the cluster."
TEST(ZeroDowntimeSpire, OneServerIsAFinding) {
  auto findings = Spire({{"clusters/prod/spire/server.yaml", SpireServer("1.9.5")}},
                        {{"clusters/prod/spire/server.yaml", SpireServer("1.9.6")}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].policy, "spire-server-zero-downtime");
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/spire/server.yaml", 17, 18}));
  EXPECT_EQ(findings[0].message,
            "spire-server upgrade from 1.9.5 to 1.9.6 in scope prod is not zero-downtime for "
            "StatefulSet/spire/spire-server: only 1 spire-server instance in the scope (needs at "
            "least 2); meet these before the rollout, or plan for the downtime");
}

TEST(ZeroDowntimeSpire, ThreeServersAreClean) {
  EXPECT_TRUE(Spire({{"clusters/prod/spire/server.yaml", SpireServer("1.9.5", 3)}},
                    {{"clusters/prod/spire/server.yaml", SpireServer("1.9.6", 3)}})
                  .empty());
}

TEST(ZeroDowntimeSpire, SeveralServerWorkloadsInTheScopeAreClean) {
  Files before = {{"clusters/prod/spire/a.yaml", SpireServer("1.9.5", 1, "server-a")},
                  {"clusters/prod/spire/b.yaml", SpireServer("1.9.5", 1, "server-b")}};
  Files after = {{"clusters/prod/spire/a.yaml", SpireServer("1.9.6", 1, "server-a")},
                 {"clusters/prod/spire/b.yaml", SpireServer("1.9.5", 1, "server-b")}};
  EXPECT_TRUE(Spire(before, after).empty());
}

TEST(ZeroDowntimeSpire, ServersInOtherScopesDoNotCount) {
  Files before = {{"clusters/prod/spire/server.yaml", SpireServer("1.9.5")},
                  {"clusters/staging/spire/server.yaml", SpireServer("1.9.5")}};
  Files after = {{"clusters/prod/spire/server.yaml", SpireServer("1.9.6")},
                 {"clusters/staging/spire/server.yaml", SpireServer("1.9.5")}};
  ASSERT_EQ(Spire(before, after).size(), 1u);
}

std::string ServerValues(const std::string& tag, int replicas) {
  return "replicaCount: " + std::to_string(replicas) +
         "\nimage:\n  registry: ghcr.io\n  repository: spiffe/spire-server\n  tag: " + tag + "\n";
}

TEST(ZeroDowntimeSpire, HelmReplicaCountCounts) {
  const std::string path = "clusters/prod/spire-server/values.yaml";
  EXPECT_TRUE(
      Spire({{path, ServerValues("1.9.5", 2)}}, {{path, ServerValues("1.9.6", 2)}}).empty());
  EXPECT_EQ(Spire({{path, ServerValues("1.9.5", 1)}}, {{path, ServerValues("1.9.6", 1)}}).size(),
            1u);
}

Error PolicyError(const std::string& policy) {
  Config config = ConfigFrom("version: 1\npresets: [spiceai]\npolicies:\n" + policy);
  auto checks = BuildChecks(config);
  EXPECT_FALSE(checks.ok());
  return checks.ok() ? Error{} : checks.error();
}

TEST(ZeroDowntimeConfig, BadPoliciesFailWithTheirPosition) {
  EXPECT_EQ(PolicyError("  - rule: zero-downtime\n    component: spiceai-runtime\n").ToString(),
            ".skewlint.yaml:4:5: policy 'spiceai-runtime-zero-downtime' (zero-downtime): expected "
            "require: or "
            "min_instances:");
  EXPECT_EQ(PolicyError("  - rule: zero-downtime\n    component: spiceai-runtime\n    require:\n"
                        "      - {paths: [spec.replicas], min: 2, equals: x}\n")
                .ToString(),
            ".skewlint.yaml:7:9: require entry: expected exactly one of min and equals");
  EXPECT_EQ(PolicyError("  - rule: zero-downtime\n    component: spiceai-runtime\n    require:\n"
                        "      - {path: spec.replicas, min: 2}\n")
                .ToString(),
            ".skewlint.yaml:7:10: unknown key 'path' in require entry; expected one of: name, "
            "paths, min, equals");
}

}  // namespace
}  // namespace skewlint::testing
