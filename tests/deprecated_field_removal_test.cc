#include <gtest/gtest.h>

#include "rules/history.h"
#include "tests/crd_fixtures.h"
#include "tests/state_fixture.h"

namespace skewlint::testing {
namespace {

constexpr const char* kCrdPath = "clusters/prod/crds/spicepodsets.yaml";

/// A first-parent history held in memory: commits oldest first, each with
/// its whole tree.
class FakeHistory : public History {
 public:
  void Add(const std::string& id, Files files) { commits_.push_back({id, std::move(files)}); }
  void Tag(const std::string& name, const std::string& commit) {
    tags_.push_back({name, commit, 0});
  }

  std::vector<CommitInfo> PathCommits(std::string_view rev, std::string_view path,
                                      size_t limit) override {
    std::vector<CommitInfo> out;
    for (int n = Index(rev); n >= 0 && out.size() < limit; --n) {
      auto text = Text(n, path);
      if (n == 0 ? text.has_value() : text != Text(n - 1, path)) out.push_back(Info(n));
    }
    return out;
  }
  std::vector<CommitInfo> Ancestry(std::string_view rev, size_t limit) override {
    std::vector<CommitInfo> out;
    for (int n = Index(rev); n >= 0 && out.size() < limit; --n) out.push_back(Info(n));
    return out;
  }
  std::optional<std::string> FileText(std::string_view rev, std::string_view path) override {
    ++file_reads;
    return Text(Index(rev), path);
  }
  size_t file_reads = 0;  ///< FileText calls
  const State* StateAt(std::string_view) override { return nullptr; }
  std::vector<TagInfo> Tags() override { return tags_; }
  bool IsAncestor(std::string_view ancestor, std::string_view descendant) override {
    return Index(ancestor) >= 0 && Index(ancestor) <= Index(descendant);
  }

 private:
  struct Commit {
    std::string id;
    Files files;
  };
  int Index(std::string_view id) const {
    for (size_t n = 0; n < commits_.size(); ++n) {
      if (commits_[n].id == id) return static_cast<int>(n);
    }
    return -1;
  }
  std::optional<std::string> Text(int n, std::string_view path) const {
    if (n < 0) return std::nullopt;
    auto it = commits_[n].files.find(std::string(path));
    if (it == commits_[n].files.end()) return std::nullopt;
    return it->second;
  }
  CommitInfo Info(int n) const { return CommitInfo{commits_[n].id, "", 0, {}}; }

