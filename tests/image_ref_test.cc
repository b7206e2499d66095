#include "linter/image_ref.h"

#include <gtest/gtest.h>

#include <string>

namespace skewlint {
namespace {

/// "repository|tag|digest", or "nullopt".
std::string Describe(std::string_view text) {
  std::optional<ImageRef> ref = ParseImageRef(text);
  if (!ref) return "nullopt";
  return ref->registry_and_repository + "|" + ref->tag + "|" + ref->digest;
}

TEST(ImageRefTest, ParsesRepositoryAndTag) {
  EXPECT_EQ(Describe("nginx"), "nginx||");
  EXPECT_EQ(Describe("nginx:1.25"), "nginx|1.25|");
  EXPECT_EQ(Describe("docker.io/library/nginx:1.25"), "docker.io/library/nginx|1.25|");
  EXPECT_EQ(Describe("ghcr.io/spiffe/spire-server:1.9.0"), "ghcr.io/spiffe/spire-server|1.9.0|");
  EXPECT_EQ(Describe("spiceai/spiceai:1.5.0-models"), "spiceai/spiceai|1.5.0-models|");
  EXPECT_EQ(Describe("bitnami/my_app__x:v1"), "bitnami/my_app__x|v1|");
  EXPECT_EQ(Describe("nginx:_latest"), "nginx|_latest|");
}

TEST(ImageRefTest, TagColonIsTheOneAfterTheLastSlash) {
  EXPECT_EQ(Describe("localhost:5000/x:1"), "localhost:5000/x|1|");
  EXPECT_EQ(Describe("localhost:5000/a/b:1.2"), "localhost:5000/a/b|1.2|");
  EXPECT_EQ(Describe("localhost:5000/a/b"), "localhost:5000/a/b||");
  EXPECT_EQ(Describe("registry.example.com:443/team/app"), "registry.example.com:443/team/app||");
  EXPECT_EQ(Describe("localhost:5000"), "localhost|5000|");
}

TEST(ImageRefTest, ParsesDigests) {
  EXPECT_EQ(Describe("nginx@sha256:0123abcd"), "nginx||sha256:0123abcd");
  EXPECT_EQ(Describe("ghcr.io/spiffe/spire-agent:1.9.0@sha256:ABCdef01"),
            "ghcr.io/spiffe/spire-agent|1.9.0|sha256:ABCdef01");
  EXPECT_EQ(Describe("localhost:5000/a@sha512:ff"), "localhost:5000/a||sha512:ff");
  EXPECT_EQ(Describe("a/b@multihash+base58:00"), "a/b||multihash+base58:00");
}

TEST(ImageRefTest, IgnoresSurroundingWhitespace) {
  EXPECT_EQ(Describe("  nginx:1.25\n"), "nginx|1.25|");
  EXPECT_EQ(Describe("\tnginx"), "nginx||");
}

TEST(ImageRefTest, RejectsWhatCannotBeAnImage) {
  for (std::string_view text : {"",
                                "   ",
                                "nginx 1.25",
                                "{{ .Values.image }}",
                                "repo:{{ .Values.tag }}",
                                "nginx:",
                                "nginx:1.25:extra",
                                ":1.25",
                                "/nginx",
                                "nginx/",
                                "a//b",
                                "@sha256:abc",
                                "nginx@",
                                "nginx@sha256:",
                                "nginx@sha256:xyz",
                                "nginx@SHA256:ab",
                                "nginx@latest",
                                "-nginx",
                                "nginx-",
                                "nginx:.1",
                                "nginx:-1",
                                "host:port/x",
                                "a/b:c/d",
                                "nginx:1.2@sha256:ab@x",
                                "ngi$nx",
                                "true\n  false"}) {
    EXPECT_EQ(ParseImageRef(text), std::nullopt) << text;
  }
  EXPECT_EQ(ParseImageRef("nginx:" + std::string(129, 'a')), std::nullopt);
  EXPECT_NE(ParseImageRef("nginx:" + std::string(128, 'a')), std::nullopt);
}

TEST(ImageRefTest, JoinImage) {
  EXPECT_EQ(JoinImage("ghcr.io", "spiffe/spire-server"), "ghcr.io/spiffe/spire-server");
  EXPECT_EQ(JoinImage("", "spiffe/spire-server"), "spiffe/spire-server");
  EXPECT_EQ(JoinImage("localhost:5000/", "/a/b"), "localhost:5000/a/b");
  EXPECT_EQ(JoinImage("ghcr.io", ""), "");
}

TEST(ImageRefTest, LooksLikeDigest) {
  EXPECT_TRUE(LooksLikeDigest("sha256:9f86d081884c7d659a2feaa0c55ad015"));
  EXPECT_TRUE(LooksLikeDigest("sha512:ff"));
  EXPECT_FALSE(LooksLikeDigest("sha256"));
  EXPECT_FALSE(LooksLikeDigest("sha256:"));
  EXPECT_FALSE(LooksLikeDigest(":abc"));
  EXPECT_FALSE(LooksLikeDigest("SHA256:abc"));
  EXPECT_FALSE(LooksLikeDigest("sha256:ghij"));
  EXPECT_FALSE(LooksLikeDigest("1.2.3"));
}

}  // namespace
}  // namespace skewlint
