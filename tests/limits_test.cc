// Limits on hostile input, below the command line: the file size, nesting,
// document and node limits with the notices they leave, the `limits:` keys
// that set them, JSON output of bytes that are not UTF-8, and traversals
// that stay bounded when aliases share nodes ("billion laughs").

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "linter/config.h"
#include "linter/crd_schema.h"
#include "linter/extract.h"
#include "linter/json_writer.h"
#include "linter/state_builder.h"
#include "linter/yaml_tree.h"
#include "tests/manifests.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Sanitizer builds run several times slower; the bounds below are about
// "linear, not exponential", so they get the same headroom.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kSlowdown = 10;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int kSlowdown = 10;
#else
constexpr int kSlowdown = 1;
#endif
#else
constexpr int kSlowdown = 1;
#endif

std::chrono::seconds Bound(int seconds) { return std::chrono::seconds(seconds * kSlowdown); }

std::string Problems(const FileFacts& facts) {
  std::string out;
  for (const auto& p : facts.problems) {
    out += std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + p.message + "\n";
  }
  return out;
}

std::string LoadError(const std::string& text) {
  Result<Config> config = LoadConfig(text, ".skewlint.yaml");
  return config.ok() ? "" : config.error().ToString();
}

/// `levels` lists of ten aliases of the level below, over `leaf`: expands to
/// 10^levels copies of the leaf while the text stays a few hundred bytes.
std::string BillionLaughs(const std::string& leaf, int levels) {
  std::string text = "l0: &l0 " + leaf + "\n";
  for (int level = 1; level <= levels; ++level) {
    std::string previous = "*l" + std::to_string(level - 1);
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + previous;
    text += "]\n";
  }
  return text;
}

TEST(Limits, AFileOverTheSizeLimitIsSkippedWithANoticeNamingTheLimit) {
  Limits limits;
  limits.max_file_bytes = 1024;
  auto facts = ReadFacts("clusters/prod/big.yaml", "id",
                         SpireServer("1.9.6") + std::string(2048, '#'), limits);
  EXPECT_EQ(facts->skipped,
            "file is 2401 bytes, over the limit of 1024 bytes (limits.max_file_bytes)");
  EXPECT_TRUE(facts->documents.empty());
  EXPECT_TRUE(facts->problems.empty());

  auto big = ReadFacts("big.yaml", "id", std::string(10 * 1024 * 1024, '#'), Limits{});
  EXPECT_EQ(big->skipped, "file is 10 MiB, over the limit of 4 MiB (limits.max_file_bytes)");
}

TEST(Limits, AFileExactlyAtTheSizeLimitIsRead) {
  std::string text = SpireServer("1.9.6");
  Limits limits;
  limits.max_file_bytes = text.size();
  auto facts = ReadFacts("server.yaml", "id", text, limits);
  EXPECT_EQ(facts->skipped, "");
  EXPECT_EQ(facts->documents.size(), 1u);
}

TEST(Limits, NulBytesMakeAFileBinary) {
  using namespace std::string_literals;
  auto facts = ReadFacts("logo.yaml", "id", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s, Limits{});
  EXPECT_TRUE(facts->not_manifest);
  EXPECT_EQ(facts->skipped, "");
  EXPECT_TRUE(facts->documents.empty());
}

TEST(Limits, ANulBytePastTheFirst8KiBSkipsTheFile) {
  using namespace std::string_literals;
  auto facts = ReadFacts("dump.yaml", "id", "a: " + std::string(9000, 'x') + "\n\0"s, Limits{});
  EXPECT_FALSE(facts->not_manifest);
  EXPECT_EQ(facts->skipped, "binary file (it holds NUL bytes)");
  EXPECT_TRUE(facts->documents.empty());
}

TEST(Limits, TheConfigSetsEveryLimit) {
  Config config = ConfigFrom(
      "version: 1\n"
      "limits: {max_file_bytes: 2048, max_depth: 8, max_documents: 3, max_nodes: 50}\n");
  EXPECT_EQ(config.limits.max_file_bytes, 2048u);
  EXPECT_EQ(config.limits.max_depth, 8u);
  EXPECT_EQ(config.limits.max_documents, 3u);
  EXPECT_EQ(config.limits.max_nodes, 50u);
  Config defaults = ConfigFrom("version: 1\n");
  EXPECT_EQ(defaults.limits.max_file_bytes, 4u * 1024 * 1024);
  EXPECT_EQ(defaults.limits.max_depth, 256u);
  EXPECT_EQ(defaults.limits.max_documents, 10000u);
  EXPECT_EQ(defaults.limits.max_nodes, 2000000u);
}

TEST(Limits, ConfiguredLimitsApplyWhenFilesAreRead) {
  Config config = ConfigFrom("limits: {max_depth: 3, max_documents: 2, max_nodes: 12}\n");
  auto deep = ReadFacts("deep.yaml", "id", "a:\n  b:\n    c:\n      d: 1\n", config.limits);
  EXPECT_EQ(Problems(*deep), "4:7: nesting deeper than 3 levels\n");
  auto many = ReadFacts("many.yaml", "id", "a: 1\n---\nb: 2\n---\nc: 3\n", config.limits);
  EXPECT_EQ(Problems(*many), "4:1: more than 2 documents\n");
  EXPECT_EQ(many->documents.size(), 2u);
  auto wide =
      ReadFacts("wide.yaml", "id", "a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n", config.limits);
  EXPECT_EQ(Problems(*wide), "1:32: more than 12 nodes\n");
}

