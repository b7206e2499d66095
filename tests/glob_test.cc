#include "linter/glob.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

namespace skewlint {
namespace {

bool GlobMatches(const std::string& glob, const std::string& path) {
  RE2 re(GlobToRegex(glob));
  EXPECT_TRUE(re.ok()) << glob << ": " << re.error();
  return GlobMatchesPath(re, path);
}

TEST(Glob, DoubleStarMatchesAnyDepthIncludingNone) {
  EXPECT_TRUE(GlobMatches("**/*.yaml", "a.yaml"));
  EXPECT_TRUE(GlobMatches("**/*.yaml", "a/b/c.yaml"));
  EXPECT_FALSE(GlobMatches("**/*.yaml", "a/b/c.yml"));
}

TEST(Glob, TrailingDoubleStarMatchesEverythingBelow) {
  EXPECT_TRUE(GlobMatches("docs/**", "docs/a/b.yaml"));
  EXPECT_FALSE(GlobMatches("docs/**", "src/docs/a.yaml"));
}

TEST(Glob, StarStaysInsideASegment) {
  EXPECT_TRUE(GlobMatches("clusters/*/a.yaml", "clusters/prod/a.yaml"));
  EXPECT_FALSE(GlobMatches("clusters/*/a.yaml", "clusters/prod/x/a.yaml"));
}

TEST(Glob, NameOnlyGlobMatchesAtAnyDepth) {
  EXPECT_TRUE(GlobMatches("*.yml", "x/y/z.yml"));
  EXPECT_TRUE(GlobMatches("kustomization.yaml", "a/kustomization.yaml"));
}

TEST(Glob, RegexCharactersAreLiteralAndClassesWork) {
  EXPECT_TRUE(GlobMatches("a+b.yaml", "a+b.yaml"));
  EXPECT_FALSE(GlobMatches("a+b.yaml", "aab.yaml"));
  EXPECT_TRUE(GlobMatches("v[0-9].yaml", "v3.yaml"));
  EXPECT_FALSE(GlobMatches("v[!0-9].yaml", "v3.yaml"));
  EXPECT_TRUE(GlobMatches("?.yaml", "a.yaml"));
}

TEST(Glob, ClassesStayInsideASegment) {
  EXPECT_TRUE(GlobMatches("a[!0-9]b.yaml", "axb.yaml"));
  EXPECT_FALSE(GlobMatches("a[!0-9]b.yaml", "a/b.yaml"));
  EXPECT_FALSE(GlobMatches("a?b.yaml", "a/b.yaml"));
}

// File names are bytes. A byte that is not UTF-8 is matched as the U+FFFD
// reports print for it: wildcards match it, so the file is still read.
TEST(Glob, NamesThatAreNotUtf8StillMatchWildcards) {
  const std::string name = "clusters/prod/caf\xE9-\xFF.yaml";
  EXPECT_TRUE(GlobMatches("**/*.yaml", name));
  EXPECT_TRUE(GlobMatches("*.yaml", name));
  EXPECT_TRUE(GlobMatches("clusters/*/caf?-?.yaml", name));
  EXPECT_TRUE(GlobMatches("clusters/**", name));
  EXPECT_TRUE(GlobMatches("clusters/prod/caf[!a]-*", name));
  EXPECT_FALSE(GlobMatches("clusters/*/caf-?.yaml", name));
  EXPECT_FALSE(
      GlobMatches("clusters/*/caf?"
                  "?-?.yaml",
                  name));  // one byte, one character
  EXPECT_FALSE(GlobMatches("**/*.yml", name));
  // In a directory name too, and a lone continuation byte or a cut sequence.
  EXPECT_TRUE(GlobMatches("clusters/*/a.yaml", "clusters/\x80\xC3/a.yaml"));
  EXPECT_TRUE(GlobMatches("**/*.yaml", "\xED\xA0\x80/\xF4\x90.yaml"));
  // Printed as U+FFFD, so that is what a glob can name.
  EXPECT_TRUE(GlobMatches("clusters/prod/caf\uFFFD-\uFFFD.yaml", name));
  EXPECT_FALSE(GlobMatches("clusters/prod/caf\u00e9-*", name));
}

TEST(Glob, Utf8NamesMatchByCharacter) {
  const std::string name = "clusters/prod/caf\u00e9/\u65e5\u672c.yaml";
  EXPECT_TRUE(GlobMatches("**/*.yaml", name));
  EXPECT_TRUE(GlobMatches("clusters/prod/caf\u00e9/*.yaml", name));
  EXPECT_TRUE(
      GlobMatches("clusters/prod/caf?/?"
                  "?.yaml",
                  name));
  EXPECT_FALSE(
      GlobMatches("clusters/prod/caf?"
                  "?/?"
                  "?.yaml",
                  name));
  EXPECT_FALSE(GlobMatches("clusters/prod/caf?/?.yaml", name));
  EXPECT_TRUE(GlobMatches("clusters/prod/caf[\u00e8\u00e9]/*", name));
  EXPECT_FALSE(GlobMatches("clusters/prod/caf[!\u00e9]/*", name));
  EXPECT_TRUE(GlobMatches("clusters/prod/caf[!e]/*", name));
  EXPECT_FALSE(GlobMatches("clusters/prod/cafe/*", name));
}

TEST(Glob, NamesMayHoldLineBreaks) {
  EXPECT_TRUE(GlobMatches("**/*.yaml", "a\nb/c\n.yaml"));
  EXPECT_TRUE(GlobMatches("docs/**", "docs/x\ny/z.yaml"));
  EXPECT_TRUE(GlobMatches("*.yaml", "x\n/y.yaml"));
}

}  // namespace
}  // namespace skewlint
