// End-to-end: the CRD rules on histories shaped like an operator's own
// repository (CRDs without version labels, release tags, copies of a CRD,
// alpha API versions, v1beta1 CRDs, partial clones, per-commit runs).

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "linter/yaml_tree.h"
#include "tests/crd_fixtures.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

constexpr const char* kCrdPath = "crds/widgets.yaml";
constexpr const char* kSize = "                size: {type: integer}\n";
constexpr const char* kOld =
    "                old:\n"
    "                  type: string\n"
    "                  description: 'Deprecated: use size'\n";

// An API version v1alpha1 with spec.size, for WidgetCrd's `versions_before`.
constexpr const char* kAlphaVersion =
    "    - name: v1alpha1\n"
    "      served: true\n"
    "      storage: false\n"
    "      schema:\n"
    "        openAPIV3Schema:\n"
    "          type: object\n"
    "          properties:\n"
    "            spec:\n"
    "              type: object\n"
    "              properties:\n"
    "                size: {type: integer}\n";

// A v1 Widget CRD, no version label; `properties` are those of `spec`
// (indented 16 spaces), `more` goes under the root schema's properties
// (indented 12), `versions_before` is put before the v1 entry.
std::string WidgetCrd(const std::string& properties, const std::string& more = "",
                      const std::string& versions_before = "") {
  return "apiVersion: apiextensions.k8s.io/v1\n"
         "kind: CustomResourceDefinition\n"
         "metadata:\n"
         "  name: widgets.example.com\n"
         "spec:\n"
         "  group: example.com\n"
         "  names: {kind: Widget, plural: widgets}\n"
         "  scope: Namespaced\n"
         "  versions:\n" +
         versions_before +
         "    - name: v1\n"
         "      served: true\n"
         "      storage: true\n"
         "      schema:\n"
         "        openAPIV3Schema:\n"
         "          type: object\n"
         "          properties:\n" +
         more +
         "            spec:\n"
         "              type: object\n"
         "              properties:\n" +
         properties;
}

std::string Config(const std::string& removal_keys = "    version_from: tags\n") {
  return "version: 1\n"
         "components:\n"
         "  - name: widgets\n"
         "    locators:\n"
         "      - crd: '^example\\.com$'\n"
         "policies:\n"
         "  - rule: deprecated-field-removal\n"
         "    component: widgets\n"
         "    window: 2-minor\n" +
         removal_keys +
         "  - rule: removed-field-in-use\n"
         "    component: widgets\n"
         "  - rule: deprecated-field-in-use\n"
         "    component: widgets\n"
         "  - rule: crd-downgrade\n"
         "    component: widgets\n";
}

class CrdHistory : public ::testing::Test {
 protected:
  // "rule path:line:column message" of every CRD finding of `args`.
  std::vector<std::string> Check(const std::string& args = "--base main") {
    return CheckCrds(repo, args);
  }

  // On a new branch `feature`, the CRD loses spec.old.
  void DropOld() {
    repo.Git("checkout -q -b feature");
    repo.Write(kCrdPath, WidgetCrd(kSize));
    repo.Commit("drop old");
  }

  // Commits `text` as the CRD and tags it.
  std::string Release(const std::string& tag, const std::string& text = "") {
    if (!text.empty()) repo.Write(kCrdPath, text);
    std::string id = repo.Commit("release " + tag);
    repo.Git("tag " + tag);
    return id;
  }

  TempRepo repo;
};

