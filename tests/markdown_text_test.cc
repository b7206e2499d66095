#include "linter/markdown_text.h"

#include <gtest/gtest.h>

namespace skewlint {
namespace {

TEST(MarkdownTextTest, HeadingsParagraphsAndInlineMarkup) {
  EXPECT_EQ(MarkdownToText("# rule-id\n\n**Default severity:** error. Pass `--all-findings`.\n"
                           "See [the docs](https://example.invalid/x) and \\*this\\*.\n\n"
                           "## Keys\n\n### Small\n- a `b`\n",
                           false),
            "rule-id\n=======\n\nDefault severity: error. Pass '--all-findings'.\n"
            "See the docs (https://example.invalid/x) and *this*.\n\nKeys\n----\n\nSmall\n"
            "- a 'b'\n");
}

TEST(MarkdownTextTest, CodeBlocksAreIndentedAndLeftAsWritten) {
  EXPECT_EQ(
      MarkdownToText("Example:\n\n```yaml\nkey: `value` | **x**\n\nnext: 1\n```\nafter\n", false),
      "Example:\n\n    key: `value` | **x**\n\n    next: 1\nafter\n");
}

TEST(MarkdownTextTest, TablesAreAlignedAndTheLastColumnWraps) {
  std::string table =
      "| key | meaning |\n|---|:---:|\n| `a` | short |\n| `allow` \\| x | one two three four "
      "five six seven eight nine ten eleven twelve thirteen |\n";
  EXPECT_EQ(MarkdownToText(table, false, 50),
            "key          meaning\n"
            "-----------  -------------------------------------\n"
            "'a'          short\n"
            "'allow' | x  one two three four five six seven\n"
            "             eight nine ten eleven twelve thirteen\n");
}

TEST(MarkdownTextTest, ColourMarksHeadingsBoldAndCode) {
  EXPECT_EQ(MarkdownToText("# t\n**b** `c`\n", true),
            "\033[1mt\033[0m\n=\n\033[1mb\033[0m \033[36mc\033[0m\n");
}

TEST(MarkdownTextTest, UnclosedMarkupIsKeptAsText) {
  EXPECT_EQ(MarkdownToText("a ``b and **c and [d](e\n", false), "a ``b and **c and [d](e\n");
}

}  // namespace
}  // namespace skewlint
