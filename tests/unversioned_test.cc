#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr const char* kServer = "clusters/prod/spire/server.yaml";

std::vector<Finding> Change(const std::string& from, const std::string& to,
                            const Config& config = PresetConfig("spire")) {
  Files before;
  if (!from.empty()) before[kServer] = SpireServer(from);
  return RunRule("unversioned", config, before, {{kServer, SpireServer(to)}});
}

// "A tag with no version (latest, main, a bare digest, a commit SHA)
// is unversioned: such an instance cannot be checked".
TEST(Unversioned, LatestIsAWarning) {
  auto findings = Change("1.9.6", "latest");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "unversioned");
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].component, "spire-server");
  EXPECT_EQ(findings[0].location, (Location{kServer, 17, 18}));
  EXPECT_EQ(
      findings[0].message,
      "spire-server in scope prod is set to 'ghcr.io/spiffe/spire-server:latest', which names "
      "no version, so no version rule can check it; pin a released version (1.2.3, or "
      "1.2.3@sha256:... to pin the digest too)");
}

TEST(Unversioned, ABareDigestIsAWarning) {
  const std::string digest = "sha256:" + std::string(64, 'c');
  auto findings = Change("1.9.6", "x@" + digest);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "spire-server in scope prod is set to 'ghcr.io/spiffe/spire-server:x@" + digest +
                "', a digest with no version, so no version rule can check it; write the released "
                "version in front of the digest (1.2.3@sha256:...)");
}

TEST(Unversioned, NewInstancesOnABranchAreWarnings) { EXPECT_EQ(Change("", "main").size(), 1u); }

TEST(Unversioned, UnchangedOrVersionedInstancesAreClean) {
  EXPECT_TRUE(Change("latest", "latest").empty());
  EXPECT_TRUE(Change("latest", "1.9.6").empty());
  EXPECT_TRUE(Change("1.9.5", "v1.9.6").empty());
}

TEST(Unversioned, PoliciesNarrowTheDefault) {
  Config agents_only = ConfigFrom(
      "version: 1\npresets: [spire]\npolicies:\n  - rule: unversioned\n    component: "
      "[spire-agent]\n");
  EXPECT_TRUE(Change("1.9.6", "latest", agents_only).empty());
  Files after = {{"clusters/prod/spire/agent.yaml", SpireAgent("latest")}};
  EXPECT_EQ(RunRule("unversioned", agents_only, {}, after).size(), 1u);
}

}  // namespace
}  // namespace skewlint::testing
