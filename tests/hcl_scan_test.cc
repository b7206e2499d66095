#include "linter/hcl_scan.h"

#include <gtest/gtest.h>

namespace skewlint {
namespace {

TEST(HclScan, FindsNestedBlocksWithTheirPosition) {
  std::string text =
      "server {\n"
      "  log_level = \"INFO\"\n"
      "  experimental {\n"
      "    feature_flags = [\"a\"] # }\n"
      "    nested { x = 1 }\n"
      "  }\n"
      "}\n";
  auto blocks = FindHclBlocks(text, "experimental");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].line, 3);
  EXPECT_EQ(blocks[0].column, 3);
  EXPECT_EQ(blocks[0].text,
            "experimental {\n    feature_flags = [\"a\"] # }\n    nested { x = 1 }\n  }");
}

TEST(HclScan, ReadsTheJsonFormAndAttributeForms) {
  auto json = FindHclBlocks("{\"server\": {\"experimental\": {\"a\": \"}\"}}}", "experimental");
  ASSERT_EQ(json.size(), 1u);
  EXPECT_EQ(json[0].column, 13);
  EXPECT_EQ(json[0].text, "\"experimental\": {\"a\": \"}\"}");
  auto attribute = FindHclBlocks("experimental = {\n  a = 1\n}\n", "experimental");
  ASSERT_EQ(attribute.size(), 1u);
  EXPECT_EQ(attribute[0].text, "experimental = {\n  a = 1\n}");
}

TEST(HclScan, IgnoresNamesInStringsCommentsAndValues) {
  std::string text =
      "# experimental { }\n"
      "// experimental { }\n"
      "/* experimental { } */\n"
      "note = \"experimental {\"\n"
      "experimental_x { }\n"
      "mode = experimental\n";
  EXPECT_TRUE(FindHclBlocks(text, "experimental").empty());
}

TEST(HclScan, UnclosedBlocksRunToTheEnd) {
  auto blocks = FindHclBlocks("a {\n experimental {\n  x = \"unterminated\n", "experimental");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].line, 2);
  EXPECT_EQ(blocks[0].text, "experimental {\n  x = \"unterminated\n");
  EXPECT_TRUE(FindHclBlocks("}}}{{{", "experimental").empty());
}

TEST(HclScan, CollapseWhitespace) {
  EXPECT_EQ(CollapseWhitespace("  a {\n\t b = 1\n }  "), "a { b = 1 }");
  EXPECT_EQ(CollapseWhitespace(""), "");
}

}  // namespace
}  // namespace skewlint