  std::vector<Commit> commits_;
  std::vector<TagInfo> tags_;
};

std::string Crd(const std::string& version, const std::string& gcs_marker, bool with_gcs = true) {
  return SpiceCrdWith(version, ThanosProperties(gcs_marker, with_gcs));
}

// The change from the newest commit of `history` (the base) to `after`.
std::vector<Finding> Removal(const Config& config, FakeHistory* history, const std::string& base,
                             const Files& before, const Files& after) {
  State b = StateFrom(before, config, base);
  State a = StateFrom(after, config, "head");
  std::vector<FileDelta> deltas = DeltasBetween(before, after);
  auto checks = BuildChecks(config);
  EXPECT_TRUE(checks.ok());
  std::vector<Finding> out;
  for (const auto& c : *checks) {
    if (c.spec->id == "deprecated-field-removal") {
      c.check->Run(RuleContext{b, a, deltas, config, "head", 0, history}, out);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Finding> Removal(const Files& before, const Files& after,
                             FakeHistory* history = nullptr) {
  return Removal(PresetConfig("spiceai"), history, "base", before, after);
}

constexpr const char* kGcsHead =
    "spiceai-crds 1.4.0 removes property spec.thanos.gcs from spicepodsets.spice.ai v1 in scope "
    "prod";

TEST(DeprecatedFieldRemoval, NeverMarkedIsAFindingAtTheParentProperty) {
  auto findings = Removal({{kCrdPath, Crd("1.3.0", "")}}, {{kCrdPath, Crd("1.4.0", "", false)}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kCrdPath, 26, 17}));  // spec.thanos
  EXPECT_EQ(findings[0].component, "spiceai-crds");
  EXPECT_EQ(findings[0].scope, "prod");
  EXPECT_EQ(findings[0].policy, "");  // filled by the engine
  EXPECT_EQ(findings[0].message,
            std::string(kGcsHead) +
                " without marking it deprecated first; mark it `# Deprecated: …` and remove it no "
                "sooner than 2 minors later");
}

TEST(DeprecatedFieldRemoval, VersionInTheMarkerTooEarly) {
  auto findings = Removal({{kCrdPath, Crd("1.3.0", "  # Deprecated since 1.3: use objectStorage")}},
                          {{kCrdPath, Crd("1.4.0", "", false)}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kCrdPath, 26, 17}));
  EXPECT_EQ(findings[0].message,
            std::string(kGcsHead) +
                " 1 minor after it was deprecated in 1.3.0 (written in the marker); deprecations "
                "stay for 2 minors: keep it until 1.5.0");
}

TEST(DeprecatedFieldRemoval, VersionInTheMarkerExactlyOnTime) {
  Files before = {{kCrdPath, Crd("1.4.2", "  # deprecated in v1.3.0, use objectStorage")}};
  EXPECT_TRUE(Removal(before, {{kCrdPath, Crd("1.5.0", "", false)}}).empty());
  EXPECT_EQ(Removal(before, {{kCrdPath, Crd("1.4.3", "", false)}}).size(), 1u);
}

TEST(DeprecatedFieldRemoval, DescriptionMarkers) {
  auto with_description = [](const std::string& version, const std::string& description) {
    return SpiceCrdWith(version,
                        "                mode: {type: string}\n"
                        "                legacyMode:\n"
                        "                  description: " +
                            description +
                            "\n"
                            "                  type: string\n");
  };
  Files removed = {{kCrdPath, SpiceCrdWith("1.3.0", "                mode: {type: string}\n")}};
  EXPECT_TRUE(Removal({{kCrdPath, with_description("1.2.0", "'Deprecated: since 1.1, use mode.'")}},
                      removed)
                  .empty());
  EXPECT_TRUE(
      Removal({{kCrdPath, with_description("1.2.0", "\"Legacy mode.\\nDEPRECATED since v1.1\"")}},
              removed)
          .empty());
  EXPECT_EQ(Removal({{kCrdPath, with_description("1.2.0", "Legacy mode. DEPRECATED since v1.1")}},
                    removed)
                .size(),
            1u);  // not a leading marker
  auto findings =
      Removal({{kCrdPath, with_description("1.2.0", "'Deprecated: since 1.2.'")}}, removed);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kCrdPath, 21, 13}));  // spec
}

TEST(DeprecatedFieldRemoval, ARemovedParentIsOneFinding) {
  std::string without_thanos = SpiceCrdWith("1.4.0", "                replicas: {type: integer}\n");
  auto findings =
      Removal({{kCrdPath, Crd("1.3.0", "  # Deprecated since 1.0")}}, {{kCrdPath, without_thanos}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kCrdPath, 21, 13}));
  EXPECT_EQ(
      findings[0].message,
      "spiceai-crds 1.4.0 removes property spec.thanos from spicepodsets.spice.ai v1 in scope "
      "prod without marking it deprecated first; mark it `# Deprecated: …` and remove it no "
      "sooner than 2 minors later");
}

TEST(DeprecatedFieldRemoval, ChildrenOfADeprecatedParentGoWithIt) {
  std::string properties = ThanosProperties("");
  properties.insert(properties.find("                thanos:"),
                    "                # Deprecated since 1.1: use spec.objectStorage\n");
  std::string marked = SpiceCrdWith("1.1.0", properties);
  std::string without = SpiceCrdWith("1.3.0", "                replicas: {type: integer}\n");
  EXPECT_TRUE(Removal({{kCrdPath, marked}}, {{kCrdPath, without}}).empty());
}

