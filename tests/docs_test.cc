// The documentation in docs/ keeps up with the code: every key the config
// reader accepts and every rule id is in docs/config.md, every preset in
// docs/presets.md, and no file of the project points to a document outside
// the repository.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "linter/config.h"
#include "rules/registry.h"
#include "tests/integration_util.h"

namespace skewlint {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;

fs::path Source() { return fs::path(SKEWLINT_SOURCE_DIR); }

std::vector<fs::path> SourcesUnder(const std::vector<std::string>& folders) {
  std::vector<fs::path> files;
  for (const auto& folder : folders) {
    for (const auto& entry : fs::recursive_directory_iterator(Source() / folder)) {
      if (entry.is_regular_file() && entry.path().extension() == ".cc") files.push_back(entry);
    }
  }
  return files;
}

// The string literals inside the braces of every statement of `text` that
// starts with a match of `start`.
void BracedLiterals(const std::string& text, const RE2& start, std::set<std::string>& out) {
  const RE2 braces(R"(\{([^{}]*)\})");
  const RE2 literal(R"re("([A-Za-z_][A-Za-z0-9_-]*)")re");
  re2::StringPiece rest(text);
  while (RE2::FindAndConsume(&rest, start)) {
    re2::StringPiece statement(rest.data(), std::min(rest.size(), rest.find(';')));
    re2::StringPiece list;
    while (RE2::FindAndConsume(&statement, braces, &list)) {
      std::string item;
      while (RE2::FindAndConsume(&list, literal, &item)) out.insert(item);
    }
  }
}

// The keys the config reader accepts, read from the code that checks them:
// the brace lists of every ExpectKeys(...) call and every PolicyOptions
// construction (a rule's policy keys), and the tables (kTopKeys) that an
// ExpectKeys call is given.
std::set<std::string> AcceptedKeys() {
  std::vector<std::string> texts;
  std::set<std::string> tables;
  const RE2 table_argument(R"(ExpectKeys\([^;]*,\s*(k\w+)\s*\))");
  for (const auto& file : SourcesUnder({"linter", "rules"})) {
    texts.push_back(ReadFile(file));
    re2::StringPiece rest(texts.back());
    std::string table;
    while (RE2::FindAndConsume(&rest, table_argument, &table)) tables.insert(table);
  }
  std::string calls = R"((ExpectKeys\(|PolicyOptions\s+\w+\()";
  for (const auto& table : tables) calls += "|\\b" + table + "\\s*=";
  const RE2 start(calls + ")");
  std::set<std::string> keys;
  for (const auto& text : texts) BracedLiterals(text, start, keys);
  return keys;
}

class ConfigDoc : public ::testing::Test {
 protected:
  void SetUp() override { doc_ = ReadFile(Source() / "docs/config.md"); }
  bool Documents(const std::string& key) const {
    return doc_.find("`" + key + "`") != std::string::npos ||
           doc_.find("\n" + key + ":") != std::string::npos ||
           RE2::PartialMatch(doc_, "[ {,]" + RE2::QuoteMeta(key) + ":");
  }
  std::string doc_;
};

TEST_F(ConfigDoc, NamesEveryKeyTheConfigReaderAccepts) {
  std::set<std::string> keys = AcceptedKeys();
  // The scan must see the reader: a handful of keys from each part of it.
  for (const char* known : {"presets", "include", "locators", "unless_values", "apiVersion",
                            "bake_hours", "max_nodes", "reason", "granularity", "min_instances"}) {
    EXPECT_EQ(keys.count(known), 1u) << known << " was not found in the reader's code";
  }
  for (const auto& key : keys) {
    EXPECT_TRUE(Documents(key)) << "docs/config.md does not document the key '" << key << "'";
  }
}

TEST_F(ConfigDoc, HasASectionForEveryRule) {
  for (const RuleSpec& rule : AllRules()) {
    std::string id(rule.id);
    EXPECT_TRUE(RE2::PartialMatch(doc_, "\n### [^\n]*`" + RE2::QuoteMeta(id) + "`"))
        << "docs/config.md has no section for the rule " << id;
  }
}

TEST(PresetsDoc, NamesEveryBuiltInPreset) {
  std::string doc = ReadFile(Source() / "docs/presets.md");
  for (const auto& name : PresetNames()) {
    EXPECT_NE(doc.find("`" + name + "`"), std::string::npos) << name;
  }
}

// Relative Markdown links of README.md and docs/ lead to files that exist.
TEST(DocLinks, PointToFilesOfTheRepository) {
  const RE2 link(R"(\]\(([^)#:]+)(#[^)]*)?\))");
  for (const char* page : {"README.md", "docs/config.md", "docs/presets.md", "docs/ci.md"}) {
    std::string text = ReadFile(Source() / page);
    ASSERT_FALSE(text.empty()) << page;
    re2::StringPiece rest(text);
    std::string target;
    while (RE2::FindAndConsume(&rest, link, &target)) {
      fs::path resolved = (Source() / page).parent_path() / target;
      EXPECT_TRUE(fs::exists(resolved)) << page << " links to " << target;
    }
  }
}

// What the action's `base` input, the pre-push hook and the README say the
// base falls back to is what base detection takes: never the branch's own
// upstream, and the whole list of default branches.
TEST(BaseFallbackDocs, SayWhatDetectionTakes) {
  auto line_with = [](const std::string& text, const std::string& needle) {
    size_t at = text.find(needle);
    if (at == std::string::npos) return std::string();
    size_t start = text.rfind('\n', at) + 1;
    return text.substr(start, text.find('\n', at) - start);
  };
  auto paragraph_with = [](const std::string& text, const std::string& needle) {
    size_t at = text.find(needle);
    if (at == std::string::npos) return std::string();
    size_t end = text.find("\n  entry:", at);
    return text.substr(at, end == std::string::npos ? std::string::npos : end - at);
  };
  std::string action = ReadFile(Source() / "action.yml");
  std::string readme = ReadFile(Source() / "README.md");
  std::string hooks = ReadFile(Source() / ".pre-commit-hooks.yaml");
  size_t base_input = action.find("  base:\n");
  std::map<std::string, std::string> texts = {
      {"action.yml base",
       action.substr(base_input, action.find("default:", base_input) - base_input)},
      {"README base input", line_with(readme, "| `base` |")},
      {"README pre-push hook", line_with(readme, "| `skewlint-push` |")},
      {".pre-commit-hooks.yaml skewlint-push", paragraph_with(hooks, "id: skewlint-push")},
  };
  const RE2 fallbacks(R"(origin/HEAD.*origin/main.*main.*origin/master.*master)");
  for (const auto& [where, raw] : texts) {
    std::string text = raw;
    std::replace(text.begin(), text.end(), '\n', ' ');
    ASSERT_FALSE(text.empty()) << where;
    EXPECT_TRUE(RE2::PartialMatch(text, fallbacks)) << where << ": " << text;
    std::string cleared = text;
    RE2::GlobalReplace(
        &cleared, R"(never (the branch's own|its own) upstream|branch's own upstream is never)",
        "");
    EXPECT_EQ(cleared.find("upstream"), std::string::npos) << where << ": " << text;
  }
}

// The product contract lives outside the repository while it is written; no
// file may send a reader there.
TEST(NoOutsideDocument, IsReferredTo) {
  const std::string spec = std::string("SP") + "EC";
  const RE2 outside("\\b" + spec + "(\\.md| ?§)|\\.\\./shared/");
  for (const auto& entry : fs::recursive_directory_iterator(Source())) {
    std::string relative = fs::relative(entry.path(), Source()).string();
    if (entry.is_directory() || relative.rfind(".git", 0) == 0 || relative.rfind("build", 0) == 0 ||
        relative.rfind("dist", 0) == 0 || relative.find("node_modules") != std::string::npos ||
        relative.rfind(".bench", 0) == 0 || relative.rfind(".cache", 0) == 0) {
      continue;
    }
    std::string text = ReadFile(entry.path());
    EXPECT_FALSE(RE2::PartialMatch(text, outside)) << relative << " refers to " << spec;
  }
}

}  // namespace
}  // namespace skewlint
