// End-to-end: the operational rules (zero-downtime, forced-rollout,
// experimental-feature, image-digest, promotion-order, unversioned,
// parse-error) through the built binary on repositories made by the test.

#include <gtest/gtest.h>

#include "linter/yaml_tree.h"
#include "tests/manifests.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

constexpr long long kDay = 24 * 3600;
constexpr long long kStart = 1700000000;  // commit dates are fixed; so is SKEWLINT_NOW

// "rule path:line:col message" of every finding.
std::vector<std::string> Findings(const std::string& json) { return FindingsIn(json, true); }

RunResult CheckAt(TempRepo& repo, long long now, const std::string& args = "") {
  return RunSkewlint(repo.root(), "check --base main --format json " + args, true,
                     "SKEWLINT_NOW=" + std::to_string(now));
}

class PromotionE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.Write(".skewlint.yaml",
               "version: 1\npresets: [spire]\n"
               "promotion: {order: [staging, prod], bake_hours: 24}\n");
    repo.Write("clusters/staging/spire/server.yaml", SpireServer("1.9.5", 3));
    repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.5", 3));
    repo.Commit("both at 1.9.5", kStart);
    repo.Write("clusters/staging/spire/server.yaml", SpireServer(kPinned, 3));
    repo.Commit("staging to 1.9.6", staged_at);
    repo.Git("checkout -q -b promote");
    repo.Write("clusters/prod/spire/server.yaml", SpireServer(kPinned, 3));
    repo.Commit("prod to 1.9.6", staged_at + 2 * 3600);
  }

  const std::string kPinned = "1.9.6@sha256:" + std::string(64, 'a');
  const long long staged_at = kStart + kDay;
  TempRepo repo;
};

TEST_F(PromotionE2e, StagingBakedThreeDaysIsClean) {
  RunResult r = CheckAt(repo, staged_at + 3 * kDay);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Findings(r.out), std::vector<std::string>{});
}

TEST_F(PromotionE2e, StagingBakedOneHourIsAnError) {
  RunResult r = CheckAt(repo, staged_at + 3600);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(
      Findings(r.out),
      std::vector<std::string>{
          "promotion-order clusters/prod/spire/server.yaml:17:18 spire-server moves to " + kPinned +
          " in scope prod but scope staging has run it for only 1h of the 24h bake time; "
          "wait 23h more before promoting to prod"});
}

// The bake time runs from the commit that put the version in staging, not
// from a later commit that touched the file.
TEST_F(PromotionE2e, LaterEditsOfStagingDoNotRestartTheBakeTime) {
  repo.Git("checkout -q main");
  repo.Write("clusters/staging/spire/server.yaml",
             SpireServer(kPinned, 3) + "# an unrelated comment\n");
  repo.Commit("touch staging", staged_at + 2 * kDay);
  repo.Git("checkout -q -b promote-again");
  repo.Write("clusters/prod/spire/server.yaml", SpireServer(kPinned, 3));
  repo.Commit("prod to 1.9.6", staged_at + 2 * kDay + 60);
  RunResult r = CheckAt(repo, staged_at + 2 * kDay + 3600);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

// One pull request that trips several operational rules at once, for the
// spire and spiceai presets.
TEST(OperationalE2e, SeveralRulesInOneChange) {
  TempRepo repo;
  repo.Write(".skewlint.yaml", "version: 1\npresets: [spire, spiceai]\n");
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.5"));
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.5"));
  repo.Write("clusters/prod/spire/config.yaml",
             "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire-agent\n  namespace: spire\n"
             "data:\n  agent.conf: |\n    agent {\n      log_level = \"INFO\"\n    }\n");
  repo.Write("clusters/prod/spiceai/set.yaml", SpicepodSetV2("1.5.0"));
  repo.Write("clusters/prod/notes.yaml", "a: 1\n");
  repo.Commit("prod", kStart);
  repo.Git("checkout -q -b change");
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6"));
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("latest"));
  repo.Write("clusters/prod/spire/config.yaml",
             "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire-agent\n  namespace: spire\n"
             "data:\n  agent.conf: |\n    agent {\n      log_level = \"INFO\"\n"
             "      experimental {\n        sync_interval = \"5s\"\n      }\n    }\n");
  repo.Write("clusters/prod/spiceai/set.yaml",
             SpicepodSetV2("1.5.0", "  annotations:\n    secret-version: \"v42\"\n"));
  repo.Write("clusters/prod/notes.yaml", "a: [1, 2\n");
  repo.Commit("change", kStart + 3600);
  RunResult r = CheckAt(repo, kStart + 7200);
  // Every finding is below error: notes.yaml holds nothing a policy tracks,
  // so its parse-error is a warning.
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(
      Findings(r.out),
      (std::vector<std::string>{
          "parse-error clusters/prod/notes.yaml:1:9 not valid YAML: end of sequence flow not "
          "found; fix the syntax so the components in this document can be checked (the rest of "
          "the change was still checked)",
          "forced-rollout clusters/prod/spiceai/set.yaml:6:3 changing only metadata.annotations "
          "of SpicepodSet/spiceai/analytics in scope prod rolls every pod of it (spiceai-runtime "
          "1.5.0), a full rollout although nothing else changed; this is the intended way to "
          "pick up a rotated Secret referenced via env_from_source; otherwise revert the change",
          "unversioned clusters/prod/spire/agent.yaml:15:18 spire-agent in scope prod is set to "
          "'ghcr.io/spiffe/spire-agent:latest', which names no version, so no version rule can "
          "check it; pin a released version (1.2.3, or 1.2.3@sha256:... to pin the digest too)",
          "experimental-feature clusters/prod/spire/config.yaml:10:7 the change adds an "
          "experimental block in the spire-agent configuration (agent.conf of "
          "ConfigMap/spire/spire-agent) in scope prod: experimental features are not covered by "
          "the upgrade and compatibility guarantees and may change or be removed in any release; "
          "re-test them on every upgrade, or leave them out",
          "image-digest clusters/prod/spire/server.yaml:17:18 spire-server moves from 1.9.5 to "
          "1.9.6 in scope prod by tag only; pin the digest too "
          "(ghcr.io/spiffe/spire-server:1.9.6@sha256:...) so every environment runs the same "
          "image and a re-pushed tag cannot change it",
          "zero-downtime clusters/prod/spire/server.yaml:17:18 spire-server upgrade from 1.9.5 to "
          "1.9.6 in scope prod is not zero-downtime for StatefulSet/spire/spire-server: only 1 "
          "spire-server instance in the scope (needs at least 2); meet these before the rollout, "
          "or plan for the downtime"}));
}

// Three servers, a pinned digest, valid YAML: the allowed neighbour is clean.
TEST(OperationalE2e, AWellPreparedUpgradeIsClean) {
  TempRepo repo;
  repo.Write(".skewlint.yaml", "version: 1\npresets: [spire]\n");
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.5", 3));
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.5"));
  repo.Commit("prod", kStart);
  repo.Git("checkout -q -b change");
  repo.Write("clusters/prod/spire/server.yaml",
             SpireServer("1.9.6@sha256:" + std::string(64, 'b'), 3));
  repo.Commit("change", kStart + 3600);
  RunResult r = CheckAt(repo, kStart + 7200, "--fail-on notice");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Findings(r.out), std::vector<std::string>{});
}

}  // namespace
}  // namespace skewlint::testing
