#include "linter/planner.h"

#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"
#include "tests/test_repo.h"
#include "tests/version_lines.h"

namespace skewlint::testing {
namespace {

// "change. component from -> to" per step.
std::vector<std::string> Steps(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& s : plan.steps) {
    out.push_back(std::to_string(s.change) + ". " + s.component + " " + s.from + " -> " + s.to);
  }
  return out;
}

Plan PlanFor(const Files& files, const std::string& preset, const std::string& component,
             const std::string& to) {
  Config config = PresetConfig(preset);
  auto plans = MakePlan(StateFrom(files, config), config, component, to, "");
  EXPECT_TRUE(plans.ok()) << (plans.ok() ? "" : plans.error().ToString());
  EXPECT_EQ(plans.ok() ? plans->size() : 0u, 1u);
  return plans.ok() && !plans->empty() ? plans->front() : Plan{};
}

Files Spire(const std::string& server, const std::string& agent) {
  return {{"clusters/prod/server.yaml", SpireServer(server)},
          {"clusters/prod/agent.yaml", SpireAgent(agent)}};
}

TEST(Planner, ServersOneMinorAtATimeWithAgentsInBetween) {
  Plan plan = PlanFor(Spire("1.9.6", "1.9.6"), "spire", "spire-server", "1.11.2");
  EXPECT_TRUE(plan.blocked.empty()) << plan.blocked;
  EXPECT_EQ(Steps(plan), (std::vector<std::string>{"1. spire-server 1.9.6 -> 1.10.0",
                                                   "2. spire-agent 1.9.6 -> 1.10.0",
                                                   "3. spire-server 1.10.0 -> 1.11.2"}));
}

TEST(Planner, AgentsWaitForServers) {
  Plan plan = PlanFor(Spire("1.9.6", "1.9.6"), "spire", "spire-agent", "1.10.1");
  EXPECT_EQ(Steps(plan), (std::vector<std::string>{"1. spire-server 1.9.6 -> 1.10.1",
                                                   "2. spire-agent 1.9.6 -> 1.10.1"}));
}

TEST(Planner, NothingToDo) {
  Plan plan = PlanFor(Spire("1.10.0", "1.9.6"), "spire", "spire-server", "1.10.0");
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_TRUE(plan.blocked.empty());
}

TEST(Planner, OperatorAndSeparateCrdsMoveTogetherBeforeTheRuntime) {
  Files files = {{"clusters/prod/op.yaml", SpiceOperator("1.4.2", "", "false")},
                 {"clusters/prod/crds.yaml", SpiceCrd("1.4.2")},
                 {"clusters/prod/pod.yaml", SpicepodSetV2("1.4.2")}};
  Plan plan = PlanFor(files, "spiceai", "spiceai-runtime", "1.5.3");
  EXPECT_EQ(Steps(plan), (std::vector<std::string>{"1. spiceai-operator 1.4.2 -> 1.5.0",
                                                   "1. spiceai-crds 1.4.2 -> 1.5.0",
                                                   "2. spiceai-runtime 1.4.2 -> 1.5.3"}));
}

TEST(Planner, ErrorsNameWhatIsWrong) {
  Config config = PresetConfig("spire");
  State state = StateFrom(Spire("1.9.6", "1.9.6"), config);
  auto bad_component = MakePlan(state, config, "spire-serv", "1.10.0", "");
  ASSERT_FALSE(bad_component.ok());
  EXPECT_EQ(bad_component.error().message, "unknown component 'spire-serv'");
  auto bad_version = MakePlan(state, config, "spire-server", "latest", "");
  ASSERT_FALSE(bad_version.ok());
  EXPECT_EQ(bad_version.error().message, "'latest' is not a version (expected e.g. 1.11.2)");
  auto no_scope = MakePlan(state, config, "spire-server", "1.10.0", "staging");
  ASSERT_FALSE(no_scope.ok());
  EXPECT_EQ(no_scope.error().message, "no instance of spire-server in scope staging at after");
}

TEST(Planner, EndToEnd) {
  TempRepo repo;
  repo.Write("clusters/prod/server.yaml", SpireServer("1.9.6"));
  repo.Write("clusters/prod/agent.yaml", SpireAgent("1.9.6"));
  repo.Commit("spire");
  RunResult r =
      RunSkewlint(repo.root(), "plan --component spire-server --to 1.10.2 --preset spire", true);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "plan to take spire-server to 1.10.2 in scope prod:\n"
            "  1. spire-server 1.9.6 -> 1.10.2 (clusters/prod/server.yaml:17:18)\n"
            "each numbered step is one change: merge and roll it out before the next; X.Y.0 stands "
            "for the latest patch of X.Y\n");
}

// Rook before Ceph: the matrix row of the target says how far the
// operator must move first.
TEST(Planner, APrerequisiteOnAnotherVersionLineMovesIntoTheMatrixRow) {
  Config config = ConfigFrom(RookConfig());
  Files files = {{"clusters/prod/rook.yaml", RookRelease("v1.5.9")},
                 {"clusters/prod/ceph.yaml", CephCluster("v15.2.10")}};
  auto plans = MakePlan(StateFrom(files, config), config, "ceph", "16.2.0", "");
  ASSERT_TRUE(plans.ok()) << plans.error().ToString();
  ASSERT_EQ(plans->size(), 1u);
  EXPECT_TRUE(plans->front().blocked.empty()) << plans->front().blocked;
  EXPECT_EQ(Steps(plans->front()), (std::vector<std::string>{"1. rook-operator 1.5.9 -> 1.6.0",
                                                             "2. ceph 15.2.10 -> 16.2.0"}));
}

}  // namespace
}  // namespace skewlint::testing
