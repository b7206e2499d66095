// End-to-end: per-commit mode updates the snapshot commit by commit and
// rebuilds the state only when a change can move it (linter/engine.cc,
// SnapshotFile::signature). These pin what must still be seen on the
// commits it does not rebuild for, and that the incremental walk finds what
// checking each commit on its own finds.

#include <gtest/gtest.h>

#include "linter/yaml_tree.h"
#include "tests/crd_fixtures.h"
#include "tests/manifests.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

// A CRD component tracked by its CRD alone: no locator names the custom
// resource's kind, so the prefilter has no needle for a file holding only a
// Widget.
constexpr const char* kWidgetConfig =
    "version: 1\n"
    "components:\n"
    "  - name: widget-crds\n"
    "    locators:\n"
    "      - crd: '^example\\.com$'\n"
    "policies:\n"
    "  - rule: deprecated-field-in-use\n"
    "    id: widgets-deprecated-in-use\n"
    "    component: widget-crds\n"
    "  - rule: removed-field-in-use\n"
    "    id: widgets-removed-in-use\n"
    "    component: widget-crds\n"
    "  - rule: forced-rollout\n"
    "    id: deployment-annotations\n"
    "    kind: [Deployment]\n"
    "    fields: [metadata.annotations]\n"
    "    reason: check it is meant\n";

// The Widget CRD (group example.com), labelled `version`; its v1 spec has
// `size` and, when `with_legacy`, `legacy` marked deprecated.
std::string WidgetCrd(const std::string& version, bool with_legacy) {
  std::string crd = SpiceCrdWith(
      version, "                size:\n                  type: integer\n" +
                   std::string(with_legacy ? "                legacy:  # Deprecated: use size\n"
                                             "                  type: string\n"
                                           : ""));
  auto swap = [&crd](const std::string& from, const std::string& to) {
    for (size_t at = crd.find(from); at != std::string::npos; at = crd.find(from, at + to.size())) {
      crd.replace(at, from.size(), to);
    }
  };
  swap("spicepodsets.spice.ai", "widgets.example.com");
  swap("group: spice.ai", "group: example.com");
  swap("SpicepodSet", "Widget");
  swap("spicepodsets", "widgets");
  return crd;
}

std::string Widget(const std::string& spec) {
  return "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: apps\n"
         "spec:\n" +
         spec;
}

std::string Deployment(const std::string& note, int replicas = 1) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n"
         "    note: " +
         note + "\nspec:\n  replicas: " + std::to_string(replicas) + "\n";
}

// "rule path:line:column" of every finding, in report order.
std::vector<std::string> Findings(const std::string& json) { return FindingsIn(json); }

class IncrementalEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.Write(".skewlint.yaml", kWidgetConfig);
    repo.Write("crds/widgets.yaml", WidgetCrd("1.0.0", true));
    repo.Write("apps/widget.yaml", Widget("  size: 1\n"));
    repo.Write("apps/web.yaml", Deployment("a"));
    repo.Commit("base");
    repo.Git("checkout -q -b feature");
  }

  std::vector<std::string> Check(const std::string& mode) {
    RunResult r = RunSkewlint(repo.root(), "check --base main --format json " + mode, true);
    EXPECT_LE(r.exit_code, 1) << r.out;
    return Findings(r.out);
  }

  TempRepo repo;
};

// The commit touches only a custom resource whose file holds no needle:
// the CRD seen at the base makes it relevant, so the CRD rules judge it.
TEST_F(IncrementalEndToEnd, ACustomResourceWithoutANeedleIsStillJudged) {
  repo.Write("apps/widget.yaml", Widget("  size: 1\n  legacy: x\n"));
  repo.Commit("set the deprecated field");
  std::vector<std::string> expected = {"deprecated-field-in-use apps/widget.yaml:8:3"};
  EXPECT_EQ(Check("--per-commit"), expected);
  EXPECT_EQ(Check(""), expected);
}

// A CRD that drops a field still set by an untouched custom resource: the
// resource's file, filtered at the base before the CRD was seen, is read.
TEST_F(IncrementalEndToEnd, AnUntouchedCustomResourceMeetsANewCrd) {
  repo.Write("apps/widget.yaml", Widget("  size: 1\n  legacy: x\n"));
  repo.Commit("use legacy");
  repo.Git("checkout -q main");
  repo.Write("apps/widget.yaml", Widget("  size: 1\n  legacy: x\n"));
  repo.Commit("use legacy on main too");
  repo.Git("checkout -q feature");
  repo.Git("reset -q --hard main");
  repo.Write("crds/widgets.yaml", WidgetCrd("1.1.0", false));
  repo.Commit("crds 1.1.0 removes legacy");
  std::vector<std::string> expected = {"removed-field-in-use apps/widget.yaml:8:3"};
  EXPECT_EQ(Check("--per-commit"), expected);
  EXPECT_EQ(Check(""), expected);
}

