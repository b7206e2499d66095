// ParseFastSubset against yaml-cpp: a document in the subset is built
// without yaml-cpp and must come out node for node as yaml-cpp builds it
// (values, places, quoting, wide-map indexes); one outside is left to
// yaml-cpp. The random differential tests in yaml_fastcheck_test.cc run
// thousands more texts through both.

#include "linter/yaml_fastparse.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "linter/yaml_tree.h"
#include "tests/manifests.h"
#include "tests/yaml_problems.h"

namespace skewlint {
namespace {

constexpr size_t kBudget = 1000000;

/// In the subset: the fast builder builds it, and ParseYaml (which then
/// uses it) gives exactly what yaml-cpp gives.
void ExpectBuilt(std::string_view text) {
  size_t nodes = 0;
  EXPECT_NE(ParseFastSubset(text, 1, 256, kBudget, &nodes), nullptr) << "left to yaml-cpp:\n"
                                                                     << text;
  EXPECT_EQ(DescribeParse(ParseYaml(text)), DescribeParse(ParseYamlWithYamlCpp(text))) << "in:\n"
                                                                                       << text;
}

/// Outside the subset: left to yaml-cpp, whose answer ParseYaml gives.
void ExpectLeft(std::string_view text) {
  size_t nodes = 0;
  EXPECT_EQ(ParseFastSubset(text, 1, 256, kBudget, &nodes), nullptr) << "built:\n" << text;
  EXPECT_EQ(DescribeParse(ParseYaml(text)), DescribeParse(ParseYamlWithYamlCpp(text))) << "in:\n"
                                                                                       << text;
}

TEST(FastSubset, ManifestsChartsAndKustomizationsAreBuilt) {
  using namespace skewlint::testing;
  ExpectBuilt(SpireServer("1.9.6"));
  ExpectBuilt(SpireAgent("1.9.6"));
  ExpectBuilt(SpiceOperator("1.0.0"));
  ExpectBuilt(
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
      "resources:\n- deployment.yaml\n- ../base\nimages:\n  - name: nginx\n    newTag: \"1.25\"\n"
      "commonLabels:\n  app.kubernetes.io/name: web\n");
  ExpectBuilt(
      "apiVersion: v2\nname: web\nversion: 1.2.3\nappVersion: \"4.5.6\"\ndependencies:\n"
      "  - name: redis\n    version: 17.x.x\n    repository: https://charts.example\n");
  ExpectBuilt(
      "image:\n  repository: spiceai/spiceai\n  tag: 1.0.0  # pinned\n  pullPolicy:\n"
      "replicaCount: 2\n");
}

TEST(FastSubset, NullsArePlacedAsYamlCppPlacesThem) {
  // An empty map value stands at its key; a null literal at itself.
  ExpectBuilt("a:\nb: ~\nc: null\nd: Null # x\ne: NULL\nf: nullx\n");
  ExpectBuilt("outer:\n  inner:\n  next: 1\nlast:\n");
  ExpectBuilt("null: 1\n~: 2\nlist: [null, nullx, a]\nmap: {null: v, k: null}\n");
  // yaml-cpp places an empty value at the next token when that reads as a
  // null literal (found by fuzz_fastcheck): left to it.
  ExpectLeft("metadata:\n~  name: web\n");
  ExpectLeft("metadata:\nnull , x: 1\n");
  ExpectBuilt("metadata:\nnull: 1\n");  // `null:` is no null literal
  ExpectBuilt("metadata:\nnullx: 1\n");
}

TEST(FastSubset, SequencesCompactFormsAndIndentation) {
  ExpectBuilt("- a\n- b\n-   c\n");
  ExpectBuilt("key:\n- a\n- b\nnext: 1\n");
  ExpectBuilt("key:\n  - a\n  -   b: 1\n      c: 2\n  - - x\n    - y\n");
  ExpectBuilt("- key:\n  - a\n  other: 1\n-\n  k: v\n- # a comment\n  - z\n");
  ExpectBuilt("  indented: root\n  second: 2\n");
}

TEST(FastSubset, ScalarsKeepTheirTextAndQuoting) {
  ExpectBuilt(
      "plain: a b  c   # comment\nurl: http://h:80/p#frag\ncolon: a:b\nhash: a#b\n"
      "dash: -1\nflag: --x=1\nutf8: xé\n");
  ExpectBuilt(
      "single: 'it''s # not a comment'\ndouble: \"tab\\there \\\"q\\\" \\\\ \\/ \\x41 \\xe9 "
      "\\u00e9 \\u20ac\"\n"
      "escapes: \"\\0\\a\\b\\n\\v\\f\\r\\e\\ \\N\\_\\L\\P\"\nempty: ''\n\"quoted key\": 1\n"
      "'single key': 2\n");
  ExpectBuilt(
      "flow: [a, \"b c\", 'd', 1.2, ./x, a-b]\nmap: {k: v, \"q\": 'w'}\nnone: []\n"
      "nothing: {}\n");
}

TEST(FastSubset, LiteralBlockScalars) {
  ExpectBuilt("text: |\n  line\n");
  ExpectBuilt("text: |-\n  one\n\n    two # not a comment\n  three\nnext: 1\n");
  ExpectBuilt("list:\n  - |\n    item\n    # content\n  - b\n");
  ExpectBuilt("a:\n  description: |-\n    Lead.\n\n    More.\n      \n  type: object\n");
  ExpectBuilt("text: |  # a comment\n\n  after a blank line\n   \n\nnext: 1\n");
  ExpectBuilt("- key: |\n    in a compact map\n  other: 1\n");
}

TEST(FastSubset, PlainScalarsOverSeveralLines) {
  ExpectBuilt("plain: multi\n  line\n");
  ExpectBuilt(
      "description: The key of the secret to select from.  Must be a\n  valid secret key.\n"
      "  \n\n  After [two](blank) lines, {braces} and a#hash.   \n\nnext: 1\n");
  ExpectBuilt("- an item\n  going on\n- key: a value\n    going on\n  other: x\n");
  ExpectBuilt("null: null\n  is text now\n");
  ExpectLeft("plain: one # comment\n  two\n");  // a comment ends it
  ExpectLeft("plain: one\n  # comment\n  two\n");
  ExpectLeft("plain: one\n  - two\n");
  ExpectLeft("plain: one\n  two: three\n");
  ExpectBuilt("plain: one\n  'two', [three] {four} `five` &six *seven !eight |nine >ten @11 %12\n");
}

TEST(FastSubset, QuotedScalarsOverSeveralLines) {
  ExpectBuilt("q: \"open\n  close\"\n");
  ExpectBuilt(
      "d: \"roundRobinDNS controls the DNS resolution\n  for connections.\\nWhen enabled:\\n  - "
      "the \\\"x\\\" \\u00e9\n\n   \\tend\"\n");
  ExpectBuilt(
      "description: 'Container name: required for volumes,\n  optional for env vars'\n"
      "type: string\n");
  ExpectBuilt("s: 'it''s   \n\n     over '' lines  '  # comment\nnext: 1\n");
  ExpectBuilt("- 'an item\n  over lines'\n- \"and  another\n\n\n  one  \"\n");
  ExpectLeft("q: 'open\nclosed at the key'\n");  // not deeper than its key
  ExpectLeft("q: 'never closed\n  at all\n");
  ExpectLeft("q: 'closed' then text\n");
}

// Random texts of the pieces multi-line scalars are made of, at random
// indentations: ParseYaml gives what yaml-cpp gives on every one, and the
// subset builder builds a good share of them itself.
TEST(FastSubset, RandomMultiLineScalarsAgreeWithYamlCpp) {
  static const std::vector<std::string> kFragments = {
      "a: one",  "b: |",       "c: |-",   "d: 'open",     "e: \"open", "close'",
      "close\"", "more text",  "x: y",    "- item",       "- 'q",      "-",
      "",        "   ",        "# note",  "f: \"\\t\\\"", "g:",        "it''s",
      "\\n esc", "h: [a, b]",  "- k: v",  "w: plain #",   "'",         "\"",
      "- |",     "  indented", "[x] {y}", "i: \"a\\",     "j: ok'",    "tail: ' '",
  };
  std::mt19937 random(42);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
  int built = 0;
  constexpr int kTexts = 6000;
  for (int n = 0; n < kTexts; ++n) {
    std::string text;
    int level = 0;
    for (size_t i = 0, lines = 1 + pick(8); i < lines; ++i) {
      size_t roll = pick(6);
      if (roll < 2) level = std::max(0, level - 2);
      if (roll >= 2 && roll < 4) level += 2;
      text +=
          std::string(static_cast<size_t>(level), ' ') + kFragments[pick(kFragments.size())] + "\n";
    }
    ASSERT_EQ(DescribeParse(ParseYaml(text)), DescribeParse(ParseYamlWithYamlCpp(text))) << "in:\n"
                                                                                         << text;
    size_t nodes = 0;
    if (ParseFastSubset(text, 1, 256, kBudget, &nodes)) ++built;
  }
  EXPECT_GT(built, kTexts / 20) << "too few texts built to test anything";  // 509 with this seed
  std::printf("[ FastSubset ] %d of %d random texts built without yaml-cpp\n", built, kTexts);
}

TEST(FastSubset, DocumentsAndWideMaps) {
  ExpectBuilt("--- # first\na: 1\n");
  std::string wide;
  for (int i = 0; i < 40; ++i)
    wide += "k" + std::to_string(i % 35) + ": " + std::to_string(i) + "\n";
  ExpectBuilt(wide);  // indexed, the first of equal keys kept
  EXPECT_EQ(DescribeParse(ParseYaml("a: 1\n---\nb: 2\n--- \n- c\n")),
            DescribeParse(ParseYamlWithYamlCpp("a: 1\n---\nb: 2\n--- \n- c\n")));
}

TEST(FastSubset, WhatItDoesNotReadIsLeftToYamlCpp) {
  ExpectLeft("text: >-\n  folded\n  more\n");
  ExpectLeft("text: |+\n  kept\n\n");
  ExpectLeft("text: |2\n    indicated\n");
  ExpectLeft("text: |\nnext: 1\n");              // no content
  ExpectLeft("text: |\n    deep\n  shallow\n");  // under its content, over its key
  ExpectLeft("text: |\n      \n    blank line deeper than the content\n");
  ExpectLeft("last: |\n  no line break");
  ExpectLeft("a: &x 1\nb: *x\n");
  ExpectLeft("a: !tag x\n");
  ExpectLeft("? complex\n: v\n");
  ExpectLeft("- \n- a\n");                     // an empty entry: yaml-cpp places it
  ExpectLeft("just a scalar\n");               // a root scalar
  ExpectLeft("%YAML 1.2\n---\na: 1\n");        // a directive
  ExpectLeft("a:\tb\n");                       // a tab
  ExpectLeft("flow: [a, [b]]\n");              // nested flow
  ExpectLeft("q: \"open \\\n  escaped\"\n");   // an escaped line break
  ExpectLeft("q: \"open \\ \n  escaped\"\n");  // an escaped space before a break
  // Broken YAML is never built: yaml-cpp says where it breaks.
  ExpectLeft("a: 1\n b: 2\n");
  ExpectLeft("a: b: c\n");
  ExpectLeft("- a\nb: 1\n");
  ExpectLeft("a: 1\n  - b\n");
}

TEST(FastSubset, LimitsAreLeftToYamlCppToReport) {
  size_t nodes = 0;
  std::string text = "a:\n  b:\n    c:\n      d: 1\n";
  EXPECT_NE(ParseFastSubset(text, 1, 256, kBudget, &nodes), nullptr);
  EXPECT_EQ(nodes, 9u);  // four maps, four keys and a scalar, as yaml-cpp counts
  EXPECT_EQ(ParseFastSubset(text, 1, 3, kBudget, &nodes), nullptr);  // four levels deep
  EXPECT_EQ(ParseFastSubset(text, 1, 256, 8, &nodes), nullptr);      // nine nodes
  YamlLimits limits;
  limits.max_depth = 3;
  EXPECT_EQ(DescribeParse(ParseYaml(text, limits)),
            DescribeParse(ParseYamlWithYamlCpp(text, limits)));
  EXPECT_FALSE(ParseYaml(text, limits).problems.empty());
  limits = {};
  limits.max_nodes = 8;
  EXPECT_EQ(DescribeParse(ParseYaml(text, limits)),
            DescribeParse(ParseYamlWithYamlCpp(text, limits)));
  EXPECT_FALSE(ParseYaml(text, limits).problems.empty());
}

TEST(FastSubset, LinesCountFromTheDocumentsFirstLine) {
  size_t nodes = 0;
  YamlNodePtr root = ParseFastSubset("a:\n  b: 1\n", 40, 256, kBudget, &nodes);
  ASSERT_NE(root, nullptr);
  ASSERT_EQ(root->entries.size(), 1u);
  EXPECT_EQ(root->line, 40);
  EXPECT_EQ(root->entries[0].value->entries[0].key_line, 41);
  EXPECT_EQ(root->entries[0].value->entries[0].key_column, 3);
  EXPECT_EQ(root->entries[0].value->entries[0].value->column, 6);
}

}  // namespace
}  // namespace skewlint