TEST(Limits, LimitsMustBeWholeNumbersInRange) {
  const char* kMessage = ": expected a whole number from 1 to 2^50";
  EXPECT_EQ(LoadError("limits: {max_depth: 0}\n"),
            std::string(".skewlint.yaml:1:21: limits.max_depth") + kMessage);
  EXPECT_EQ(LoadError("limits: {max_nodes: -5}\n"),
            ".skewlint.yaml:1:21: limits.max_nodes: expected a non-negative number, found '-5'");
  EXPECT_EQ(LoadError("limits: {max_documents: 2.5}\n"),
            std::string(".skewlint.yaml:1:25: limits.max_documents") + kMessage);
  EXPECT_EQ(LoadError("limits: {max_file_bytes: 1e300}\n"),
            std::string(".skewlint.yaml:1:26: limits.max_file_bytes") + kMessage);
  EXPECT_EQ(LoadError("limits: {max_file_bytes: inf}\n"),
            std::string(".skewlint.yaml:1:26: limits.max_file_bytes") + kMessage);
  EXPECT_EQ(LoadError("limits: {max_depth: nan}\n"),
            std::string(".skewlint.yaml:1:21: limits.max_depth") + kMessage);
  EXPECT_EQ(LoadError("limits: {max_depth: 1125899906842625}\n"),
            std::string(".skewlint.yaml:1:21: limits.max_depth") + kMessage);
  EXPECT_EQ(LoadError("limits: {max_depth: 1125899906842624}\n"), "");
  EXPECT_EQ(LoadError("limits: {max_bytes: 10}\n"),
            ".skewlint.yaml:1:10: unknown key 'max_bytes' in limits; expected one of: "
            "max_file_bytes, max_depth, max_documents, max_nodes");
}

TEST(Limits, HundredThousandLevelsOfNestingFailOneDocumentQuickly) {
  std::string deep =
      std::string(100000, '[') + std::string(100000, ']') + "\n---\n" + SpireServer("1.9.6");
  auto start = Clock::now();
  auto facts = ReadFacts("clusters/prod/deep.yaml", "id", deep, Limits{});
  EXPECT_LT(Clock::now() - start, Bound(2));
  EXPECT_EQ(Problems(*facts), "1:257: nesting deeper than 256 levels\n");
  ASSERT_EQ(facts->documents.size(), 1u);
  EXPECT_EQ(facts->documents[0].first_line, 2);  // its `---` line

  std::string block;  // "- - - … x": block sequences, one per two bytes
  for (int i = 0; i < 100000; ++i) block += "- ";
  start = Clock::now();
  facts = ReadFacts("block.yaml", "id", block + "x\n", Limits{});
  EXPECT_LT(Clock::now() - start, Bound(2));
  EXPECT_EQ(Problems(*facts), "1:513: nesting deeper than 256 levels\n");
}

TEST(Limits, TwentyThousandDocumentsStopAtTheDocumentLimit) {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "---\nkind: ConfigMap\nmetadata: {name: c" + std::to_string(i) + "}\n";
  auto start = Clock::now();
  auto facts = ReadFacts("clusters/prod/many.yaml", "id", text, Limits{});
  EXPECT_LT(Clock::now() - start, Bound(5));
  EXPECT_EQ(facts->documents.size(), 10000u);
  EXPECT_EQ(Problems(*facts), "30001:1: more than 10000 documents\n");
}

TEST(Limits, AliasesThatExpandPastTheNodeLimitStopTheFile) {
  std::string text = "kind: ConfigMap\n---\n" + BillionLaughs("{a: b}", 9) + "---\nc: 1\n";
  auto start = Clock::now();
  auto facts = ReadFacts("clusters/prod/laughs.yaml", "id", text, Limits{});
  EXPECT_LT(Clock::now() - start, Bound(2));
  EXPECT_EQ(Problems(*facts),
            "9:35: aliases expand to more than 2000000 nodes; the rest of the file was not read\n");
  ASSERT_EQ(facts->documents.size(), 1u);
  EXPECT_EQ(facts->documents[0].root->ScalarAt("kind"), "ConfigMap");

  Config config = ConfigFrom("limits: {max_nodes: 20}\n");
  auto small =
      ReadFacts("a.yaml", "id", "a: &a [1, 2, 3]\nb: [*a, *a, *a]\nc: [*a, *a]\n", config.limits);
  EXPECT_EQ(Problems(*small),
            "3:1: aliases expand to more than 20 nodes; the rest of the file was not read\n");
  // Parsing on its own (the config file, tests) shares aliases without a bound.
  EXPECT_TRUE(ParseYaml(BillionLaughs("{a: b}", 9)).problems.empty());
}

