#include "linter/version_range.h"

#include <gtest/gtest.h>

namespace skewlint {
namespace {

bool In(const std::string& range, const std::string& version) {
  std::string error;
  auto r = VersionRange::Parse(range, &error);
  EXPECT_TRUE(r.has_value()) << range << ": " << error;
  return r && r->Contains(Version::Parse(version));
}

std::string ErrorOf(const std::string& range) {
  std::string error;
  EXPECT_FALSE(VersionRange::Parse(range, &error).has_value()) << range;
  return error;
}

TEST(VersionRange, ComparisonOperators) {
  EXPECT_TRUE(In(">=1.6.0", "1.6.0"));
  EXPECT_TRUE(In(">=1.6.0", "v1.7.3"));
  EXPECT_FALSE(In(">=1.6.0", "1.5.9"));
  EXPECT_TRUE(In(">1.6.0", "1.6.1"));
  EXPECT_FALSE(In(">1.6.0", "1.6.0"));
  EXPECT_TRUE(In("<1.16.0", "1.15.9"));
  EXPECT_FALSE(In("<1.16.0", "1.16.0"));
  EXPECT_TRUE(In("<=1.15.3", "1.15.3"));
  EXPECT_FALSE(In("<=1.15.3", "1.15.4"));
  EXPECT_TRUE(In("=1.9.3", "1.9.3"));
  EXPECT_FALSE(In("=1.9.3", "1.9.4"));
  EXPECT_TRUE(In("1.9.3", "1.9.3"));
}

TEST(VersionRange, EveryTermMustHold) {
  EXPECT_TRUE(In(">=1.12.0 <1.16.0", "1.15.2"));
  EXPECT_FALSE(In(">=1.12.0 <1.16.0", "1.16.0"));
  EXPECT_FALSE(In(">=1.12.0 <1.16.0", "1.11.9"));
}

TEST(VersionRange, WildcardsNameASeries) {
  EXPECT_TRUE(In("1.9.x", "1.9.0"));
  EXPECT_TRUE(In("1.9.x", "1.9.12"));
  EXPECT_FALSE(In("1.9.x", "1.10.0"));
  EXPECT_FALSE(In("1.9.x", "1.8.9"));
  EXPECT_TRUE(In("1.9", "1.9.4"));
  EXPECT_TRUE(In("1.x", "1.30.0"));
  EXPECT_FALSE(In("1.x", "2.0.0"));
  EXPECT_TRUE(In(">1.9.x", "1.10.0"));
  EXPECT_FALSE(In(">1.9.x", "1.9.99"));
  EXPECT_TRUE(In("<=1.9.x", "1.9.99"));
  EXPECT_FALSE(In("<=1.9.x", "1.10.0"));
  EXPECT_TRUE(In(">=1.6", "1.6.0"));
  EXPECT_FALSE(In("<1.16", "1.16.0"));
  EXPECT_TRUE(In("*", "0.0.1"));
  EXPECT_TRUE(In("1.9.*", "1.9.3"));
}

TEST(VersionRange, LowestIsTheLowestVersionInside) {
  std::string error;
  auto lowest = [&](const std::string& text) {
    return VersionRange::Parse(text, &error)->Lowest().Normalized();
  };
  EXPECT_EQ(lowest(">=1.6.0"), "1.6.0");
  EXPECT_EQ(lowest(">=1.12.0 <1.16.0"), "1.12.0");
  EXPECT_EQ(lowest(">1.6.2"), "1.6.3");
  EXPECT_EQ(lowest(">1.9.x"), "1.10.0");
  EXPECT_EQ(lowest("1.9.x"), "1.9.0");
  EXPECT_EQ(lowest("<2"), "0.0.0");
}

TEST(VersionRange, UnversionedIsNeverInside) { EXPECT_FALSE(In("*", "latest")); }

TEST(VersionRange, KeepsItsTextTrimmed) {
  std::string error;
  auto r = VersionRange::Parse("  >=1.6.0   <2  ", &error);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->text(), ">=1.6.0 <2");
}

TEST(VersionRange, BadRangesSayWhatWasExpected) {
  EXPECT_EQ(ErrorOf(""),
            "expected a version range such as '>=1.6.0 <1.16.0' or '1.9.x', found nothing");
  EXPECT_EQ(ErrorOf(">=1.6.0 <"),
            "expected a version range such as '>=1.6.0 <1.16.0' or '1.9.x', found '<'");
  EXPECT_EQ(ErrorOf("~1.6"),
            "expected a version range such as '>=1.6.0 <1.16.0' or '1.9.x', found '~1.6'");
  EXPECT_EQ(ErrorOf("1.x.3"),
            "expected a version range such as '>=1.6.0 <1.16.0' or '1.9.x', found '1.x.3'");
  EXPECT_EQ(ErrorOf("18446744073709551615.x"),
            "expected a version range such as '>=1.6.0 <1.16.0' or '1.9.x', found "
            "'18446744073709551615.x'");
  EXPECT_EQ(ErrorOf("1.2.3.4"),
            "expected a version range such as '>=1.6.0 <1.16.0' or '1.9.x', found '1.2.3.4'");
}

}  // namespace
}  // namespace skewlint
