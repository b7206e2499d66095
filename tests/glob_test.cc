#include <gtest/gtest.h>
#include <re2/re2.h>

#include "linter/glob.h"

namespace skewlint {
namespace {

bool GlobMatches(const std::string& glob, const std::string& path) {
  return RE2::FullMatch(path, RE2(GlobToRegex(glob)));
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

}  // namespace
}  // namespace skewlint
