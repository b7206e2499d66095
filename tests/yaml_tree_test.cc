#include "linter/yaml_tree.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/yaml_problems.h"

namespace skewlint {
namespace {

struct Pos {
  int line;
  int column;
  bool operator==(const Pos&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Pos& pos) {
  return os << pos.line << ":" << pos.column;
}

Pos PosOf(const YamlNode* node) { return node ? Pos{node->line, node->column} : Pos{-1, -1}; }

Pos KeyPosOf(const YamlNode::Entry* entry) {
  return entry ? Pos{entry->key_line, entry->key_column} : Pos{-1, -1};
}

constexpr std::string_view kTwoManifests =
    "# leading comment\n"                   // 1
    "---\n"                                 // 2
    "apiVersion: v1\n"                      // 3
    "kind: Pod\n"                           // 4
    "spec:\n"                               // 5
    "  containers:\n"                       // 6
    "    - name: app\n"                     // 7
    "      image: \"nginx:1.25\"\n"         // 8
    "\n"                                    // 9
    "---\n"                                 // 10
    "# comment\n"                           // 11
    "apiVersion: apps/v1\n"                 // 12
    "metadata: {name: web}  # trailing\n";  // 13

void ExpectTwoManifests(const ParsedYaml& parsed) {
  ASSERT_EQ(Problems(parsed), "");
  ASSERT_EQ(parsed.documents.size(), 2u);
  const YamlDocument& pod = parsed.documents[0];
  EXPECT_EQ(pod.index, 0);
  EXPECT_EQ(pod.first_line, 2);
  EXPECT_EQ(PosOf(pod.root.get()), (Pos{3, 1}));
  EXPECT_EQ(pod.root->ScalarAt("kind"), "Pod");
  const YamlNode* container = pod.root->Path("spec.containers")->items.at(0).get();
  EXPECT_EQ(PosOf(container), (Pos{7, 7}));
  EXPECT_EQ(KeyPosOf(container->GetEntry("image")), (Pos{8, 7}));
  const YamlNode* image = container->Get("image");
  EXPECT_EQ(PosOf(image), (Pos{8, 14}));
  EXPECT_EQ(image->scalar, "nginx:1.25");
  EXPECT_TRUE(image->quoted);

  const YamlDocument& deployment = parsed.documents[1];
  EXPECT_EQ(deployment.index, 1);
  EXPECT_EQ(deployment.first_line, 10);
  EXPECT_EQ(PosOf(deployment.root.get()), (Pos{12, 1}));
  EXPECT_EQ(PosOf(deployment.root->Get("metadata")), (Pos{13, 11}));
  EXPECT_EQ(KeyPosOf(deployment.root->Get("metadata")->GetEntry("name")), (Pos{13, 12}));
  EXPECT_EQ(PosOf(deployment.root->Path("metadata.name")), (Pos{13, 18}));
  EXPECT_EQ(deployment.root->Path("metadata.name")->scalar, "web");
}

TEST(YamlTreeTest, PositionsInMultiDocumentFile) { ExpectTwoManifests(ParseYaml(kTwoManifests)); }

TEST(YamlTreeTest, CrlfKeepsPositionsAndStripsCarriageReturns) {
  std::string crlf;
  for (char c : kTwoManifests) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  ExpectTwoManifests(ParseYaml(crlf));

  ParsedYaml block = ParseYaml("a: |\r\n  x\r\n  y\r\nb: z\r\n");
  ASSERT_EQ(block.documents.size(), 1u);
  EXPECT_EQ(block.documents[0].root->ScalarAt("a"), "x\ny\n");
  EXPECT_EQ(block.documents[0].root->ScalarAt("b"), "z");
  EXPECT_EQ(PosOf(block.documents[0].root->Get("b")), (Pos{4, 4}));
}

TEST(YamlTreeTest, LoneCarriageReturnEndsALine) {
  ParsedYaml parsed = ParseYaml("a: 1\rb: 2\r");
  ASSERT_EQ(Problems(parsed), "");
  EXPECT_EQ(PosOf(parsed.documents[0].root->Get("b")), (Pos{2, 4}));
}

TEST(YamlTreeTest, BomIsStrippedAndColumnsStartAfterIt) {
  ParsedYaml parsed = ParseYaml("\xEF\xBB\xBFkind: Pod\nspec: {}\n");
  ASSERT_EQ(Problems(parsed), "");
  ASSERT_EQ(parsed.documents.size(), 1u);
  const YamlNode& root = *parsed.documents[0].root;
  EXPECT_EQ(KeyPosOf(root.GetEntry("kind")), (Pos{1, 1}));
  EXPECT_EQ(PosOf(root.Get("kind")), (Pos{1, 7}));
  EXPECT_EQ(root.entries[0].key, "kind");
}

TEST(YamlTreeTest, LeadingMarkerAndContentOnMarkerLine) {
  ParsedYaml parsed = ParseYaml("---\na: 1\n--- |\n  text\n--- # only a comment\n");
  ASSERT_EQ(Problems(parsed), "");
  ASSERT_EQ(parsed.documents.size(), 2u);
  EXPECT_EQ(parsed.documents[0].first_line, 1);
  EXPECT_EQ(PosOf(parsed.documents[0].root->Get("a")), (Pos{2, 4}));
  EXPECT_EQ(parsed.documents[1].first_line, 3);
  EXPECT_EQ(parsed.documents[1].root->scalar, "text\n");
  EXPECT_EQ(PosOf(parsed.documents[1].root.get()), (Pos{3, 5}));
}

TEST(YamlTreeTest, EmptyDocumentsAreSkipped) {
  ParsedYaml parsed = ParseYaml("# header\n---\n# nothing\n---\n\n---\n...\nkind: A\n---\n");
  ASSERT_EQ(Problems(parsed), "");
  ASSERT_EQ(parsed.documents.size(), 1u);
  EXPECT_EQ(parsed.documents[0].index, 0);
  EXPECT_EQ(parsed.documents[0].first_line, 8);
  EXPECT_EQ(parsed.documents[0].root->ScalarAt("kind"), "A");
  EXPECT_TRUE(ParseYaml("").documents.empty());
  EXPECT_TRUE(ParseYaml("# just a comment\n\n").documents.empty());
}

TEST(YamlTreeTest, ExplicitNullDocumentIsKept) {
  ParsedYaml parsed = ParseYaml("--- ~\n");
  ASSERT_EQ(parsed.documents.size(), 1u);
  EXPECT_TRUE(parsed.documents[0].root->IsNull());
}

TEST(YamlTreeTest, DocumentEndMarkerSplitsDocuments) {
  ParsedYaml parsed = ParseYaml("a: 1\n...\nb: 2\n...\n---\nc: 3\n");
  ASSERT_EQ(Problems(parsed), "");
  ASSERT_EQ(parsed.documents.size(), 3u);
  EXPECT_EQ(parsed.documents[1].first_line, 3);
  EXPECT_EQ(parsed.documents[2].first_line, 5);
  EXPECT_EQ(PosOf(parsed.documents[2].root->Get("c")), (Pos{6, 4}));
}

TEST(YamlTreeTest, DirectiveStaysWithItsDocument) {
  ParsedYaml parsed = ParseYaml("a: 0\n...\n%YAML 1.2\n---\na: 1\n");
  ASSERT_EQ(Problems(parsed), "");
  ASSERT_EQ(parsed.documents.size(), 2u);
  EXPECT_EQ(parsed.documents[1].first_line, 3);
  EXPECT_EQ(PosOf(parsed.documents[1].root->Get("a")), (Pos{5, 4}));

  EXPECT_EQ(Problems(ParseYaml("%YAML 2.0\n---\na: 1\n")), "1:1: YAML major version too large\n");
}

TEST(YamlTreeTest, BrokenMiddleDocumentIsReportedAndOthersKept) {
  ParsedYaml parsed = ParseYaml(
      "a: 1\n"      // 1
      "---\n"       // 2
      "b: [1, 2\n"  // 3
      "---\n"       // 4
      "c: 3\n"      // 5
      "---\n"       // 6
      "d: 1\n"      // 7
      " e: 2\n"     // 8
      "---\n"       // 9
      "f: 4\n");    // 10
  EXPECT_EQ(Problems(parsed),
            "3:9: end of sequence flow not found\n"
            "8:3: illegal map value\n");
  ASSERT_EQ(parsed.documents.size(), 3u);
  EXPECT_EQ(parsed.documents[0].root->ScalarAt("a"), "1");
  EXPECT_EQ(parsed.documents[1].root->ScalarAt("c"), "3");
  EXPECT_EQ(parsed.documents[1].index, 1);
  EXPECT_EQ(parsed.documents[1].first_line, 4);
  EXPECT_EQ(parsed.documents[2].root->ScalarAt("f"), "4");
  EXPECT_EQ(parsed.documents[2].index, 2);
}

TEST(YamlTreeTest, StrayContentAfterDocumentIsAProblem) {
  EXPECT_EQ(Problems(ParseYaml("- a\nb: 1\n")), "2:1: unexpected content after the document\n");
  EXPECT_EQ(Problems(ParseYaml("a: 1\n]\n")), "2:1: illegal flow end\n");
}

TEST(YamlTreeTest, ScalarKindsAndQuoting) {
  ParsedYaml parsed = ParseYaml(
      "plain: 1.20\n"
      "double: \"1.20\"\n"
      "single: 'x'\n"
      "empty_quoted: \"\"\n"
      "tagged: !!str \"y\"\n"
      "block: |\n"
      "  z\n"
      "tilde: ~\n"
      "word: null\n"
      "nothing:\n"
      "last: end\n");
  ASSERT_EQ(Problems(parsed), "");
  const YamlNode& root = *parsed.documents[0].root;
  EXPECT_FALSE(root.Get("plain")->quoted);
  EXPECT_EQ(root.ScalarAt("plain"), "1.20");
  EXPECT_TRUE(root.Get("double")->quoted);
  EXPECT_EQ(root.ScalarAt("double"), "1.20");
  EXPECT_TRUE(root.Get("single")->quoted);
  EXPECT_TRUE(root.Get("empty_quoted")->IsScalar());
  EXPECT_TRUE(root.Get("empty_quoted")->quoted);
  EXPECT_TRUE(root.Get("tagged")->quoted);
  EXPECT_EQ(PosOf(root.Get("tagged")), (Pos{5, 15}));
  EXPECT_FALSE(root.Get("block")->quoted);
  EXPECT_EQ(root.ScalarAt("block"), "z\n");
  EXPECT_TRUE(root.Get("tilde")->IsNull());
  EXPECT_EQ(PosOf(root.Get("tilde")), (Pos{8, 8}));
  EXPECT_TRUE(root.Get("word")->IsNull());
  EXPECT_TRUE(root.Get("nothing")->IsNull());
  EXPECT_EQ(PosOf(root.Get("nothing")), (Pos{10, 1}));
  EXPECT_EQ(root.ScalarAt("nothing"), "");
}

TEST(YamlTreeTest, AnchoredNodeIsPlacedAtItsContent) {
  ParsedYaml parsed = ParseYaml("a: &x\n  # note\n  k: v\nb: &y \"q\"\n");
  ASSERT_EQ(Problems(parsed), "");
  const YamlNode& root = *parsed.documents[0].root;
  EXPECT_EQ(PosOf(root.Get("a")), (Pos{3, 3}));
  EXPECT_EQ(PosOf(root.Get("b")), (Pos{4, 7}));
  EXPECT_TRUE(root.Get("b")->quoted);
}

TEST(YamlTreeTest, AccessorsFollowMapsOnly) {
  ParsedYaml parsed =
      ParseYaml("spec:\n  image:\n    tag: 1.2.3\n  list: [a]\n  dup: 1\n  dup: 2\n");
  const YamlNode& root = *parsed.documents[0].root;
  EXPECT_EQ(root.Path("spec.image.tag")->scalar, "1.2.3");
  EXPECT_EQ(root.Path("spec.image.tag.more"), nullptr);
  EXPECT_EQ(root.Path("spec.list.0"), nullptr);
  EXPECT_EQ(root.Path("spec.missing"), nullptr);
  EXPECT_EQ(root.Path(""), &root);
  EXPECT_EQ(root.Path("spec")->ScalarAt("dup"), "1");
  EXPECT_EQ(root.Path("spec")->ScalarAt("image"), "");
  EXPECT_EQ(root.Path("spec")->ScalarAt("absent"), "");
  EXPECT_EQ(root.Path("spec.list")->Get("a"), nullptr);
  EXPECT_EQ(root.Path("spec.list")->GetEntry("a"), nullptr);
}

TEST(YamlTreeTest, NonScalarKeysAreKeptWithEmptyName) {
  ParsedYaml parsed = ParseYaml("? [a, b]\n: 1\nc: 2\n");
  ASSERT_EQ(Problems(parsed), "");
  const YamlNode& root = *parsed.documents[0].root;
  ASSERT_EQ(root.entries.size(), 2u);
  EXPECT_EQ(root.entries[0].key, "");
  EXPECT_EQ(root.entries[1].key, "c");
}

TEST(YamlTreeTest, AliasesShareTheAnchoredNode) {
  ParsedYaml parsed = ParseYaml(
      "base: &b\n"
      "  x: 1\n"
      "copy: *b\n"
      "merged:\n"
      "  <<: *b\n"
      "  y: 2\n");
  ASSERT_EQ(Problems(parsed), "");
  const YamlNode& root = *parsed.documents[0].root;
  EXPECT_EQ(root.GetEntry("copy")->value.get(), root.Get("base"));
  EXPECT_EQ(KeyPosOf(root.GetEntry("copy")), (Pos{3, 1}));
  const YamlNode* merged = root.Get("merged");
  ASSERT_EQ(merged->entries.size(), 2u);
  EXPECT_EQ(merged->entries[0].key, "<<");
  EXPECT_EQ(merged->entries[0].value.get(), root.Get("base"));
  EXPECT_EQ(merged->Get("x"), nullptr);
}

TEST(YamlTreeTest, BillionLaughsParsesFastWithFewNodes) {
  std::string text = "l0: &l0 lol\n";
  for (int level = 1; level < 10; ++level) {
    std::string previous = "*l" + std::to_string(level - 1);
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + previous;
    text += "]\n";
  }
  YamlLimits limits;
  limits.max_nodes = 100;
  auto start = std::chrono::steady_clock::now();
  ParsedYaml parsed = ParseYaml(text, limits);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(Problems(parsed), "");
  EXPECT_LT(elapsed, std::chrono::seconds(1));
  const YamlNode& root = *parsed.documents[0].root;
  ASSERT_EQ(root.Get("l9")->items.size(), 10u);
  EXPECT_EQ(root.Get("l9")->items[0].get(), root.Get("l8"));
  EXPECT_EQ(root.Get("l9")->items[9].get(), root.Get("l8"));
}

TEST(YamlTreeTest, RecursiveAliasIsAProblem) {
  EXPECT_EQ(Problems(ParseYaml("a: &a [1, *a]\n")),
            "1:11: alias refers to a node that contains it\n");
  EXPECT_EQ(Problems(ParseYaml("a: *nope\n")), "1:4: the referenced anchor is not defined\n");
}

TEST(YamlTreeTest, DepthLimitStopsOnlyThatDocument) {
  YamlLimits limits;
  limits.max_depth = 3;
  ParsedYaml parsed = ParseYaml("a:\n  b:\n    c: 1\n---\na:\n  b:\n    c:\n      d: 1\n", limits);
  EXPECT_EQ(Problems(parsed), "8:7: nesting deeper than 3 levels\n");
  ASSERT_EQ(parsed.documents.size(), 1u);
  EXPECT_EQ(parsed.documents[0].root->Path("a.b.c")->scalar, "1");
}

TEST(YamlTreeTest, DefaultDepthLimitStopsDeepFlowNesting) {
  std::string deep = std::string(300, '[') + std::string(300, ']') + "\n---\nok: 1\n";
  ParsedYaml parsed = ParseYaml(deep);
  EXPECT_EQ(Problems(parsed), "1:257: nesting deeper than 256 levels\n");
  ASSERT_EQ(parsed.documents.size(), 1u);
  EXPECT_EQ(parsed.documents[0].root->ScalarAt("ok"), "1");
}

TEST(YamlTreeTest, DocumentLimitStopsTheFile) {
  YamlLimits limits;
  limits.max_documents = 2;
  ParsedYaml parsed = ParseYaml("a: 1\n---\nb: [\n---\n---\nc: 3\n---\nd: 4\n", limits);
  EXPECT_EQ(Problems(parsed),
            "3:5: end of sequence flow not found\n"
            "5:1: more than 2 documents\n");
  ASSERT_EQ(parsed.documents.size(), 1u);
}

TEST(YamlTreeTest, NodeLimitStopsTheFile) {
  YamlLimits limits;
  limits.max_nodes = 5;
  ParsedYaml parsed = ParseYaml("x: 1\n---\na: [1, 2]\n---\nb: 1\n", limits);
  EXPECT_EQ(Problems(parsed), "3:4: more than 5 nodes\n");
  ASSERT_EQ(parsed.documents.size(), 1u);
  EXPECT_EQ(parsed.documents[0].root->ScalarAt("x"), "1");
}

TEST(YamlTreeTest, NulByteFailsOnlyItsDocument) {
  using namespace std::string_literals;
  ParsedYaml parsed = ParseYaml("a: 1\n---\nb: x\0y\n---\nc: 3\n"s);
  EXPECT_EQ(Problems(parsed), "3:5: control character 0x00 is not allowed\n");
  ASSERT_EQ(parsed.documents.size(), 2u);
  EXPECT_EQ(parsed.documents[1].root->ScalarAt("c"), "3");
  EXPECT_EQ(Problems(ParseYaml("\0a: 1\n"s)), "1:1: control character 0x00 is not allowed\n");
  EXPECT_EQ(Problems(ParseYaml("a: \x04\n")), "1:4: control character 0x04 is not allowed\n");
}

TEST(YamlTreeTest, InvalidUtf8IsKeptVerbatim) {
  ParsedYaml parsed = ParseYaml("a: caf\xE9\nb: \"\xFF\xFE\"\nc: 2\n");
  ASSERT_EQ(Problems(parsed), "");
  const YamlNode& root = *parsed.documents[0].root;
  EXPECT_EQ(root.ScalarAt("a"), "caf\xE9");
  EXPECT_EQ(root.ScalarAt("b"), "\xFF\xFE");
  EXPECT_EQ(PosOf(root.Get("c")), (Pos{3, 4}));
}

TEST(YamlTreeTest, ColumnsCountBytes) {
  ParsedYaml parsed = ParseYaml("ключ: v\nб: &a \"x\"\n");
  EXPECT_EQ(PosOf(parsed.documents[0].root->Get("ключ")), (Pos{1, 11}));
  EXPECT_EQ(PosOf(parsed.documents[0].root->Get("б")), (Pos{2, 8}));
  EXPECT_TRUE(parsed.documents[0].root->Get("б")->quoted);
}

TEST(YamlTreeTest, TabsSeparateButDoNotIndent) {
  ParsedYaml parsed = ParseYaml("a:\t1\n---\nb:\n\t- x\n");
  EXPECT_EQ(Problems(parsed), "4:2: illegal block entry\n");
  ASSERT_EQ(parsed.documents.size(), 1u);
  EXPECT_EQ(PosOf(parsed.documents[0].root->Get("a")), (Pos{1, 4}));
}

TEST(YamlTreeTest, LooksLikeTemplate) {
  EXPECT_TRUE(LooksLikeTemplate("image: {{ .Values.x }}\n"));
  EXPECT_TRUE(LooksLikeTemplate("{{- if .Values.enabled }}\nkind: Pod\n{{- end }}\n"));
  EXPECT_TRUE(LooksLikeTemplate("a: \"{{ .Values.x\n  | quote }}\"\n"));
  EXPECT_TRUE(LooksLikeTemplate("a: 1 # x\nb: {{ .Values.x }}"));
  EXPECT_FALSE(LooksLikeTemplate("# {{ .Values.x }}\nkind: Pod\n"));
  EXPECT_FALSE(LooksLikeTemplate("  # {{ .Values.x }}\nkind: Pod\n"));
  EXPECT_FALSE(LooksLikeTemplate("kind: Pod # {{ .Values.x }}\n"));
  EXPECT_FALSE(LooksLikeTemplate("kind: Pod\nspec: {containers: []}\n"));
  EXPECT_FALSE(LooksLikeTemplate("a: {{\n"));
  EXPECT_FALSE(LooksLikeTemplate("a: }} {{\n"));
  EXPECT_FALSE(LooksLikeTemplate(""));
}

}  // namespace
}  // namespace skewlint
