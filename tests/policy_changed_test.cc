#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

Config SpireConfig() {
  Config config = ConfigFrom("version: 1\npresets: [spire]\n");
  return config;
}

TEST(PolicyChanged, EditingTheConfigIsANotice) {
  Config config = SpireConfig();
  Files before = {{".skewlint.yaml", "version: 1\npresets: [spire]\n"}};
  Files after = {{".skewlint.yaml", "version: 1\npresets: [spire]\nrules: {minor-jump: off}\n"}};
  auto findings = RunRule("policy-changed", config, before, after);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{".skewlint.yaml", 1, 1}));
  EXPECT_EQ(findings[0].severity, Severity::kNotice);
  EXPECT_EQ(findings[0].message,
            "the change edits .skewlint.yaml; this check used the policy as it was before the "
            "change, and the new policy takes effect after merge");
}

TEST(PolicyChanged, AddingTheConfigIsANotice) {
  EXPECT_EQ(RunRule("policy-changed", SpireConfig(), {},
                    {{".skewlint.yaml", "version: 1\npresets: [spire]\n"}})
                .size(),
            1u);
}

TEST(PolicyChanged, OtherChangesAreNot) {
  Files before = {{".skewlint.yaml", "version: 1\n"}, {"a.yaml", SpireServer("1.9.6")}};
  Files after = {{".skewlint.yaml", "version: 1\n"}, {"a.yaml", SpireServer("1.9.7")}};
  EXPECT_TRUE(RunRule("policy-changed", SpireConfig(), before, after).empty());
}

TEST(PolicyChanged, CanBeSwitchedOff) {
  Config config = ConfigFrom("version: 1\nrules: {policy-changed: off}\n");
  EXPECT_TRUE(RunRule("policy-changed", config, {}, {{".skewlint.yaml", "version: 1\n"}}).empty());
}

}  // namespace
}  // namespace skewlint::testing