TEST(Limits, BillionLaughsOfImagesUnderTheLimitIsExtractedOnceInBoundedTime) {
  Config config = PresetConfig("spire");
  std::string text = BillionLaughs("{image: ghcr.io/spiffe/spire-server:1.9.6}", 5);
  auto start = Clock::now();
  State state = StateFrom({{"clusters/prod/laughs.yaml", text}}, config);
  EXPECT_LT(Clock::now() - start, Bound(5));
  ASSERT_EQ(state.instances.size(), 1u);
  EXPECT_EQ(state.instances[0].location.ToString(), "clusters/prod/laughs.yaml:1:17");
}

TEST(Limits, BillionLaughsInACrdSchemaIsReadInBoundedTime) {
  std::string crd =
      "apiVersion: apiextensions.k8s.io/v1\n"
      "kind: CustomResourceDefinition\n"
      "metadata: {name: things.example.com}\n"
      "x-laughs:\n";
  // Ten properties per level, each the level below: 10^7 property paths.
  crd += "  l0: &l0 {type: string, description: 'Deprecated since 1.2'}\n";
  for (int level = 1; level <= 7; ++level) {
    crd += "  l" + std::to_string(level) + ": &l" + std::to_string(level) +
           "\n    type: object\n    properties: {";
    for (int i = 0; i < 10; ++i) {
      crd += (i ? ", " : "") + std::string("p") + std::to_string(i) + ": *l" +
             std::to_string(level - 1);
    }
    crd += "}\n";
  }
  crd +=
      "spec:\n"
      "  group: example.com\n"
      "  names: {kind: Thing}\n"
      "  versions:\n"
      "    - name: v1\n"
      "      served: true\n"
      "      schema:\n"
      "        openAPIV3Schema: *l7\n";
  ParsedYaml parsed = ParseYaml(crd);
  ASSERT_EQ(parsed.problems.size(), 0u);
  auto start = Clock::now();
  CrdSchema schema = ReadCrdSchema(*parsed.documents[0].root, crd);
  EXPECT_LT(Clock::now() - start, Bound(5));
  ASSERT_EQ(schema.versions.size(), 1u);
  EXPECT_LE(schema.versions[0].nodes.size(), 400000u);  // the reader's visit budget

  // A resource that is itself a billion laughs of maps with the schema's
  // property names, judged against that schema.
  std::string resource = "apiVersion: example.com/v1\nkind: Thing\nx-anchors:\n  r0: &r0 x\n";
  for (int level = 1; level <= 7; ++level) {
    std::string previous = "*r" + std::to_string(level - 1);
    resource += "  r" + std::to_string(level) + ": &r" + std::to_string(level) + " {";
    for (int i = 0; i < 10; ++i) {
      resource += (i ? ", p" : "p") + std::to_string(i) + ": " + previous;
    }
    resource += "}\n";
  }
  for (int i = 0; i < 10; ++i) resource += "p" + std::to_string(i) + ": *r6\n";
  ParsedYaml custom = ParseYaml(resource);
  ASSERT_EQ(custom.problems.size(), 0u);
  start = Clock::now();
  std::vector<FieldUse> uses = FieldsSet(schema.versions[0], *custom.documents[0].root);
  EXPECT_LT(Clock::now() - start, Bound(5));
  EXPECT_LE(uses.size(), 2000000u);
}

TEST(Limits, LookupsInAWideMapStayFast) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "k" + std::to_string(i) + ": v\n";
  text += "k7: duplicate\n";
  ParsedYaml parsed = ParseYaml(text);
  ASSERT_EQ(parsed.documents.size(), 1u);
  const YamlNode& root = *parsed.documents[0].root;
  auto start = Clock::now();
  size_t found = 0;
  for (const auto& entry : root.entries) found += root.Get(entry.key) == entry.value.get();
  EXPECT_LT(Clock::now() - start, Bound(2));
  EXPECT_EQ(found, 200000u);  // the duplicate key finds its first entry
  EXPECT_EQ(root.ScalarAt("k7"), "v");
  EXPECT_EQ(root.Get("absent"), nullptr);
}

TEST(Limits, JsonOutputReplacesBytesThatAreNotUtf8) {
  EXPECT_EQ(JsonQuote("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  EXPECT_EQ(JsonQuote("a\xFF"
                      "b"),
            "\"a\\ufffdb\"");
  EXPECT_EQ(JsonQuote("\xC3"), "\"\\ufffd\"");                                   // truncated
  EXPECT_EQ(JsonQuote("\xC0\xAF"), "\"\\ufffd\\ufffd\"");                        // overlong '/'
  EXPECT_EQ(JsonQuote("\xED\xA0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");             // surrogate
  EXPECT_EQ(JsonQuote("\xF4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // > U+10FFFF
  EXPECT_EQ(JsonQuote("\xE2\x82"), "\"\\ufffd\\ufffd\"");
  EXPECT_EQ(JsonQuote(std::string("nul\0", 4)), "\"nul\\u0000\"");
}

}  // namespace
}  // namespace skewlint::testing