// Issue point 1: the removing version is the release the commit ships in.
TEST_F(CrdHistory, RemovalAfterTheWindowOfReleaseTagsPasses) {
  repo.Write(".skewlint.yaml", Config());
  Release("v1.0.0", WidgetCrd(std::string(kSize) + kOld));
  Release("v1.1.0");
  Release("v1.2.0");
  Release("v1.3.0");
  DropOld();
  RunResult r = RunSkewlint(repo.root(), "check --base main --format json", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(CrdFindingsIn(r.out), std::vector<std::string>{});
}

TEST_F(CrdHistory, RemovalInTheNextReleaseIsTooEarly) {
  repo.Write(".skewlint.yaml", Config());
  std::string marked = Release("v1.0.0", WidgetCrd(std::string(kSize) + kOld));
  DropOld();
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "deprecated-field-removal crds/widgets.yaml:17:13 widgets 1.1.0 (the "
                         "release after v1.0.0) removes property spec.old from "
                         "widgets.example.com v1 in the repository 1 minor after it was "
                         "deprecated in 1.0.0 (the marker was added in commit " +
                         marked.substr(0, 12) +
                         ", release tag v1.0.0); deprecations stay for 2 minors: keep it until "
                         "1.2.0"}));
}

TEST_F(CrdHistory, PrefixedTagsAndATagPattern) {
  repo.Write(".skewlint.yaml",
             Config("    version_from: tags\n    tag_pattern: '^api/v(?P<version>.+)$'\n"));
  std::string marked = Release("api/v0.31.0", WidgetCrd(std::string(kSize) + kOld));
  Release("v0.40.0");  // the operator's own version line, not a release of the API
  DropOld();
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "deprecated-field-removal crds/widgets.yaml:17:13 widgets 0.32.0 (the "
                         "release after api/v0.31.0) removes property spec.old from "
                         "widgets.example.com v1 in the repository 1 minor after it was "
                         "deprecated in 0.31.0 (the marker was added in commit " +
                         marked.substr(0, 12) +
                         ", release tag api/v0.31.0); deprecations stay for 2 minors: keep it "
                         "until 0.33.0"}));
  repo.Git("checkout -q main");
  Release("api/v0.32.0");
  Release("api/v0.33.0");
  repo.Git("checkout -q feature");
  repo.Git("rebase -q main");
  EXPECT_EQ(Check(), std::vector<std::string>{});
}

TEST_F(CrdHistory, ABadTagPatternIsAConfigError) {
  repo.Write(".skewlint.yaml", Config("    version_from: tags\n    tag_pattern: '^api/v(.+)$'\n"));
  repo.Write(kCrdPath, WidgetCrd(kSize));
  repo.Commit("init");
  RunResult r = RunSkewlint(repo.root(), "check --base main");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find(".skewlint.yaml:11:18: tag_pattern: expected a pattern with a group named "
                       "version, e.g. '^api/v(?P<version>.+)$', found '^api/v(.+)$'"),
            std::string::npos)
      << r.out;
}

TEST_F(CrdHistory, VersionFromAFile) {
  repo.Write(".skewlint.yaml", Config("    version_file: VERSION\n"));
  repo.Write("VERSION", "1.0.0\n");
  std::string marked = Release("unused-1", WidgetCrd(std::string(kSize) + kOld));
  repo.Write("VERSION", "1.1.0\n");
  repo.Commit("1.1.0");
  DropOld();
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "deprecated-field-removal crds/widgets.yaml:17:13 widgets 1.1.0 "
                         "(VERSION) removes property spec.old from widgets.example.com v1 in the "
                         "repository 1 minor after it was deprecated in 1.0.0 (the marker was "
                         "added in commit " +
                         marked.substr(0, 12) +
                         ", VERSION); deprecations stay for 2 minors: keep it until 1.2.0"}));
  repo.Write("VERSION", "1.2.0\n");
  repo.Commit("1.2.0");
  EXPECT_EQ(Check(), std::vector<std::string>{});
}

