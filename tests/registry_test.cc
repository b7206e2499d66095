#include "rules/registry.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace skewlint {
namespace {

std::string Underscored(std::string_view id) {
  std::string out(id);
  for (char& c : out) c = c == '-' ? '_' : c;
  return out;
}

TEST(Registry, HoldsTheRulesOfTheSpecSorted) {
  std::vector<std::string> ids;
  for (const auto& rule : AllRules()) ids.emplace_back(rule.id);
  EXPECT_EQ(ids,
            (std::vector<std::string>{
                "compatibility", "crd-downgrade", "deprecated-field-in-use",
                "deprecated-field-removal", "downgrade-order", "experimental-feature",
                "forced-rollout", "image-digest", "minor-jump", "parse-error", "policy-changed",
                "policy-unmatched", "promotion-order", "removed-field-in-use", "unversioned",
                "upgrade-order", "version-skew", "zero-downtime"}));
}

TEST(Registry, EveryRuleHasItsDocAndItsTests) {
  for (const auto& rule : AllRules()) {
    std::string_view doc = RuleDoc(rule.id);
    EXPECT_EQ(doc.rfind("# " + std::string(rule.id) + "\n", 0), 0u)
        << "rules/" << rule.id << ".md must exist and start with its title";
    std::filesystem::path test =
        std::filesystem::path(SKEWLINT_SOURCE_DIR) / "tests" / (Underscored(rule.id) + "_test.cc");
    EXPECT_TRUE(std::filesystem::exists(test)) << test << " is missing";
    EXPECT_FALSE(rule.summary.empty()) << rule.id;
    EXPECT_EQ(rule.summary.back() == '.', false) << rule.id << ": summaries have no final period";
  }
}

TEST(Registry, DefaultSeveritiesFollowTheSpec) {
  std::set<std::string> warnings = {"deprecated-field-in-use", "zero-downtime",
                                    "experimental-feature", "unversioned", "policy-unmatched"};
  std::set<std::string> notices = {"forced-rollout", "image-digest", "policy-changed"};
  for (const auto& rule : AllRules()) {
    std::string id(rule.id);
    Severity expected = warnings.count(id)  ? Severity::kWarning
                        : notices.count(id) ? Severity::kNotice
                                            : Severity::kError;
    EXPECT_EQ(rule.default_severity, expected) << id;
  }
}

TEST(Registry, FindRule) {
  ASSERT_NE(FindRule("minor-jump"), nullptr);
  EXPECT_EQ(FindRule("minor-jump")->id, "minor-jump");
  EXPECT_EQ(FindRule("minor_jump"), nullptr);
  EXPECT_TRUE(RuleDoc("no-such-rule").empty());
}

}  // namespace
}  // namespace skewlint
