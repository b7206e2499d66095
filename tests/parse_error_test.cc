#include <gtest/gtest.h>

#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr const char* kBroken = "clusters/prod/spire/broken.yaml";
const std::string kBadDocument = "kind: ConfigMap\ndata:\n  a: [1, 2\n";

TEST(ParseError, InvalidYamlIsAnErrorAtYamlCppsPosition) {
  Files after = {{kBroken, SpireServer("1.9.6") + "---\n" + kBadDocument}};
  auto findings = RunRule("parse-error", PresetConfig("spire"), {}, after);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "parse-error");
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].scope, "prod");
  EXPECT_EQ(findings[0].location.path, kBroken);
  EXPECT_EQ(findings[0].location.line, 21);
  EXPECT_GT(findings[0].location.column, 0);
  EXPECT_EQ(findings[0].message.rfind("not valid YAML: ", 0), 0u) << findings[0].message;
  EXPECT_NE(findings[0].message.find("; fix the syntax so the components in this document can be "
                                     "checked (the rest of the change was still checked)"),
            std::string::npos);
}

// "the rest of the change is still checked"
TEST(ParseError, TheOtherDocumentsOfTheFileAreStillRead) {
  Config config = PresetConfig("spire");
  Files before = {{kBroken, SpireServer("1.1.1")}};
  Files after = {{kBroken, SpireServer("1.3.0") + "---\n" + kBadDocument}};
  EXPECT_EQ(RunRule("parse-error", config, before, after).size(), 1u);
  EXPECT_EQ(RunRule("minor-jump", config, before, after).size(), 1u);
}

TEST(ParseError, HelmTemplatesAreNeverParseErrors) {
  Files after = {{"charts/x/templates/cm.yaml", "data:\n  {{- toYaml .Values.x | nindent 2 }}\n"},
                 {"charts/x/templates/other.yaml", "a: b: c\n"}};
  EXPECT_TRUE(RunRule("parse-error", PresetConfig("spire"), {}, after).empty());
}

TEST(ParseError, OnlyFilesTheChangeTouches) {
  Files broken = {{kBroken, kBadDocument}};
  EXPECT_TRUE(RunRule("parse-error", PresetConfig("spire"), broken, broken).empty());
  EXPECT_TRUE(RunRule("parse-error", PresetConfig("spire"), broken, {}).empty());
}

TEST(ParseError, ALimitIsNotASyntaxError) {
  Config config = ConfigFrom("version: 1\nlimits: {max_depth: 3}\n");
  auto findings =
      RunRule("parse-error", config, {}, {{"clusters/prod/deep.yaml", "a: {b: {c: {d: 1}}}\n"}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message.rfind("not valid YAML: nesting deeper than 3 levels", 0), 0u);
  EXPECT_NE(
      findings[0].message.find("; simplify the document or raise the limit so the components"),
      std::string::npos)
      << findings[0].message;
}

// Binary and git-crypt files are not manifests: skipped without a finding.
TEST(ParseError, BinaryAndEncryptedFilesAreNotManifests) {
  Files after = {{"clusters/prod/blob.yaml", std::string("a: 1\n\0\1", 7)},
                 {"clusters/prod/secret.yaml", std::string("\0GITCRYPT\0\x93\x11{[", 15)}};
  EXPECT_TRUE(RunRule("parse-error", PresetConfig("spire"), {}, after).empty());
}

TEST(ParseError, ANulByteAfterTheFirst8KiBIsReported) {
  Files after = {
      {"clusters/prod/blob.yaml", "a: " + std::string(9000, 'x') + "\n" + std::string("\0\1", 2)}};
  auto findings = RunRule("parse-error", PresetConfig("spire"), {}, after);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "skewlint did not read this file: binary file (it holds NUL bytes); components in it "
            "are not checked; exclude the path under paths.exclude if it holds no manifests");
}

TEST(ParseError, SkippedFilesAreReportedUnlessThePolicySaysNot) {
  Files after = {{"clusters/prod/big.yaml", "a: " + std::string(200, 'x') + "\n"}};
  Config config = ConfigFrom("version: 1\nlimits: {max_file_bytes: 100}\n");
  auto findings = RunRule("parse-error", config, {}, after);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{"clusters/prod/big.yaml", 1, 1}));
  EXPECT_EQ(findings[0].message,
            "skewlint did not read this file: file is 204 bytes, over the limit of 100 bytes "
            "(limits.max_file_bytes); components in it are not checked; raise the limit, or "
            "exclude the path under paths.exclude if it holds no manifests");
  Config quiet = ConfigFrom(
      "version: 1\nlimits: {max_file_bytes: 100}\npolicies:\n  - rule: parse-error\n"
      "    report_skipped: false\n");
  EXPECT_TRUE(RunRule("parse-error", quiet, {}, after).empty());
}

}  // namespace
}  // namespace skewlint::testing
