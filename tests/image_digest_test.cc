#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr const char* kServer = "clusters/prod/spire/server.yaml";
const std::string kDigestA = "sha256:" + std::string(64, 'a');
const std::string kDigestB = "sha256:" + std::string(64, 'b');

std::vector<Finding> Bump(const std::string& from, const std::string& to,
                          const Config& config = PresetConfig("spire")) {
  return RunRule("image-digest", config, {{kServer, SpireServer(from)}},
                 {{kServer, SpireServer(to)}});
}

// "Bump the image tag (or, preferably, digest)"
TEST(ImageDigest, ATagOnlyBumpIsANotice) {
  auto findings = Bump("1.9.5", "1.9.6");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "image-digest");
  EXPECT_EQ(findings[0].policy, "");
  EXPECT_EQ(findings[0].severity, Severity::kNotice);
  EXPECT_EQ(findings[0].component, "spire-server");
  EXPECT_EQ(findings[0].location, (Location{kServer, 17, 18}));
  EXPECT_EQ(findings[0].message,
            "spire-server moves from 1.9.5 to 1.9.6 in scope prod by tag only; pin the digest too "
            "(ghcr.io/spiffe/spire-server:1.9.6@sha256:...) so every environment runs the same "
            "image and a re-pushed tag cannot change it");
}

TEST(ImageDigest, ABumpThatPinsTheDigestIsClean) {
  EXPECT_TRUE(Bump("1.9.5", "1.9.6@" + kDigestA).empty());
  EXPECT_TRUE(Bump("1.9.5@" + kDigestA, "1.9.6@" + kDigestB).empty());
}

TEST(ImageDigest, ADigestOnlyBumpIsClean) {
  EXPECT_TRUE(Bump("1.9.6@" + kDigestA, "1.9.6@" + kDigestB).empty());
}

TEST(ImageDigest, RuntimeTagFieldsCountAndChartsDoNot) {
  Config spice = PresetConfig("spiceai");
  auto findings =
      RunRule("image-digest", spice, {{"clusters/prod/set.yaml", SpicepodSetV1("1.4.3-models")}},
              {{"clusters/prod/set.yaml", SpicepodSetV1("1.5.0-models")}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/set.yaml", 7, 22}));
  EXPECT_NE(findings[0].message.find("(1.5.0-models@sha256:...)"), std::string::npos);
  EXPECT_TRUE(RunRule("image-digest", spice, {{"clusters/prod/op.yaml", SpiceOperator("1.4.0")}},
                      {{"clusters/prod/op.yaml", SpiceOperator("1.5.0")}})
                  .empty());
}

TEST(ImageDigest, PoliciesReplaceTheDefaultAndRulesOffSilencesIt) {
  Config agents_only = ConfigFrom(
      "version: 1\npresets: [spire]\npolicies:\n  - rule: image-digest\n    id: agents\n"
      "    component: spire-agent\n");
  EXPECT_TRUE(Bump("1.9.5", "1.9.6", agents_only).empty());
  Config off = ConfigFrom("version: 1\npresets: [spire]\nrules:\n  image-digest: off\n");
  EXPECT_TRUE(Bump("1.9.5", "1.9.6", off).empty());
}

}  // namespace
}  // namespace skewlint::testing
