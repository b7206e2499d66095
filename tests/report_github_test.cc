#include <gtest/gtest.h>

#include "linter/report_formats.h"
#include "tests/integration_util.h"

namespace skewlint {
namespace {

using testing::CleanEnv;
using testing::ReadFile;
using testing::RunSkewlint;
using testing::SpireServer;
using testing::TempRepo;
using testing::WriteFile;

Finding MakeFinding(std::string rule, std::string policy, Severity severity, std::string message,
                    Location where, std::string commit = "") {
  Finding f;
  f.rule = std::move(rule);
  f.policy = std::move(policy);
  f.severity = severity;
  f.message = std::move(message);
  f.location = std::move(where);
  f.commit = std::move(commit);
  return f;
}

Finding Suppressed(Finding f, std::string why) {
  f.suppressed = true;
  f.suppression = std::move(why);
  return f;
}

ComponentChange MakeChange(std::string component, std::string scope, std::string from,
                           std::string to, std::string kind, Location where) {
  ComponentChange c;
  c.component = std::move(component);
  c.scope = std::move(scope);
  c.from = std::move(from);
  c.to = std::move(to);
  c.kind = std::move(kind);
  c.location = std::move(where);
  return c;
}

Report MakeReport(const CheckOutcome& outcome) {
  return Report{std::string(40, 'a'), std::string(40, 'b'), CheckRequest::Mode::kNet, &outcome};
}

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";

TEST(GithubEscape, MessageEscapesPercentAndLineBreaks) {
  EXPECT_EQ(EscapeCommandData("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b");
}

TEST(GithubEscape, PropertyAlsoEscapesColonAndComma) {
  EXPECT_EQ(EscapeCommandProperty("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
}

TEST(GithubFormat, OneWorkflowCommandPerFindingThenTheSummary) {
  CheckOutcome outcome;
  outcome.findings = {
      MakeFinding("minor-jump", "spire-server-one-minor-per-upgrade", Severity::kError,
                  "spire-server jumps from 1.9.6 to 1.11.0", {"clusters/prod/server.yaml", 11, 18},
                  kCommit),
      MakeFinding("image-digest", "", Severity::kNotice, "no digest: 100%", {"a,b:c.yaml", 3, 0}),
      MakeFinding("zero-downtime", "p", Severity::kWarning, "two\nlines", {"x.yaml", 0, 0}),
  };
  EXPECT_EQ(RenderGithub(MakeReport(outcome)),
            "::error file=clusters/prod/server.yaml,line=11,col=18,title=minor-jump "
            "(spire-server-one-minor-per-upgrade)::spire-server jumps from 1.9.6 to "
            "1.11.0%0A%0Aintroduced by 0123456789ab\n"
            "::notice file=a%2Cb%3Ac.yaml,line=3,title=image-digest::no digest: 100%25\n"
            "::warning file=x.yaml,title=zero-downtime (p)::two%0Alines\n"
            "skewlint: checking aaaaaaaaaaaa..bbbbbbbbbbbb (0 commits, net): empty range, "
            "nothing was checked\n"
            "skewlint: 1 error, 1 warning, 1 notice; 0 component changes\n");
}

TEST(GithubFormat, SuppressedFindingsAreNotAnnotated) {
  CheckOutcome outcome;
  outcome.findings = {Suppressed(
      MakeFinding("minor-jump", "", Severity::kError, "jump", {"a.yaml", 1, 1}), "lab cluster")};
  outcome.commits = 2;
  EXPECT_EQ(RenderGithub(MakeReport(outcome)),
            "skewlint: checking aaaaaaaaaaaa..bbbbbbbbbbbb (2 commits, net)\n"
            "skewlint: 0 errors, 0 warnings, 0 notices (1 suppressed); 0 component changes\n");
}

TEST(GithubFormat, FindingWithoutFileHasNoFileProperty) {
  CheckOutcome outcome;
  outcome.findings = {MakeFinding("policy-changed", "", Severity::kNotice, "edited", {})};
  EXPECT_EQ(RenderGithub(MakeReport(outcome)).substr(0, 40),
            "::notice title=policy-changed::edited\nsk");
}

TEST(MarkdownFormat, CountsChangesAndFindings) {
  CheckOutcome outcome;
  outcome.findings = {
      MakeFinding("minor-jump", "spire-one-minor", Severity::kError, "jumps 2 minors",
                  {"clusters/prod/server.yaml", 11, 18}),
      Suppressed(MakeFinding("image-digest", "", Severity::kNotice, "no digest", {"b.yaml", 1, 1}),
                 "ok"),
  };
  outcome.changes = {MakeChange("spire-server", "prod", "ghcr.io/spiffe/spire-server:1.9.6",
                                "ghcr.io/spiffe/spire-server:1.11.0", "minor",
                                {"clusters/prod/server.yaml", 11, 18})};
  outcome.files_scanned = 2;
  outcome.commits = 1;
  EXPECT_EQ(RenderMarkdown(MakeReport(outcome)),
            "## skewlint\n\n"
            "**1 error**, 0 warnings, 0 notices (1 suppressed) · 1 component change · 2 files "
            "read · 1 commit\n\n"
            "Checked aaaaaaaaaaaa..bbbbbbbbbbbb (1 commit, net).\n"
            "\n### Component changes\n\n"
            "| component | scope | from | to | kind | location |\n"
            "|---|---|---|---|---|---|\n"
            "| spire-server | prod | ghcr.io/spiffe/spire-server:1.9.6 | "
            "ghcr.io/spiffe/spire-server:1.11.0 | minor | clusters/prod/server.yaml:11:18 |\n"
            "\n### Findings\n\n"
            "| rule | severity | location | message |\n"
            "|---|---|---|---|\n"
            "| `minor-jump`<br>spire-one-minor | error | clusters/prod/server.yaml:11:18 | jumps 2 "
            "minors |\n");
}

TEST(MarkdownFormat, SaysSoWhenNothingChangedOrFound) {
  CheckOutcome outcome;
  Report report{std::string(40, 'c'), ":index", CheckRequest::Mode::kStaged, &outcome};
  EXPECT_EQ(RenderMarkdown(report),
            "## skewlint\n\n**0 errors**, 0 warnings, 0 notices · 0 component changes · 0 files "
            "read · 0 commits\n\nChecked cccccccccccc..:index (staged).\n"
            "\nNo component changes.\n\nNo findings.\n");
}

TEST(MarkdownFormat, CellsCannotBreakTheTable) {
  CheckOutcome outcome;
  outcome.findings = {MakeFinding("version-skew", "", Severity::kWarning,
                                  "a|b *c* _d_ <e> [f](g)\nh", {"x.yaml", 1, 1})};
  std::string md = RenderMarkdown(MakeReport(outcome));
  EXPECT_NE(md.find("| a\\|b \\*c\\* \\_d\\_ \\<e\\> \\[f\\](g)<br>h |"), std::string::npos) << md;
}

TEST(MarkdownFormat, TablesAreCappedWithANoteOfWhatWasLeftOut) {
  CheckOutcome outcome;
  for (int i = 1; i <= 60; ++i) {
    outcome.findings.push_back(MakeFinding("minor-jump", "", Severity::kNotice,
                                           "n" + std::to_string(i), {"a.yaml", i, 1}));
    outcome.changes.push_back(MakeChange("c", "s", "1", "2", "patch", {"a.yaml", i, 1}));
  }
  outcome.findings.push_back(
      MakeFinding("minor-jump", "", Severity::kError, "last but worst", {"z.yaml", 1, 1}));
  std::string md = RenderMarkdown(MakeReport(outcome));
  EXPECT_NE(md.find("\n_10 more changes not shown; run `skewlint check` or see the SARIF "
                    "results for all of them._\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("\n_11 more findings not shown;"), std::string::npos) << md;
  // Errors come first, so the cap never hides them.
  size_t findings = md.find("### Findings");
  EXPECT_NE(md.find("| error | z.yaml:1:1 | last but worst |", findings), std::string::npos);
  EXPECT_NE(md.find("| n49 |"), std::string::npos);
  EXPECT_EQ(md.find("| n50 |"), std::string::npos);
}

class StepSummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.Write(".skewlint.yaml", testing::SpireConfig());
    repo_.Write(testing::kProdServer, SpireServer("1.9.6"));
    base_ = repo_.Commit("spire 1.9.6");
    repo_.Git("checkout -q -b upgrade");
    repo_.Write(testing::kProdServer, SpireServer("1.11.0"));
    head_ = repo_.Commit("spire 1.11.0");
    summary_ = repo_.path() / ".git" / "step-summary.md";
    WriteFile(summary_, "earlier step\n");
  }

  testing::RunResult Run(const std::string& format) {
    return RunSkewlint(repo_.root(), "check --base main " + format, true,
                       CleanEnv() + " GITHUB_STEP_SUMMARY=" + testing::ShellQuote(summary_));
  }

  TempRepo repo_;
  std::string base_, head_;
  std::filesystem::path summary_;
};

TEST_F(StepSummaryTest, GithubFormatAnnotatesAndAppendsTheSummary) {
  auto r = Run("--format github");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out.rfind("::error file=clusters/prod/server.yaml,line=11,col=18,title=minor-jump "
                        "(spire-server-one-minor-per-upgrade)::spire-server jumps from 1.9.6 to "
                        "1.11.0",
                        0),
            0u)
      << r.out;
  std::string summary = ReadFile(summary_);
  EXPECT_EQ(summary.rfind("earlier step\n## skewlint\n\n**1 error**, 0 warnings", 0), 0u)
      << summary;
  EXPECT_NE(summary.find("| `minor-jump`<br>spire-server-one-minor-per-upgrade | error | "
                         "clusters/prod/server.yaml:11:18 | spire-server jumps from 1.9.6 to "
                         "1.11.0"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("| spire-server | prod | 1.9.6 | 1.11.0 | minor |"), std::string::npos)
      << summary;
}

// The log says what was checked, as the other formats do, without an
// annotation of its own.
TEST_F(StepSummaryTest, GithubFormatNamesTheRangeBeforeTheSummary) {
  auto r = RunSkewlint(repo_.root(), "check --base main --format github", true, CleanEnv());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  std::string tail = "\nskewlint: checking " + base_.substr(0, 12) + ".." + head_.substr(0, 12) +
                     " (1 commit, net; base from --base main)\n"
                     "skewlint: 1 error, 0 warnings, 0 notices; 1 component change\n";
  ASSERT_GE(r.out.size(), tail.size()) << r.out;
  EXPECT_EQ(r.out.substr(r.out.size() - tail.size()), tail) << r.out;
}

TEST_F(StepSummaryTest, OtherFormatsLeaveTheSummaryAlone) {
  auto r = Run("--format json --format markdown");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("\n## skewlint\n"), std::string::npos) << r.out;
  EXPECT_EQ(ReadFile(summary_), "earlier step\n");
}

}  // namespace
}  // namespace skewlint
