#include <gtest/gtest.h>

#include "linter/report_formats.h"
#include "rules/registry.h"
#include "tests/integration_util.h"

namespace skewlint {
namespace {

using testing::CleanEnv;
using testing::ParseJson;
using testing::RunSkewlint;
using testing::SpireServer;
using testing::TempRepo;

Finding MakeFinding(std::string rule, Severity severity, std::string message, Location where) {
  Finding f;
  f.rule = std::move(rule);
  f.policy = "a-policy";
  f.severity = severity;
  f.message = std::move(message);
  f.location = std::move(where);
  f.component = "spire-server";
  f.scope = "prod";
  f.commit = std::string(40, 'd');
  return f;
}

YamlNodePtr Sarif(const std::vector<Finding>& findings) {
  CheckOutcome outcome;
  outcome.findings = findings;
  Report report{std::string(40, 'a'), std::string(40, 'b'), CheckRequest::Mode::kNet, &outcome};
  return ParseJson(RenderSarif(report));
}

const YamlNode& TheRun(const YamlNodePtr& sarif) { return *sarif->Get("runs")->items.at(0); }
const YamlNode& Result(const YamlNodePtr& sarif, size_t i) {
  return *TheRun(sarif).Get("results")->items.at(i);
}
std::string Scalar(const YamlNode& node, std::string_view path) {
  const YamlNode* found = node.Path(path);
  return found && found->IsScalar() ? found->scalar : "<missing " + std::string(path) + ">";
}

TEST(SarifFormat, OneRunOfSkewlintWithEveryRule) {
  YamlNodePtr sarif = Sarif({});
  EXPECT_EQ(sarif->ScalarAt("version"), "2.1.0");
  EXPECT_EQ(sarif->ScalarAt("$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(sarif->Get("runs")->items.size(), 1u);
  const YamlNode& driver = *TheRun(sarif).Path("tool.driver");
  EXPECT_EQ(driver.ScalarAt("name"), "skewlint");
  EXPECT_EQ(driver.ScalarAt("semanticVersion"), SKEWLINT_VERSION);
  EXPECT_FALSE(driver.ScalarAt("informationUri").empty());
  const auto& rules = driver.Get("rules")->items;
  ASSERT_EQ(rules.size(), AllRules().size());
  for (size_t i = 0; i < rules.size(); ++i) {
    const RuleSpec& spec = AllRules()[i];
    std::string_view doc = RuleDoc(spec.id);
    std::string help = doc.empty() ? std::string(spec.summary) : std::string(doc);
    EXPECT_EQ(rules[i]->ScalarAt("id"), spec.id);
    EXPECT_EQ(Scalar(*rules[i], "shortDescription.text"), spec.summary);
    std::string full = Scalar(*rules[i], "fullDescription.text");
    EXPECT_FALSE(full.empty());
    EXPECT_FALSE(full.starts_with("#") || full.starts_with("**")) << full;
    EXPECT_EQ(Scalar(*rules[i], "help.text"), help);
    EXPECT_EQ(Scalar(*rules[i], "help.markdown"), help);
    EXPECT_EQ(
        Scalar(*rules[i], "defaultConfiguration.level"),
        spec.default_severity == Severity::kNotice ? "note" : SeverityName(spec.default_severity));
  }
  EXPECT_EQ(rules[0]->ScalarAt("id"), "compatibility");
  EXPECT_EQ(rules[0]->Get("name"), nullptr);  // a one-word id has no other name
  EXPECT_EQ(rules[1]->ScalarAt("name"), "CrdDowngrade");
  EXPECT_TRUE(TheRun(sarif).Get("results")->IsSequence());
}

TEST(SarifFormat, ResultPointsAtItsRuleLineAndColumn) {
  YamlNodePtr sarif =
      Sarif({MakeFinding("minor-jump", Severity::kError, "jumps", {"clusters/prod/s.yaml", 11, 18}),
             MakeFinding("image-digest", Severity::kNotice, "no digest", {"b.yaml", 2, 0})});
  const YamlNode& jump = Result(sarif, 0);
  EXPECT_EQ(jump.ScalarAt("ruleId"), "minor-jump");
  const auto& rules = TheRun(sarif).Path("tool.driver.rules")->items;
  size_t index = std::stoul(std::string(jump.ScalarAt("ruleIndex")));
  EXPECT_EQ(rules.at(index)->ScalarAt("id"), "minor-jump");
  EXPECT_EQ(jump.ScalarAt("level"), "error");
  EXPECT_EQ(Scalar(jump, "message.text"), "jumps");
  const YamlNode& where = *jump.Get("locations")->items.at(0)->Get("physicalLocation");
  EXPECT_EQ(Scalar(where, "artifactLocation.uri"), "clusters/prod/s.yaml");
  EXPECT_EQ(Scalar(where, "artifactLocation.uriBaseId"), "%SRCROOT%");
  EXPECT_EQ(Scalar(where, "region.startLine"), "11");
  EXPECT_EQ(Scalar(where, "region.startColumn"), "18");
  EXPECT_EQ(Scalar(jump, "properties.policy"), "a-policy");
  EXPECT_EQ(Scalar(jump, "properties.commit"), std::string(40, 'd'));
  EXPECT_EQ(jump.Get("suppressions"), nullptr);

  const YamlNode& digest = Result(sarif, 1);
  EXPECT_EQ(digest.ScalarAt("level"), "note");
  const YamlNode& region = *digest.Path("locations")->items.at(0)->Path("physicalLocation.region");
  EXPECT_EQ(region.ScalarAt("startLine"), "2");
  EXPECT_EQ(region.Get("startColumn"), nullptr);
}

TEST(SarifFormat, UrisAreRepositoryRelativeAndEscaped) {
  YamlNodePtr sarif =
      Sarif({MakeFinding("minor-jump", Severity::kWarning, "m", {"apps/my app/a:b%.yaml", 1, 1}),
             MakeFinding("policy-changed", Severity::kWarning, "m", {})});
  EXPECT_EQ(Scalar(*Result(sarif, 0).Get("locations")->items.at(0),
                   "physicalLocation.artifactLocation.uri"),
            "apps/my%20app/a%3Ab%25.yaml");
  EXPECT_EQ(Scalar(*Result(sarif, 1).Get("locations")->items.at(0),
                   "physicalLocation.artifactLocation.uri"),
            ".");
}

TEST(SarifFormat, FingerprintsIgnoreLinesAndCommitsButNotWhatWasFound) {
  Finding base = MakeFinding("minor-jump", Severity::kError, "jumps", {"a.yaml", 3, 4});
  Finding moved = base;
  moved.location.line = 40;
  moved.location.column = 1;
  moved.commit = std::string(40, 'e');
  EXPECT_EQ(FindingFingerprint(base), FindingFingerprint(moved));
  EXPECT_EQ(FindingFingerprint(base).size(), 32u);
  for (auto change :
       {+[](Finding& f) { f.message += "!"; }, +[](Finding& f) { f.rule = "x"; },
        +[](Finding& f) { f.policy = "x"; }, +[](Finding& f) { f.scope = "dev"; },
        +[](Finding& f) { f.component = "x"; }, +[](Finding& f) { f.location.path = "b.yaml"; }}) {
    Finding other = base;
    change(other);
    EXPECT_NE(FindingFingerprint(base), FindingFingerprint(other)) << other;
  }
}

TEST(SarifFormat, EqualFindingsGetNumberedFingerprints) {
  Finding first = MakeFinding("minor-jump", Severity::kError, "jumps", {"a.yaml", 3, 4});
  Finding second = first;
  second.location.line = 9;
  YamlNodePtr sarif = Sarif({first, second});
  std::string hash = FindingFingerprint(first);
  EXPECT_EQ(Scalar(Result(sarif, 0), "partialFingerprints.skewlint/v1"), hash);
  EXPECT_EQ(Scalar(Result(sarif, 1), "partialFingerprints.skewlint/v1"), hash + ":2");
}

TEST(SarifFormat, SuppressedFindingsCarryTheirJustification) {
  Finding f = MakeFinding("minor-jump", Severity::kError, "jumps", {"a.yaml", 3, 4});
  f.suppressed = true;
  f.suppression = "lab clusters follow upstream";
  YamlNodePtr sarif = Sarif({f});
  const YamlNode& suppression = *Result(sarif, 0).Get("suppressions")->items.at(0);
  EXPECT_EQ(suppression.ScalarAt("kind"), "inSource");
  EXPECT_EQ(suppression.ScalarAt("status"), "accepted");
  EXPECT_EQ(suppression.ScalarAt("justification"), "lab clusters follow upstream");
}

TEST(SarifFormat, SameFindingsGiveTheSameBytes) {
  CheckOutcome outcome;
  outcome.findings = {MakeFinding("minor-jump", Severity::kError, "jumps", {"a.yaml", 3, 4})};
  Report report{"a", "b", CheckRequest::Mode::kNet, &outcome};
  EXPECT_EQ(RenderSarif(report), RenderSarif(report));
}

// A repository with one finding and one suppressed finding, checked by the
// binary; the SARIF it writes must pass the SARIF multitool with GitHub's
// ingestion rules.
TEST(SarifValidation, BinaryOutputPassesTheSarifMultitool) {
  TempRepo repo;
  std::string staging = SpireServer("1.9.6");
  staging.insert(staging.rfind("          image:"),
                 "          # skewlint: ignore[minor-jump] staging follows upstream\n");
  repo.Write(".skewlint.yaml", testing::SpireConfig());
  repo.Write(testing::kProdServer, SpireServer("1.9.6"));
  repo.Write("clusters/staging/server.yaml", staging);
  repo.Commit("spire 1.9.6");
  repo.Git("checkout -q -b upgrade");
  repo.Write(testing::kProdServer, SpireServer("1.11.0"));
  std::string upgraded = staging;
  upgraded.replace(upgraded.rfind("1.9.6"), 5, "1.11.0");
  repo.Write("clusters/staging/server.yaml", upgraded);
  repo.Commit("spire 1.11.0");
  std::string file = (repo.path() / ".git" / "out.sarif").string();
  auto r = RunSkewlint(repo.root(), "check --base main --format sarif=" + file, false, CleanEnv());
  ASSERT_EQ(r.exit_code, 1) << r.out;
  YamlNodePtr sarif = ParseJson(testing::ReadFile(file));
  ASSERT_EQ(TheRun(sarif).Get("results")->items.size(), 2u);
  EXPECT_EQ(Result(sarif, 0).Get("suppressions"), nullptr);
  EXPECT_EQ(Scalar(*Result(sarif, 1).Get("suppressions")->items.at(0), "justification"),
            "staging follows upstream");

  std::string out;
  int status = testing::RunValidator("sarif", file, &out);
  if (status == testing::kValidatorMissing) SKEWLINT_SKIP_LOUDLY("@microsoft/sarif-multitool");
  EXPECT_EQ(status, 0) << out;
}

TEST(SarifValidation, EmptyReportPassesTheSarifMultitool) {
  CheckOutcome outcome;
  Report report{std::string(40, 'a'), std::string(40, 'b'), CheckRequest::Mode::kNet, &outcome};
  testing::TempDir dir;
  std::string file = (dir.path() / "empty.sarif").string();
  testing::WriteFile(file, RenderSarif(report));
  std::string out;
  int status = testing::RunValidator("sarif", file, &out);
  if (status == testing::kValidatorMissing) SKEWLINT_SKIP_LOUDLY("@microsoft/sarif-multitool");
  EXPECT_EQ(status, 0) << out;
}

}  // namespace
}  // namespace skewlint