TEST_F(CrdHistory, VersionFromAChartField) {
  repo.Write(".skewlint.yaml",
             Config("    version_file: chart/Chart.yaml\n    version_field: appVersion\n"));
  repo.Write("chart/Chart.yaml", "apiVersion: v2\nname: widgets\nappVersion: v2.0.0\n");
  repo.Write(kCrdPath, WidgetCrd(std::string(kSize) + kOld));
  repo.Commit("2.0.0");
  repo.Git("checkout -q -b feature");
  repo.Write("chart/Chart.yaml", "apiVersion: v2\nname: widgets\nappVersion: v2.2.0\n");
  repo.Write(kCrdPath, WidgetCrd(kSize));
  repo.Commit("2.2.0 drops old");
  RunResult r = RunSkewlint(repo.root(), "check --base main --format json", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(CrdFindingsIn(r.out), std::vector<std::string>{});
}

TEST_F(CrdHistory, VersionFromAKustomizationNewTag) {
  repo.Write(".skewlint.yaml", Config("    version_file: config/kustomization.yaml\n"
                                      "    version_regex: 'newTag: v?(?P<version>[0-9.]+)'\n"));
  repo.Write("config/kustomization.yaml", "images:\n  - name: widgets\n    newTag: v2.0.0\n");
  repo.Write(kCrdPath, WidgetCrd(std::string(kSize) + kOld));
  std::string marked = repo.Commit("2.0.0");
  repo.Git("checkout -q -b feature");
  repo.Write("config/kustomization.yaml", "images:\n  - name: widgets\n    newTag: v2.1.0\n");
  repo.Write(kCrdPath, WidgetCrd(kSize));
  repo.Commit("2.1.0 drops old");
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "deprecated-field-removal crds/widgets.yaml:17:13 widgets 2.1.0 "
                         "(config/kustomization.yaml) removes property spec.old from "
                         "widgets.example.com v1 in the repository 1 minor after it was "
                         "deprecated in 2.0.0 (the marker was added in commit " +
                         marked.substr(0, 12) +
                         ", config/kustomization.yaml); deprecations stay for 2 minors: keep it "
                         "until 2.2.0"}));
}

TEST_F(CrdHistory, ALiteralVersion) {
  repo.Write(".skewlint.yaml", Config("    version: 1.4.0\n"));
  std::string crd = WidgetCrd(std::string(kSize) +
                              "                old:\n"
                              "                  type: string\n"
                              "                  description: 'Deprecated since 1.3: use size'\n");
  repo.Write(kCrdPath, crd);
  repo.Commit("init");
  DropOld();
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "deprecated-field-removal crds/widgets.yaml:17:13 widgets 1.4.0 (the "
                         "policy's version) removes property spec.old from widgets.example.com "
                         "v1 in the repository 1 minor after it was deprecated in 1.3.0 (written "
                         "in the marker); deprecations stay for 2 minors: keep it until 1.5.0"}));
}

// Issue point 2: each file's CRD is its own instance.
TEST_F(CrdHistory, CopiesOfOneCrdAreSeparateInstances) {
  repo.Write(".skewlint.yaml", Config(""));
  repo.Write("contrib/old-copy/widgets.yaml", WidgetCrd(kSize));
  repo.Write("example/crds/widgets.yaml",
             WidgetCrd(std::string(kSize) + "                color: {type: string}\n"));
  repo.Commit("init");
  repo.Git("checkout -q -b feature");
  repo.Write("example/crds/widgets.yaml",
             WidgetCrd(std::string(kSize) + "                color: {type: string}\n" +
                       "                shape: {type: string}\n"));
  repo.Commit("add shape");
  EXPECT_EQ(Check(), std::vector<std::string>{});
  repo.Write("example/crds/widgets.yaml",
             WidgetCrd(std::string(kSize) + "                shape: {type: string}\n"));
  repo.Commit("drop color");
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "deprecated-field-removal example/crds/widgets.yaml:17:13 widgets removes "
                         "property spec.color from widgets.example.com v1 in the repository "
                         "without marking it deprecated first; mark it `# Deprecated: …` and "
                         "remove it no sooner than 2 minors later"}));
}

// Issue point 3: what was never released, or stays settable, is no removal.
TEST_F(CrdHistory, FieldsNeverReleasedAreNotRemovals) {
  repo.Write(".skewlint.yaml", Config());
  Release("v1.0.0", WidgetCrd(kSize));
  repo.Write(kCrdPath, WidgetCrd(std::string(kSize) + "                extra: {type: string}\n"));
  repo.Commit("add extra");
  repo.Git("checkout -q -b feature");
  repo.Write(kCrdPath, WidgetCrd(kSize));
  repo.Commit("drop extra before any release");
  EXPECT_EQ(Check(), std::vector<std::string>{});
}

