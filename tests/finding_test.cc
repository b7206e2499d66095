#include "rules/finding.h"

#include <gtest/gtest.h>

namespace skewlint {
namespace {

Finding At(const std::string& path, int line, int column) {
  Finding f;
  f.rule = "parse-error";
  f.scope = "prod";
  f.message = "skewlint did not read this file: binary file (it holds NUL bytes)";
  f.location = Location{path, line, column};
  return f;
}

TEST(Finding, TheSameProblemInTwoFilesIsTwoFindings) {
  EXPECT_NE(At("a.yaml", 1, 1).BaselineKey(), At("b.yaml", 1, 1).BaselineKey());
}

// A component's finding may point at whichever side the change touched, or
// at a renamed file: it is the same finding.
TEST(Finding, AComponentsFindingIsTheSameWhereverItPoints) {
  Finding base = At("clusters/prod/agent.yaml", 15, 18);
  base.rule = "version-skew";
  base.component = "spire-agent";
  Finding head = base;
  head.location = Location{"clusters/prod/server.yaml", 17, 18};
  EXPECT_EQ(base.BaselineKey(), head.BaselineKey());
}

// Two copies of one CRD that drop the same property are two findings.
TEST(Finding, AFindingAboutACrdFileIsKeyedByItsPath) {
  Finding base = At("config/crd/x.yaml", 26, 17);
  base.rule = "deprecated-field-removal";
  base.component = "spiceai-crds";
  base.about_file = true;
  Finding copy = base;
  copy.location.path = "charts/x/crds/x.yaml";
  EXPECT_NE(base.BaselineKey(), copy.BaselineKey());
}

TEST(Finding, AFindingWhoseLinesMovedStillMatchesTheBase) {
  Finding base = At("a.yaml", 3, 5);
  base.commit = "abc";
  Finding head = At("a.yaml", 30, 7);
  head.commit = "def";
  head.suppressed = true;
  head.suppression = "ignored";
  EXPECT_EQ(base.BaselineKey(), head.BaselineKey());
}

TEST(Finding, RulePolicyComponentScopeAndMessageTellFindingsApart) {
  Finding base = At("a.yaml", 1, 1);
  for (auto change : std::vector<void (*)(Finding&)>{
           [](Finding& f) { f.rule = "version-skew"; },
           [](Finding& f) { f.policy = "p"; },
           [](Finding& f) { f.component = "spire-agent"; },
           [](Finding& f) { f.scope = "staging"; },
           [](Finding& f) { f.message += " twice"; },
       }) {
    Finding other = base;
    change(other);
    EXPECT_NE(base.BaselineKey(), other.BaselineKey());
  }
}

}  // namespace
}  // namespace skewlint
