// `base:` in the config: the default --base, validated like every key.

#include <gtest/gtest.h>

#include "linter/config.h"

namespace skewlint {
namespace {

std::string LoadError(const std::string& text) {
  auto config = LoadConfig(text, ".skewlint.yaml");
  return config.ok() ? "(loaded)" : config.error().ToString();
}

TEST(ConfigBase, NamesARevisionWithItsPlace) {
  auto config = LoadConfig("version: 1\nbase: origin/release-1.4\n", ".skewlint.yaml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->base, "origin/release-1.4");
  EXPECT_EQ(config->base_where, (Location{".skewlint.yaml", 2, 7}));
  auto none = LoadConfig("version: 1\n", ".skewlint.yaml");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->base, "");
}

TEST(ConfigBase, AnythingButARevisionIsAnError) {
  EXPECT_EQ(LoadError("base: ''\n"),
            ".skewlint.yaml:1:7: base: expected a branch, tag or commit such as origin/main, "
            "found ''");
  EXPECT_EQ(LoadError("base: --all\n"),
            ".skewlint.yaml:1:7: base: expected a branch, tag or commit such as origin/main, "
            "found '--all'");
  EXPECT_EQ(LoadError("base: origin main\n"),
            ".skewlint.yaml:1:7: base: expected a branch, tag or commit such as origin/main, "
            "found 'origin main'");
  EXPECT_EQ(LoadError("base: {ref: main}\n"),
            ".skewlint.yaml:1:7: base: expected a string, found a map");
  EXPECT_EQ(LoadError("base:\n"), ".skewlint.yaml:1:1: base: expected a string, found null");
}

}  // namespace
}  // namespace skewlint