TEST_F(CrdHistory, MetadataAndOpenSubtreesRemoveNothing) {
  repo.Write(".skewlint.yaml", Config());
  std::string metadata =
      "            metadata:\n"
      "              type: object\n"
      "              properties:\n"
      "                name: {type: string, maxLength: 63}\n";
  std::string config =
      "                config:\n"
      "                  type: object\n"
      "                  properties:\n"
      "                    level: {type: string}\n";
  Release("v1.0.0", WidgetCrd(std::string(kSize) + config, metadata));
  repo.Git("checkout -q -b feature");
  repo.Write(kCrdPath, WidgetCrd(std::string(kSize) +
                                     "                config:\n"
                                     "                  type: object\n"
                                     "                  x-kubernetes-preserve-unknown-fields: "
                                     "true\n",
                                 "            metadata: {type: object}\n"));
  repo.Commit("open config, plain metadata");
  EXPECT_EQ(Check(), std::vector<std::string>{});
}

// Issue point 4: only a leading marker deprecates.
TEST_F(CrdHistory, OnlyALeadingMarkerDeprecates) {
  repo.Write(".skewlint.yaml", Config());
  Release("v1.0.0",
          WidgetCrd(std::string(kSize) +
                    "                selector:\n"
                    "                  type: string\n"
                    "                  description: 'Widgets to select. *Deprecated:* if neither "
                    "this nor podSelector are specified, all are selected'\n"
                    "                legacy:\n"
                    "                  type: string\n"
                    "                  description: '*Deprecated:* use size'\n"));
  repo.Git("checkout -q -b feature");
  repo.Write("widgets/w.yaml",
             "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n"
             "  selector: a\n  legacy: b\n");
  repo.Commit("add a widget");
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "deprecated-field-in-use widgets/w.yaml:6:3 Widget/w in the repository "
                         "sets spec.legacy, which widgets marks deprecated in widgets.example.com "
                         "v1 (*Deprecated:* use size); move to its replacement before the field "
                         "is removed"}));
}

// Issue point 5: alpha API versions and status are exempt.
TEST_F(CrdHistory, AlphaVersionsAndStatusMayGoWithoutNotice) {
  std::string status =
      "            status:\n"
      "              type: object\n"
      "              properties:\n"
      "                phase: {type: string}\n";
  repo.Write(".skewlint.yaml", Config());
  Release("v1.0.0", WidgetCrd(kSize, status, kAlphaVersion));
  repo.Git("checkout -q -b feature");
  repo.Write(kCrdPath, WidgetCrd(kSize, "            status: {type: object}\n"));
  repo.Commit("drop v1alpha1 and status.phase");
  EXPECT_EQ(Check(), std::vector<std::string>{});
}

TEST_F(CrdHistory, AlphaVersionsAreJudgedWhenNotExempt) {
  repo.Write(".skewlint.yaml", Config("    version_from: tags\n    alpha_exempt: false\n"));
  Release("v1.0.0", WidgetCrd(kSize, "", kAlphaVersion));
  repo.Git("checkout -q -b feature");
  repo.Write(kCrdPath, WidgetCrd(kSize));
  repo.Commit("drop v1alpha1");
  EXPECT_EQ(Check(),
            (std::vector<std::string>{
                "deprecated-field-removal crds/widgets.yaml:9:3 widgets 1.1.0 (the "
                "release after v1.0.0) removes API version v1alpha1 from "
                "widgets.example.com in the repository, which was not marked deprecated, "
                "with properties that were not deprecated for 2 minors (spec); mark the "
                "version `deprecated: true` and remove it no sooner than 2 minors later"}));
}