TEST(DeprecatedFieldRemoval, NoHistorySaysTheVersionIsUnknown) {
  auto findings = Removal({{kCrdPath, Crd("1.3.0", "  # Deprecated: use objectStorage")}},
                          {{kCrdPath, Crd("1.4.0", "", false)}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            std::string(kGcsHead) +
                " but the version that deprecated it could not be determined (the marker names no "
                "version and no history is available); write the version in the marker "
                "(`# Deprecated since 1.2`) so the 2 minors window can be checked");
}

// An operator repository: the marker arrives with 1.2.0.
class DeprecationHistory : public ::testing::Test {
 protected:
  void SetUp() override {
    history.Add("c1", {{kCrdPath, Crd("1.1.0", "")}});
    history.Add("c2", {{kCrdPath, Crd("1.2.0", "  # Deprecated: use objectStorage")}});
    history.Add("c3", {{kCrdPath, Crd("1.3.0", "  # Deprecated: use objectStorage")}});
  }
  std::vector<Finding> RemoveAt(const std::string& version,
                                const Config& config = PresetConfig("spiceai")) {
    return Removal(config, &history, "c3",
                   {{kCrdPath, Crd("1.3.0", "  # Deprecated: use objectStorage")}},
                   {{kCrdPath, Crd(version, "", false)}});
  }
  FakeHistory history;
};

TEST_F(DeprecationHistory, TheVersionWhenTheMarkerWasAddedCounts) {
  EXPECT_TRUE(RemoveAt("1.4.0").empty());
  auto findings = RemoveAt("1.3.1");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "spiceai-crds 1.3.1 removes property spec.thanos.gcs from spicepodsets.spice.ai v1 in "
            "scope prod 1 minor after it was deprecated in 1.2.0 (its version when the marker was "
            "added, commit c2); deprecations stay for 2 minors: keep it until 1.4.0");
}

TEST_F(DeprecationHistory, OnlyTheUnbrokenRunCounts) {
  // marked in 1.0, unmarked again in 1.1, marked for good in 1.2
  FakeHistory fresh;
  fresh.Add("c0", {{kCrdPath, Crd("1.0.0", "  # Deprecated: use objectStorage")}});
  fresh.Add("c1", {{kCrdPath, Crd("1.1.0", "")}});
  fresh.Add("c2", {{kCrdPath, Crd("1.2.0", "  # Deprecated: use objectStorage")}});
  fresh.Add("c3", {{kCrdPath, Crd("1.3.0", "  # Deprecated: use objectStorage")}});
  history = fresh;
  EXPECT_EQ(RemoveAt("1.3.1").size(), 1u);
  EXPECT_TRUE(RemoveAt("1.4.0").empty());
}

TEST_F(DeprecationHistory, VersionFromMarkerIgnoresHistory) {
  Config config = ConfigFrom(
      "version: 1\n"
      "components:\n"
      "  - {name: spiceai-crds, locators: [{crd: '^spice\\.ai$'}]}\n"
      "policies:\n"
      "  - {rule: deprecated-field-removal, component: spiceai-crds, version_from: marker}\n");
  auto findings = RemoveAt("1.4.0", config);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].message.find("could not be determined (the marker names no version)"),
            std::string::npos);
}

// A per-commit walk: each step's check is handed the states the engine
// built, and dating a marker later reads no file those states already read.
TEST(DeprecationHistoryWalk, DatingTakesWhatTheWalkedStatesReadAndFindsTheSame) {
  const std::vector<std::string> ids = {std::string(40, 'a'), std::string(40, 'b'),
                                        std::string(40, 'c'), std::string(40, 'd')};
  const std::string marked = "  # Deprecated: use objectStorage";
  const std::vector<Files> trees = {{{kCrdPath, Crd("1.1.0", "")}},
                                    {{kCrdPath, Crd("1.2.0", marked)}},
                                    {{kCrdPath, Crd("1.3.0", marked)}},
                                    {{kCrdPath, Crd("1.3.1", "", false)}}};
  FakeHistory history;
  for (size_t n = 0; n < ids.size(); ++n) history.Add(ids[n], trees[n]);
  Config config = PresetConfig("spiceai");
  auto walk = [&](size_t from) {
    auto checks = BuildChecks(config);
    EXPECT_TRUE(checks.ok());
    std::vector<Finding> out;
    for (size_t n = from + 1; n < ids.size(); ++n) {
      State b = StateFrom(trees[n - 1], config, ids[n - 1]);
      State a = StateFrom(trees[n], config, ids[n]);
      std::vector<FileDelta> deltas = DeltasBetween(trees[n - 1], trees[n]);
      for (const auto& c : *checks) {
        if (c.spec->id == "deprecated-field-removal") {
          c.check->Run(RuleContext{b, a, deltas, config, ids[n], 0, &history}, out);
        }
      }
    }
    return out;
  };
  // Only the last step: its base c was read by the step, b and a are read.
  history.file_reads = 0;
  std::vector<Finding> alone = walk(2);
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_NE(alone[0].message.find("deprecated in 1.2.0 (its version when the marker was added, "
                                  "commit bbbbbbbbbbbb)"),
            std::string::npos)
      << alone[0].message;
  EXPECT_EQ(history.file_reads, 2u);  // b, and a (where the marker is not)
  // The whole walk: the steps read a, b and c.
  history.file_reads = 0;
  std::vector<Finding> walked = walk(0);
  EXPECT_EQ(walked, alone);
  EXPECT_EQ(history.file_reads, 0u);
}