// The CRD comes in the range, after the resource, and a later commit drops
// a field the untouched resource sets: caught with the changed files read
// ahead of the walk (Runner::Prefetch) as when read commit by commit.
TEST_F(IncrementalEndToEnd, ACrdAddedInTheRangeMeetsAnOlderResource) {
  repo.Git("checkout -q main");
  repo.Git("rm -q crds/widgets.yaml");
  repo.Write("apps/widget.yaml", Widget("  size: 1\n  legacy: x\n"));
  repo.Commit("no CRD yet");
  repo.Git("checkout -q feature");
  repo.Git("reset -q --hard main");
  repo.Write("crds/widgets.yaml", WidgetCrd("1.0.0", true));
  repo.Commit("crds 1.0.0");
  repo.Write("apps/unrelated.yaml", "kind: Service\nmetadata:\n  name: s\n");
  repo.Commit("unrelated");
  repo.Write("crds/widgets.yaml", WidgetCrd("1.1.0", false));
  repo.Commit("crds 1.1.0 removes legacy");
  std::vector<std::string> walked = Check("--per-commit");
  EXPECT_NE(std::find(walked.begin(), walked.end(), "removed-field-in-use apps/widget.yaml:8:3"),
            walked.end())
      << ::testing::PrintToString(walked);
}

// A commit that changes only files no rule's state reads still gets the
// rules that read the changed files: here forced-rollout, on a Deployment
// that holds no tracked component.
TEST_F(IncrementalEndToEnd, FileRulesRunOnCommitsThatCannotMoveTheState) {
  repo.Write("apps/web.yaml", Deployment("b"));
  repo.Commit("annotate");
  repo.Write("apps/web.yaml", Deployment("b", 3));
  repo.Commit("scale");
  EXPECT_EQ(Check("--per-commit"), std::vector<std::string>{"forced-rollout apps/web.yaml:6:5"});
}

// Several commits, some that move a component and some that do not: the
// incremental walk reports what checking each commit alone reports.
TEST_F(IncrementalEndToEnd, TheWalkFindsWhatEachCommitAloneFinds) {
  repo.Write(".skewlint.yaml", "version: 1\npresets: [spire]\n");
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6"));
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.6"));
  repo.Write("clusters/prod/apps/kustomization.yaml",
             "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
             "resources: [web.yaml]\nimages:\n  - name: nginx\n    newTag: \"1.25\"\n");
  repo.Write("clusters/prod/apps/web.yaml", Deployment("a"));
  repo.Git("add -A");
  repo.Git("commit -q --amend -m base");
  repo.Git("branch -f main HEAD");
  std::vector<std::string> commits;
  repo.Write("clusters/prod/apps/kustomization.yaml",
             "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
             "resources: [web.yaml]\nimages:\n  - name: nginx\n    newTag: \"1.26\"\n");
  commits.push_back(repo.Commit("nginx 1.26"));
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.10.0"));
  commits.push_back(repo.Commit("agents first"));
  repo.Write("clusters/prod/apps/web.yaml", Deployment("a", 2));
  commits.push_back(repo.Commit("scale web"));
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.10.0"));
  commits.push_back(repo.Commit("then the server"));
  // A rename, a kustomization that starts to override a tracked image, a
  // deletion, and a file that becomes broken YAML.
  repo.Git("mv clusters/prod/spire/agent.yaml clusters/prod/spire/agent-daemonset.yaml");
  commits.push_back(repo.Commit("rename the agent"));
  repo.Write("clusters/prod/apps/kustomization.yaml",
             "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
             "resources: [web.yaml, ../spire]\nimages:\n  - name: nginx\n    newTag: \"1.26\"\n"
             "  - name: ghcr.io/spiffe/spire-agent\n    newTag: \"1.12.0\"\n");
  commits.push_back(repo.Commit("apps pull spire in and jump the agent"));
  repo.Remove("clusters/prod/apps/web.yaml");
  repo.Write("clusters/prod/apps/kustomization.yaml",
             "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
             "resources: [../spire]\nimages:\n  - name: ghcr.io/spiffe/spire-agent\n"
             "    newTag: \"1.12.0\"\n");
  commits.push_back(repo.Commit("drop web"));
  repo.Write("clusters/prod/apps/notes.yaml", "a: [unclosed\n");
  commits.push_back(repo.Commit("broken notes"));
  std::vector<std::string> walked = Check("--per-commit");
  std::vector<std::string> alone;
  std::string previous = "main";
  for (const auto& commit : commits) {
    RunResult r = RunSkewlint(
        repo.root(), "check --base " + previous + " --head " + commit + " --format json", true);
    for (auto& f : Findings(r.out)) alone.push_back(f);
    previous = commit;
  }
  std::sort(walked.begin(), walked.end());
  std::sort(alone.begin(), alone.end());
  EXPECT_EQ(walked, alone);
  for (const char* expected : {"upgrade-order clusters/prod/spire/agent.yaml:15:18",
                               "parse-error clusters/prod/apps/notes.yaml:1:13",
                               "minor-jump clusters/prod/apps/kustomization.yaml:8:13"}) {
    EXPECT_NE(std::find(walked.begin(), walked.end(), expected), walked.end())
        << expected << " in " << ::testing::PrintToString(walked);
  }
  EXPECT_GE(walked.size(), 4u) << ::testing::PrintToString(walked);
}

}  // namespace
}  // namespace skewlint::testing