// Issue point 6: a v1beta1 CRD keeps unknown fields.
TEST_F(CrdHistory, NonStructuralCrdsKeepUnknownFields) {
  auto crd = [](const std::string& preserve) {
    return "apiVersion: apiextensions.k8s.io/v1beta1\n"
           "kind: CustomResourceDefinition\n"
           "metadata: {name: widgets.example.com}\n"
           "spec:\n"
           "  group: example.com\n"
           "  names: {kind: Widget, plural: widgets}\n" +
           preserve +
           "  version: v1\n"
           "  validation:\n"
           "    openAPIV3Schema:\n"
           "      properties:\n"
           "        spec:\n"
           "          properties:\n"
           "            size: {type: integer}\n";
  };
  repo.Write(".skewlint.yaml", Config(""));
  repo.Write(kCrdPath, crd(""));
  repo.Commit("init");
  repo.Git("checkout -q -b feature");
  repo.Write("widgets/w.yaml",
             "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n"
             "  size: 1\n  legacy: b\n");
  repo.Commit("add a widget");
  EXPECT_EQ(Check(), std::vector<std::string>{});
  repo.Write(kCrdPath, crd("  preserveUnknownFields: false\n"));
  repo.Commit("structural");
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "removed-field-in-use widgets/w.yaml:6:3 Widget/w in the repository sets "
                         "spec.legacy, which widgets does not define for widgets.example.com v1; "
                         "remove the field from the resource, or keep the property in the CRD"}));
}