TEST(DeprecatedFieldRemovalTags, OldestReleaseTagContainingTheMarker) {
  auto unlabelled = [](const std::string& marker) {
    std::string text = Crd("0.0.0", marker);
    std::string label = "    app.kubernetes.io/version: \"0.0.0\"\n";
    return text.replace(text.find(label), label.size(), "    app.kubernetes.io/part-of: spiceai\n");
  };
  FakeHistory history;
  history.Add("c0", {{kCrdPath, unlabelled("")}});
  history.Add("c1", {{kCrdPath, unlabelled("  # Deprecated: use objectStorage")}});
  history.Add("c2", {{kCrdPath, Crd("1.2.0", "  # Deprecated: use objectStorage")}});
  history.Tag("v1.0.0", "c0");
  history.Tag("v1.1.0", "c1");
  history.Tag("v1.2.0-rc.1", "c1");
  history.Tag("v1.2.0", "c2");
  Config config = ConfigFrom(
      "version: 1\n"
      "components:\n"
      "  - {name: crds, locators: [{crd: '^spice\\.ai$'}]}\n"
      "policies:\n"
      "  - {rule: deprecated-field-removal, component: crds, version_from: tags}\n");
  Files before = {{kCrdPath, Crd("1.2.0", "  # Deprecated: use objectStorage")}};
  EXPECT_TRUE(
      Removal(config, &history, "c2", before, {{kCrdPath, Crd("1.3.0", "", false)}}).empty());
  auto findings = Removal(config, &history, "c2", before, {{kCrdPath, Crd("1.2.1", "", false)}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(
      findings[0].message,
      "crds 1.2.1 removes property spec.thanos.gcs from spicepodsets.spice.ai v1 in scope prod "
      "1 minor after it was deprecated in 1.1.0 (the marker was added in commit c1, release tag "
      "v1.1.0); "
      "deprecations stay for 2 minors: keep it until 1.3.0");
  // without `version_from: tags`, an unlabelled CRD leaves the version unknown
  findings = Removal(PresetConfig("spiceai"), &history, "c2", before,
                     {{kCrdPath, Crd("1.3.0", "", false)}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(
      findings[0].message.find("(the CRD had no version when the marker was added in commit c1)"),
      std::string::npos);
}

const std::string kBeta =
    "    - name: v1beta1\n"  // 40
    "      served: true\n"
    "      storage: false\n"
    "      schema:\n"
    "        openAPIV3Schema:\n"
    "          properties:\n"
    "            spec:\n"
    "              properties:\n"
    "                spiceai_image_tag: {type: string}\n";

TEST(DeprecatedFieldRemovalApiVersions, ADeprecatedVersionIsJudgedAsOne) {
  std::string marked = kBeta;
  marked.insert(marked.find("      schema:"),
                "      deprecated: true\n"
                "      deprecationWarning: spice.ai/v1beta1 is deprecated since 1.1; use v1\n");
  Files before = {{kCrdPath, SpiceCrdWith("1.2.0", ThanosProperties(""), marked)}};
  EXPECT_TRUE(Removal(before, {{kCrdPath, SpiceCrdWith("1.3.0", ThanosProperties(""))}}).empty());
  auto findings = Removal(before, {{kCrdPath, SpiceCrdWith("1.2.1", ThanosProperties(""))}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kCrdPath, 13, 3}));  // versions:
  EXPECT_EQ(findings[0].message,
            "spiceai-crds 1.2.1 removes API version v1beta1 from spicepodsets.spice.ai in scope "
            "prod 1 minor after it was deprecated in 1.1.0 (written in the marker); deprecations "
            "stay for 2 minors: keep it until 1.3.0");
}

TEST(DeprecatedFieldRemovalApiVersions, AnUnmarkedVersionIsJudgedPropertyByProperty) {
  Files before = {{kCrdPath, SpiceCrdWith("1.2.0", ThanosProperties(""), kBeta)}};
  auto findings = Removal(before, {{kCrdPath, SpiceCrdWith("1.3.0", ThanosProperties(""))}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].location, (Location{kCrdPath, 13, 3}));
  EXPECT_EQ(findings[0].message,
            "spiceai-crds 1.3.0 removes API version v1beta1 from spicepodsets.spice.ai in scope "
            "prod, which was not marked deprecated, with properties that were not deprecated for 2 "
            "minors (spec); mark the version `deprecated: true` and remove it no sooner than 2 "
            "minors later");
  std::string all_marked = kBeta;
  all_marked.replace(all_marked.find("            spec:\n"), 18,
                     "            spec:  # Deprecated since 1.0: use v1\n");
  before = {{kCrdPath, SpiceCrdWith("1.2.0", ThanosProperties(""), all_marked)}};
  EXPECT_TRUE(Removal(before, {{kCrdPath, SpiceCrdWith("1.3.0", ThanosProperties(""))}}).empty());
}

TEST(DeprecatedFieldRemoval, DowngradesAreLeftToCrdDowngrade) {
  EXPECT_TRUE(
      Removal({{kCrdPath, Crd("1.4.0", "")}}, {{kCrdPath, Crd("1.3.0", "", false)}}).empty());
}

TEST(DeprecatedFieldRemoval, NothingRemovedNothingFound) {
  EXPECT_TRUE(Removal({{kCrdPath, Crd("1.3.0", "")}}, {{kCrdPath, Crd("1.4.0", "")}}).empty());
  EXPECT_TRUE(Removal({{kCrdPath, Crd("1.3.0", "")}}, {}).empty());  // the CRD left the repository
  EXPECT_TRUE(Removal({}, {{kCrdPath, Crd("1.3.0", "")}}).empty());
}

TEST(DeprecatedFieldRemovalConfig, AnyCrdGroupAndAnyWindow) {
  Config config = ConfigFrom(
      "version: 1\n"
      "components:\n"
      "  - {name: pod-crds, locators: [{crd: '^spice\\.ai$'}]}\n"
      "policies:\n"
      "  - {rule: deprecated-field-removal, component: pod-crds, window: 1-minor}\n");
  Files before = {{kCrdPath, Crd("1.3.0", "  # Deprecated since 1.3")}};
  EXPECT_TRUE(
      Removal(config, nullptr, "base", before, {{kCrdPath, Crd("1.4.0", "", false)}}).empty());
  EXPECT_EQ(Removal(config, nullptr, "base", before, {{kCrdPath, Crd("1.3.5", "", false)}}).size(),
            1u);
}

TEST(DeprecatedFieldRemovalConfig, BadKeysAreConfigErrors) {
  std::string head =
      "version: 1\n"
      "components:\n"
      "  - {name: op, locators: [{image: 'op$'}]}\n"
      "  - {name: crds, locators: [{crd: 'x'}]}\n"
      "policies:\n";
  auto error = [&](const std::string& policy) {
    auto config = LoadConfig(head + policy, ".skewlint.yaml");
    if (!config.ok()) return config.error().ToString();
    auto checks = BuildChecks(*config);
    return checks.ok() ? std::string("ok") : checks.error().ToString();
  };
  EXPECT_EQ(error("  - {rule: deprecated-field-removal, component: crds, version_from: git}\n"),
            ".skewlint.yaml:6:69: version_from: expected marker, history or tags, found 'git'");
  EXPECT_EQ(error("  - {rule: deprecated-field-removal, component: op}\n"),
            ".skewlint.yaml:6:49: component: component 'op' has no crd: locator, so no CRD schema "
            "can be checked");
  EXPECT_EQ(error("  - {rule: deprecated-field-removal, component: crds, window: soon}\n"),
            ".skewlint.yaml:6:63: window: expected none, patch, major or <N>-minor, found 'soon'");
  EXPECT_EQ(error("  - {rule: deprecated-field-removal, component: crds, window: 3-minor}\n"),
            "ok");
}

}  // namespace
}  // namespace skewlint::testing
