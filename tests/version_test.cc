#include "linter/version.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace skewlint {
namespace {

/// "M.m.p[-pre] variant=V revision=R digest=D" for versioned text, "unversioned digest=D"
/// otherwise, so one string pins every field.
std::string Describe(std::string_view text) {
  Version v = Version::Parse(text);
  EXPECT_EQ(v.raw, text);
  std::string out = v.versioned ? v.Normalized() : "unversioned";
  if (!v.variant.empty()) out += " variant=" + v.variant;
  if (v.revision) out += " revision=" + std::to_string(*v.revision);
  if (!v.digest.empty()) out += " digest=" + v.digest;
  return out;
}

TEST(VersionTest, ParsesReleases) {
  EXPECT_EQ(Describe("1.2.3"), "1.2.3");
  EXPECT_EQ(Describe("v1.2.3"), "1.2.3");
  EXPECT_EQ(Describe("V1.2.3"), "1.2.3");
  EXPECT_EQ(Describe("1.2"), "1.2.0");
  EXPECT_EQ(Describe("v0.12"), "0.12.0");
  EXPECT_EQ(Describe("1.02.3"), "1.2.3");
  EXPECT_EQ(Describe("2024.01.15"), "2024.1.15");
  EXPECT_EQ(Describe(" 1.2.3 "), "1.2.3");
  EXPECT_EQ(Describe("18446744073709551615.0.0"), "18446744073709551615.0.0");
}

TEST(VersionTest, ParsesFields) {
  Version v = Version::Parse("v1.22.333-rc.1-models+build.5@sha256:abc");
  EXPECT_TRUE(v.versioned);
  EXPECT_EQ(v.major, 1u);
  EXPECT_EQ(v.minor, 22u);
  EXPECT_EQ(v.patch, 333u);
  EXPECT_EQ(v.prerelease, (std::vector<std::string>{"rc", "1"}));
  EXPECT_EQ(v.variant, "models");
  EXPECT_EQ(v.digest, "sha256:abc");
  EXPECT_EQ(v.raw, "v1.22.333-rc.1-models+build.5@sha256:abc");
}

TEST(VersionTest, ParsesPrereleases) {
  EXPECT_EQ(Describe("1.2.3-rc.1"), "1.2.3-rc.1");
  EXPECT_EQ(Describe("1.2.3-alpha"), "1.2.3-alpha");
  EXPECT_EQ(Describe("1.2.3-beta.2"), "1.2.3-beta.2");
  EXPECT_EQ(Describe("1.2.3-rc1"), "1.2.3-rc1");
  EXPECT_EQ(Describe("1.2.3-RC1"), "1.2.3-RC1");
  EXPECT_EQ(Describe("1.2.3-pre"), "1.2.3-pre");
  EXPECT_EQ(Describe("1.2.3-preview.3"), "1.2.3-preview.3");
  EXPECT_EQ(Describe("1.2.3-dev"), "1.2.3-dev");
  EXPECT_EQ(Describe("1.2.3-SNAPSHOT"), "1.2.3-SNAPSHOT");
  EXPECT_EQ(Describe("1.2.3-nightly.20240101"), "1.2.3-nightly.20240101");
  EXPECT_EQ(Describe("1.2.3-canary"), "1.2.3-canary");
  EXPECT_EQ(Describe("1.2.3-milestone.2"), "1.2.3-milestone.2");
  EXPECT_EQ(Describe("1.2.3-M2"), "1.2.3-M2");
  EXPECT_EQ(Describe("1.2.3-0.3.7"), "1.2.3-0.3.7");
  EXPECT_EQ(Describe("1.2.3-alpha-1"), "1.2.3-alpha-1");
  EXPECT_EQ(Describe("1.2-rc.1"), "1.2.0-rc.1");
}

TEST(VersionTest, ParsesVariants) {
  EXPECT_EQ(Describe("1.5.0-models"), "1.5.0 variant=models");
  EXPECT_EQ(Describe("2.3.0-enterprise-models"), "2.3.0 variant=enterprise-models");
  EXPECT_EQ(Describe("1.2.3-alpine"), "1.2.3 variant=alpine");
  EXPECT_EQ(Describe("1.2.3-alpine3.18"), "1.2.3 variant=alpine3.18");
  EXPECT_EQ(Describe("1.2.3-debian-12"), "1.2.3 variant=debian-12");
  EXPECT_EQ(Describe("1.2.3-devel"), "1.2.3 variant=devel");
  EXPECT_EQ(Describe("1.2.3-prebuilt"), "1.2.3 variant=prebuilt");
  EXPECT_EQ(Describe("1.2.3-slim_bookworm"), "1.2.3 variant=slim_bookworm");
  EXPECT_EQ(Describe("1.2.3-rc.1-models"), "1.2.3-rc.1 variant=models");
  EXPECT_EQ(Describe("1.2.3-beta-2-debian-12"), "1.2.3-beta-2 variant=debian-12");
  EXPECT_EQ(Describe("1.2-alpine"), "1.2.0 variant=alpine");
}

TEST(VersionTest, IgnoresBuildMetadataButKeepsItInRaw) {
  EXPECT_EQ(Describe("1.2.3+build.5"), "1.2.3");
  EXPECT_EQ(Describe("1.2.3-rc.1+exp.sha.5114f85"), "1.2.3-rc.1");
  EXPECT_EQ(Describe("1.2.3+"), "unversioned");
  EXPECT_EQ(Describe("1.2.3+a..b"), "unversioned");
}

TEST(VersionTest, KeepsDigests) {
  EXPECT_EQ(Describe("1.2.3@sha256:abc123"), "1.2.3 digest=sha256:abc123");
  EXPECT_EQ(Describe("2.3.0-enterprise-models@sha256:abc"),
            "2.3.0 variant=enterprise-models digest=sha256:abc");
  EXPECT_EQ(Describe("1.2.3@sha512:ff"), "1.2.3 digest=sha512:ff");
  EXPECT_EQ(Describe("sha256:abc123"), "unversioned digest=sha256:abc123");
  EXPECT_EQ(Describe("@sha256:abc123"), "unversioned digest=sha256:abc123");
  EXPECT_EQ(Describe("latest@sha256:abc"), "unversioned digest=sha256:abc");
  EXPECT_EQ(Describe("1.2.3@notadigest"), "unversioned");
  EXPECT_EQ(Describe("1.2.3@sha256:xyz"), "unversioned");
}

TEST(VersionTest, RejectsUnversionedTags) {
  for (std::string_view tag : {"latest",
                               "main",
                               "stable",
                               "",
                               " ",
                               "v",
                               "V",
                               "abc1234",
                               "0123456789abcdef0123456789abcdef01234567",
                               "1234567",
                               "15",
                               "20240101",
                               "v15",
                               "99999999999999999999999.1.1",
                               "1.99999999999999999999999",
                               "18446744073709551616.0.0",
                               "1.2.3.4",
                               "1.2.3.4.5",
                               "1.10.0-",
                               "1.2.3-",
                               "1.2.3--x",
                               "1.2.3-rc..1",
                               "1.2.3-rc.",
                               "1.2.3-a b",
                               ".1.2",
                               "1..2",
                               "1.2.",
                               "v.1.2",
                               "1.2.3a",
                               "vv1.2.3",
                               "1.2.3_foo",
                               "-1.2.3",
                               "1.-2.3",
                               "1.2.3:tag",
                               "nginx:1.2.3"}) {
    Version v = Version::Parse(tag);
    EXPECT_FALSE(v.versioned) << tag;
    EXPECT_EQ(v.Normalized(), "") << tag;
    EXPECT_TRUE(v.prerelease.empty()) << tag;
    EXPECT_TRUE(v.variant.empty()) << tag;
    EXPECT_EQ(v.raw, tag);
  }
}

TEST(VersionTest, MakeAndPrint) {
  Version v = Version::Make(1, 2, 3);
  EXPECT_TRUE(v.versioned);
  EXPECT_EQ(v.raw, "1.2.3");
  EXPECT_EQ(v, Version::Parse("v1.2.3"));
  std::ostringstream printed;
  printed << Version::Parse("v1.2-rc.1-models") << " " << Version::Parse("latest");
  EXPECT_EQ(printed.str(), "1.2.0-rc.1 latest");
}

/// Each version is strictly lower than the next.
void ExpectAscending(const std::vector<std::string_view>& texts) {
  for (size_t i = 0; i + 1 < texts.size(); ++i) {
    Version lower = Version::Parse(texts[i]);
    Version higher = Version::Parse(texts[i + 1]);
    EXPECT_LT(lower, higher) << texts[i] << " < " << texts[i + 1];
    EXPECT_GT(higher, lower) << texts[i + 1] << " > " << texts[i];
    EXPECT_NE(lower, higher) << texts[i] << " != " << texts[i + 1];
  }
}

// A suffix that is only a number, or `r` and a number, is a rebuild of the
// release, not a pre-release.
TEST(VersionTest, ParsesBuildRevisions) {
  EXPECT_EQ(Describe("14.7-11"), "14.7.0 revision=11");
  EXPECT_EQ(Describe("1.2.3-1"), "1.2.3 revision=1");
  EXPECT_EQ(Describe("1.25.3-r4"), "1.25.3 revision=4");
  EXPECT_EQ(Describe("2.4.1-debian-12-r3"), "2.4.1 variant=debian-12 revision=3");
  EXPECT_EQ(Describe("1.5.0-models-r2@sha256:ab"),
            "1.5.0 variant=models revision=2 digest=sha256:ab");
  EXPECT_EQ(Describe("1.5.0-models-2"), "1.5.0 variant=models-2");
  EXPECT_EQ(Describe("1.2.3-debian-12"), "1.2.3 variant=debian-12");
  EXPECT_EQ(Describe("1.2.3-rc-1"), "1.2.3-rc-1");
  EXPECT_EQ(Describe("1.2.3-beta-2-debian-12"), "1.2.3-beta-2 variant=debian-12");
  EXPECT_EQ(Describe("1.2.3-rc.1-r2"), "1.2.3-rc.1 variant=r2");
}

// k3s and RKE2 count their builds of one Kubernetes release in the build
// metadata: `+k3s2` and `+rke2r2` are revisions, other build metadata is not.
TEST(VersionTest, ParsesKubernetesDistributionBuilds) {
  EXPECT_EQ(Describe("v1.30.4+k3s1"), "1.30.4 revision=1");
  EXPECT_EQ(Describe("v1.30.4+k3s2"), "1.30.4 revision=2");
  EXPECT_EQ(Describe("v1.31.0+rke2r1"), "1.31.0 revision=1");
  EXPECT_EQ(Describe("v1.30.0-rc1+k3s1"), "1.30.0-rc1 revision=1");
  EXPECT_EQ(Describe("1.2.3+k3s"), "1.2.3");
  EXPECT_EQ(Describe("1.2.3+k3s1.x"), "1.2.3");
  EXPECT_EQ(Describe("1.2.3+build5"), "1.2.3");
  ExpectAscending({"v1.30.3+k3s9", "v1.30.4", "v1.30.4+k3s1", "v1.30.4+k3s2", "v1.30.4+k3s10",
                   "v1.30.5+k3s1", "v1.31.0-rc1+k3s1", "v1.31.0+k3s1"});
  ExpectAscending({"v1.30.4+rke2r1", "v1.30.4+rke2r2", "v1.31.0+rke2r1"});
  // A revision of its own (`-r4`) stays; after a numeric pre-release the
  // build's counter is kept in the normal form like any revision.
  EXPECT_EQ(Describe("1.2.3-r4+k3s1"), "1.2.3 revision=4");
  Version v = Version::Parse("1.2.3-3-alpine+k3s2");
  EXPECT_EQ(v.Normalized(), "1.2.3-3-alpine-r2");
  EXPECT_EQ(Version::Parse(v.Normalized()).Compare(v), std::strong_ordering::equal);
}

// A pre-release that is one number would print like a build revision; its
// normal form keeps the variant and revision that tell the two apart, so it
// reads back as the same version.
TEST(VersionTest, ANumericPreReleaseRoundTripsThroughItsNormalForm) {
  EXPECT_EQ(Describe("1.2.3-3-r1.1"), "1.2.3-3-r1.1 variant=r1.1");
  EXPECT_EQ(Describe("1.25.3-1-alpine"), "1.25.3-1-alpine variant=alpine");
  EXPECT_EQ(Describe("1.2.3-3-r1"), "1.2.3-3-r1 revision=1");
  EXPECT_EQ(Describe("1.2.3-3-alpine-r2"), "1.2.3-3-alpine-r2 variant=alpine revision=2");
  EXPECT_EQ(Describe("1.2.3-3"), "1.2.3 revision=3");  // a build revision: left out
  EXPECT_EQ(Describe("1.2.3-3.1-x"), "1.2.3-3.1 variant=x");
  for (std::string_view text :
       {"1.2.3-3-r1.1", "1.25.3-1-alpine", "1.2.3-3-r1", "1.2.3-3-alpine-r2", "v2.0-07-x_y"}) {
    Version v = Version::Parse(text);
    Version again = Version::Parse(v.Normalized());
    EXPECT_EQ(again.prerelease, v.prerelease) << text;
    EXPECT_EQ(again.revision, v.revision) << text;
    EXPECT_EQ(again.Compare(v), std::strong_ordering::equal) << text;
    EXPECT_EQ(again.Normalized(), v.Normalized()) << text;
  }
  EXPECT_LT(Version::Parse("1.2.3-3-alpine"), Version::Parse("1.2.3"));
  EXPECT_GT(Version::Parse("1.2.3-3"), Version::Parse("1.2.3"));
}

TEST(VersionTest, OrdersBySemverPrecedence) {
  ExpectAscending({"latest", "0.0.1", "0.1.0", "0.12.9", "1.0.0-alpha", "1.0.0-alpha.1",
                   "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
                   "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0"});
  ExpectAscending({"1.2.3-alpha", "1.2.3-alpha.1", "1.2.3-beta", "1.2.3-rc.1", "1.2.3"});
  ExpectAscending({"1.2.3-alpha", "1.2.3", "1.2.3-1", "1.2.3-r2", "1.2.3-10", "1.2.4-rc.1"});
  ExpectAscending({"2.4.1-debian-12-r3", "2.4.1-debian-12-r4", "2.4.2-debian-12-r1"});
  ExpectAscending({"1.2.3-rc.1", "1.2.3-rc.1.1", "1.2.3-rc.2"});
}

TEST(VersionTest, EqualityIgnoresVariantBuildAndDigest) {
  EXPECT_EQ(Version::Parse("1.5.0-models"), Version::Parse("1.5.0"));
  EXPECT_EQ(Version::Parse("v1.5"), Version::Parse("1.5.0+build.1"));
  EXPECT_EQ(Version::Parse("2.3.0-enterprise-models@sha256:abc"), Version::Parse("2.3.0"));
  EXPECT_EQ(Version::Parse("1.2.3-rc.1-models"), Version::Parse("1.2.3-rc.1"));
  EXPECT_EQ(Version::Parse("1.2.3-rc.01"), Version::Parse("1.2.3-rc.1"));
  EXPECT_EQ(Version::Parse("latest"), Version::Parse("main"));
  EXPECT_LT(Version::Parse("sha256:abc"), Version::Parse("0.0.0"));
  EXPECT_EQ(Version::Parse("1.2.3").Compare(Version::Parse("1.2.3-alpine")),
            std::strong_ordering::equal);
}

TEST(VersionTest, SameMinor) {
  EXPECT_TRUE(Version::Parse("1.2.3").SameMinor(Version::Parse("1.2.9-rc.1")));
  EXPECT_FALSE(Version::Parse("1.2.3").SameMinor(Version::Parse("1.3.0")));
  EXPECT_FALSE(Version::Parse("1.2.3").SameMinor(Version::Parse("2.2.3")));
}

std::optional<uint64_t> Distance(std::string_view from, std::string_view to,
                                 const Adjacency& adjacency = {}) {
  return MinorDistance(Version::Parse(from), Version::Parse(to), adjacency);
}

TEST(VersionTest, MinorDistanceInsideOneMajor) {
  EXPECT_EQ(Distance("1.2.3", "1.2.9"), 0u);
  EXPECT_EQ(Distance("1.2.3", "1.3.0"), 1u);
  EXPECT_EQ(Distance("1.5.0", "1.2.0"), 3u);
  EXPECT_EQ(Distance("0.11.0", "0.12.1-rc.1"), 1u);
  EXPECT_EQ(Distance("1.2.0-models", "1.4.0"), 2u);
}

TEST(VersionTest, MinorDistanceAcrossMajorsNeedsAdjacency) {
  EXPECT_EQ(Distance("0.12.0", "1.0.0"), std::nullopt);
  EXPECT_EQ(Distance("1.9.0", "2.0.0"), std::nullopt);
  EXPECT_EQ(Distance("latest", "1.0.0"), std::nullopt);
  EXPECT_EQ(Distance("1.0.0", "main"), std::nullopt);
  EXPECT_EQ(Distance("main", "main"), std::nullopt);
}

TEST(VersionTest, MinorDistanceThroughSpireAdjacency) {
  Adjacency spire{{{"0.12", "1.0"}}};
  EXPECT_EQ(Distance("0.12.3", "1.0.0", spire), 1u);
  EXPECT_EQ(Distance("1.0.0", "0.12.3", spire), 1u);
  EXPECT_EQ(Distance("0.12.0", "1.1.2", spire), 2u);
  EXPECT_EQ(Distance("0.11.0", "1.0.0", spire), 2u);
  EXPECT_EQ(Distance("0.11.0", "1.1.0", spire), 3u);
  EXPECT_EQ(Distance("1.0.0", "1.1.0", spire), 1u);
  EXPECT_EQ(Distance("0.12.0", "2.0.0", spire), std::nullopt);
  EXPECT_EQ(Distance("1.0.0", "2.0.0", spire), std::nullopt);
}

TEST(VersionTest, MinorDistanceChainsAdjacencies) {
  Adjacency chain{{{"0.12", "1.0"}, {"1.5", "2.0"}, {"not", "a-version"}}};
  EXPECT_EQ(Distance("0.12.0", "2.0.0", chain), 7u);
  EXPECT_EQ(Distance("2.1.0", "0.11.0", chain), 9u);
  EXPECT_EQ(Distance("1.5.0", "2.0.0", chain), 1u);
  EXPECT_EQ(Distance("1.4.0", "3.0.0", chain), std::nullopt);
}

}  // namespace
}  // namespace skewlint