// Issue point 7: a blob missing from a partial clone is said so.
TEST_F(CrdHistory, PartialCloneNamesTheMissingBlob) {
  repo.Git("config uploadpack.allowFilter true");
  repo.Write(".skewlint.yaml", Config(""));
  auto labelled = [](const std::string& version, const std::string& properties) {
    std::string crd = WidgetCrd(properties);
    return crd.replace(
        crd.find("  name: widgets.example.com\n"), 28,
        "  name: widgets.example.com\n  labels: {app.kubernetes.io/version: " + version + "}\n");
  };
  repo.Write(kCrdPath, labelled("1.0.0", std::string(kSize) + kOld));
  repo.Commit("1.0.0");
  repo.Write(kCrdPath, labelled("1.1.0", std::string(kSize) + kOld));
  repo.Commit("1.1.0");
  repo.Write(kCrdPath, labelled("1.2.0", std::string(kSize) + kOld));
  repo.Write("unrelated.yaml", "a: 1\n");
  repo.Commit("1.2.0");
  TempDir dir;
  std::string clone = (dir.path() / "clone").string();
  std::string out;
  ASSERT_EQ(RunCommand("git clone -q --filter=blob:none file://" + ShellQuote(repo.root()) + " " +
                           ShellQuote(clone),
                       &out),
            0)
      << out;
  RunCommand("cd " + ShellQuote(clone) +
             " && git config user.email t@example.invalid && git config user.name t");
  std::ofstream(clone + "/" + kCrdPath) << labelled("1.2.1", kSize);
  ASSERT_EQ(RunCommand("cd " + ShellQuote(clone) + " && git commit -qam drop", &out), 0) << out;
  std::string blob = TempRepo::Trim(repo.Git("rev-parse HEAD~1:" + std::string(kCrdPath)));
  std::string commit = TempRepo::Trim(repo.Git("rev-parse HEAD~1"));
  RunResult r = RunSkewlint(clone, "check --base HEAD~1 --format json", true);
  EXPECT_EQ(CrdFindingsIn(r.out),
            (std::vector<std::string>{
                "deprecated-field-removal crds/widgets.yaml:18:13 widgets 1.2.1 removes property "
                "spec.old from widgets.example.com v1 in the repository but the version that "
                "deprecated it could not be determined (the marker names no version and "
                "crds/widgets.yaml at commit " +
                commit.substr(0, 12) + " is not in this partial clone (blob " + blob +
                "); fetch it with `git cat-file blob " + blob +
                "` (a partial clone fetches a missing object on demand) or clone without "
                "--filter); write the version in the marker (`# Deprecated since 1.2`) so the 2 "
                "minors window can be checked"}));
  std::string first = TempRepo::Trim(repo.Git("rev-parse HEAD~2:" + std::string(kCrdPath)));
  ASSERT_EQ(RunCommand("cd " + ShellQuote(clone) + " && git cat-file blob " + blob +
                       " && git cat-file blob " + first),
            0);
  r = RunSkewlint(clone, "check --base HEAD~1 --format json", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(CrdFindingsIn(r.out), std::vector<std::string>{});
}

// Issue point 8: per-commit reports on a commit what net mode reports there.
TEST_F(CrdHistory, PerCommitReportsARepeatedFindingAtEachCommit) {
  repo.Write(".skewlint.yaml", Config(""));
  repo.Write(kCrdPath, WidgetCrd(std::string(kSize) + "                color: {type: string}\n"));
  repo.Commit("init");
  repo.Git("checkout -q -b feature");
  repo.Write(kCrdPath, WidgetCrd(kSize));
  std::string first = repo.Commit("drop color");
  repo.Write(kCrdPath, WidgetCrd(std::string(kSize) + "                color: {type: string}\n"));
  repo.Commit("put color back");
  repo.Write(kCrdPath, WidgetCrd(kSize));
  std::string again = repo.Commit("drop color again");
  auto commits = [](const std::string& json) {
    std::vector<std::string> out;
    ParsedYaml parsed = ParseYaml(json);
    if (parsed.documents.empty()) return out;
    const YamlNode* findings = parsed.documents[0].root->Get("findings");
    for (const auto& f : findings ? findings->items : std::vector<YamlNodePtr>{}) {
      if (f->ScalarAt("rule") == "deprecated-field-removal") {
        out.push_back(std::string(f->ScalarAt("commit")));
      }
    }
    return out;
  };
  RunResult net = RunSkewlint(repo.root(), "check --base main --format json", true);
  EXPECT_EQ(commits(net.out), std::vector<std::string>{again});
  RunResult per = RunSkewlint(repo.root(), "check --base main --per-commit --format json", true);
  std::vector<std::string> found = commits(per.out);
  std::sort(found.begin(), found.end());
  std::vector<std::string> expected{first, again};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(found, expected);
}

// An operator's CRDs carry no version label; a policy that versions them
// by release tags (or a file) keeps them from being "unversioned".
TEST_F(CrdHistory, UnlabelledCrdsVersionedByTheirReleasesAreNotUnversioned) {
  repo.Write(".skewlint.yaml", Config());
  Release("v1.0.0");
  repo.Git("checkout -q -b feature");
  repo.Write(kCrdPath, WidgetCrd(kSize));
  repo.Commit("add the widgets CRD");
  RunResult r = RunSkewlint(repo.root(), "check --base main --format json", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{});

  repo.Git("checkout -q main");
  repo.Write(".skewlint.yaml", Config(""));
  repo.Commit("no version source");
  repo.Git("checkout -q feature");
  repo.Git("rebase -q main");
  r = RunSkewlint(repo.root(), "check --base main --format json", true);
  EXPECT_EQ(FindingsIn(r.out), std::vector<std::string>{"unversioned crds/widgets.yaml:6:10"});
}

// A clone without tags (a shallow CI checkout) cannot tell what was
// released: removals are judged, never passed in silence.
TEST_F(CrdHistory, WithoutAnyTagRemovalsAreStillJudged) {
  repo.Write(".skewlint.yaml", Config());
  repo.Write(kCrdPath, WidgetCrd(std::string(kSize) + "                color: {type: string}\n"));
  repo.Commit("init");
  repo.Git("checkout -q -b feature");
  repo.Write(kCrdPath, WidgetCrd(kSize));
  repo.Commit("drop color");
  EXPECT_EQ(Check(), (std::vector<std::string>{
                         "deprecated-field-removal crds/widgets.yaml:17:13 widgets 0.1.0 (the "
                         "first release, no release tag before it) removes property spec.color "
                         "from widgets.example.com v1 in the repository without marking it "
                         "deprecated first; mark it `# Deprecated: …` and remove it no sooner "
                         "than 2 minors later"}));
}

}  // namespace
}  // namespace skewlint::testing
