// StateBuilder on real repositories: parallel parsing keeps the order and the
// content of a snapshot; changed files no rule reads are checked for YAML
// without building a tree; State::files holds files with content only.

#include "linter/state_builder.h"

#include <gtest/gtest.h>

#include <set>

#include "git/git_repository.h"
#include "tests/manifests.h"
#include "tests/state_fixture.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

constexpr const char* kUnrelated =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  replicas: 2\n";

std::unique_ptr<Repository> Open(const TempRepo& repo) {
  auto opened = OpenRepository(repo.root());
  EXPECT_TRUE(opened.ok());
  return opened.ok() ? std::move(opened).value() : nullptr;
}

// Enough files for LoadAll to parse on every core (kParallelFrom is 32).
TEST(StateBuilder, ManyFilesReadInParallelKeepTheirOrderAndContent) {
  TempRepo repo;
  for (int i = 0; i < 60; ++i) {
    std::string cluster = "clusters/c" + std::to_string(100 + i);
    repo.Write(cluster + "/spire/server.yaml", SpireServer("1.9." + std::to_string(i % 7)));
    repo.Write(cluster + "/apps/shop.yaml", kUnrelated);
  }
  repo.Commit("many");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  Config config = PresetConfig("spire");
  StateBuilder builder(*git, config);
  auto snapshot = builder.Read("HEAD");
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().ToString();
  ASSERT_EQ(snapshot->files.size(), 120u);
  int index = 0;
  for (const auto& [path, file] : snapshot->files) {
    ASSERT_EQ(file.facts->path, path);  // each slot holds its own file
    bool server = path.ends_with("server.yaml");
    EXPECT_EQ(file.facts->filtered, !server) << path;
    EXPECT_EQ(file.facts->documents.size(), server ? 1u : 0u) << path;
    EXPECT_EQ(file.found->instances.size(), server ? 1u : 0u) << path;
    if (server) {
      EXPECT_EQ(file.found->instances[0].version.minor, 9);
      EXPECT_EQ(file.found->instances[0].version.patch, (index / 2) % 7) << path;
    }
    ++index;
  }
  State state = builder.MakeState(*snapshot);
  EXPECT_EQ(state.instances.size(), 60u);
  EXPECT_EQ(state.files.size(), 60u);  // the Deployments hold nothing rules read
  EXPECT_EQ(builder.files_read(), 120u);
  // A second read of the same revision is answered from the cache.
  ASSERT_TRUE(builder.Read("HEAD").ok());
  EXPECT_EQ(builder.files_read(), 120u);
}

TEST(StateBuilder, AChangedFileNothingReadsIsCheckedWithoutATree) {
  TempRepo repo;
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6"));
  repo.Write("apps/shop.yaml", kUnrelated);
  repo.Commit("base");
  repo.Write("apps/shop.yaml", std::string(kUnrelated) + "  paused: false\n");
  std::string fine = repo.Commit("still YAML");
  repo.Write("apps/shop.yaml", std::string(kUnrelated) + "spec: [unclosed\n");
  std::string broken = repo.Commit("broken");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  Config config = PresetConfig("spire");
  StateBuilder builder(*git, config);
  auto snapshot = builder.Read(fine + "~1");
  ASSERT_TRUE(snapshot.ok());
  EXPECT_TRUE(snapshot->files.at("apps/shop.yaml").facts->filtered);

  ASSERT_TRUE(builder.Apply(*snapshot, fine, *git->Diff(fine + "~1", fine, builder.Filter())).ok());
  const FileFacts& checked = *snapshot->files.at("apps/shop.yaml").facts;
  EXPECT_FALSE(checked.filtered);
  EXPECT_FALSE(checked.relevant);
  EXPECT_TRUE(checked.documents.empty());  // no tree: nothing reads it
  EXPECT_TRUE(checked.problems.empty());
  ASSERT_TRUE(checked.text);
  EXPECT_NE(checked.text->find("paused"), std::string::npos);

  ASSERT_TRUE(builder.Apply(*snapshot, broken, *git->Diff(fine, broken, builder.Filter())).ok());
  const FileFacts& bad = *snapshot->files.at("apps/shop.yaml").facts;
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].line, 7);  // the unclosed flow sequence
}

std::vector<std::string> Describe(const State& state) {
  std::vector<std::string> out;
  for (const Instance& i : state.instances) {
    out.push_back(i.component + " " + i.scope + " " + i.version.raw + " " + i.location.ToString());
  }
  return out;
}

// Snapshot::kustomize_graph is kept across Apply while no kustomization
// comes, goes or lists other resources: a state made incrementally equals
// one made from the revision read afresh, at every step.
TEST(StateBuilder, IncrementalStatesEqualFreshOnesAsKustomizationsMove) {
  TempRepo repo;
  auto kustomization = [](const std::string& resources, const std::string& images) {
    return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [" +
           resources + "]\n" + (images.empty() ? "" : "images:\n" + images);
  };
  auto server_tag = [](const std::string& tag) {
    return "  - name: ghcr.io/spiffe/spire-server\n    newTag: \"" + tag + "\"\n";
  };
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6"));
  repo.Write("clusters/prod/spire/kustomization.yaml",
             kustomization("server.yaml", server_tag("1.9.7")));
  repo.Write("clusters/prod/apps/shop.yaml", kUnrelated);
  repo.Write("clusters/prod/kustomization.yaml", kustomization("apps", ""));
  repo.Write("clusters/dev/kustomization.yaml",
             kustomization("", "  - name: nginx\n    newTag: \"1.25\"\n"));
  std::vector<std::string> revs = {repo.Commit("base")};
  // Only an images: entry changes, to one a component tracks.
  repo.Write("clusters/dev/kustomization.yaml", kustomization("", server_tag("1.11.0")));
  revs.push_back(repo.Commit("dev pins a spire-server tag of its own"));
  repo.Write("clusters/prod/kustomization.yaml",
             kustomization("apps, spire", server_tag("1.10.0")));
  revs.push_back(repo.Commit("prod builds spire and overrides its tag"));
  repo.Write("clusters/prod/spire/kustomization.yaml",
             kustomization("server.yaml", server_tag("1.9.8")));
  revs.push_back(repo.Commit("a new inner tag only"));
  repo.Remove("clusters/prod/kustomization.yaml");
  revs.push_back(repo.Commit("prod kustomization gone"));
  auto git = Open(repo);
  ASSERT_TRUE(git);
  Config config = PresetConfig("spire");
  StateBuilder builder(*git, config);
  auto walked = builder.Read(revs[0]);
  ASSERT_TRUE(walked.ok());
  builder.MakeState(*walked);  // builds the graph of the base
  std::set<std::string> seen;
  for (size_t i = 1; i < revs.size(); ++i) {
    auto deltas = git->Diff(revs[i - 1], revs[i], builder.Filter());
    ASSERT_TRUE(deltas.ok());
    ASSERT_TRUE(builder.Apply(*walked, revs[i], *deltas).ok());
    StateBuilder fresh_builder(*git, config);
    auto fresh = fresh_builder.Read(revs[i]);
    ASSERT_TRUE(fresh.ok());
    std::vector<std::string> got = Describe(builder.MakeState(*walked));
    EXPECT_EQ(got, Describe(fresh_builder.MakeState(*fresh))) << "at commit " << i;
    seen.insert(got.begin(), got.end());
  }
  EXPECT_TRUE(
      seen.count("spire-server dev ghcr.io/spiffe/spire-server:1.11.0 "
                 "clusters/dev/kustomization.yaml:6:13"))
      << ::testing::PrintToString(seen);
  // The outer override wins while prod builds spire, the inner one after.
  EXPECT_TRUE(
      seen.count("spire-server prod ghcr.io/spiffe/spire-server:1.10.0 "
                 "clusters/prod/kustomization.yaml:6:13"))
      << ::testing::PrintToString(seen);
  EXPECT_TRUE(
      seen.count("spire-server prod ghcr.io/spiffe/spire-server:1.9.8 "
                 "clusters/prod/spire/kustomization.yaml:6:13"))
      << ::testing::PrintToString(seen);
}

// Snapshot::notable is kept by Apply as files gain and lose instances, and
// as a chart's appVersion and its values move: a state made from the notable
// files alone equals one made from the revision read afresh, at every step.
TEST(StateBuilder, TheNotableIndexFollowsFilesThatGainAndLoseInstances) {
  TempRepo repo;
  auto chart = [](const std::string& app_version) {
    return "apiVersion: v2\nname: spiceai-operator\nversion: 0.1.0\nappVersion: \"" + app_version +
           "\"\n";
  };
  auto values = [](const std::string& tag) {
    return "image:\n  repository: spiceai/spiceai-operator\n  tag: \"" + tag + "\"\n";
  };
  repo.Write("charts/operator/Chart.yaml", chart("1.0.0"));
  repo.Write("charts/operator/values.yaml", values(""));
  repo.Write("apps/shop.yaml", kUnrelated);
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6"));
  std::vector<std::string> revs = {repo.Commit("base")};
  repo.Write("apps/shop.yaml", SpireAgent("1.9.6"));
  revs.push_back(repo.Commit("shop gains an instance"));
  repo.Write("charts/operator/Chart.yaml", chart("1.2.0"));
  revs.push_back(repo.Commit("the chart's appVersion moves the empty tag"));
  repo.Write("charts/operator/values.yaml", values("1.3.0"));
  revs.push_back(repo.Commit("the values pin a tag"));
  repo.Write("apps/shop.yaml", kUnrelated);
  revs.push_back(repo.Commit("shop loses its instance"));
  repo.Write("charts/operator/values.yaml", values(""));
  repo.Remove("charts/operator/Chart.yaml");
  revs.push_back(repo.Commit("the chart goes, its values stay without a tag"));
  repo.Git("mv clusters/prod/spire/server.yaml clusters/prod/spire/spire-server.yaml");
  revs.push_back(repo.Commit("a rename"));
  auto git = Open(repo);
  ASSERT_TRUE(git);
  Config config = PresetConfig("spire, spiceai");
  StateBuilder builder(*git, config);
  auto walked = builder.Read(revs[0]);
  ASSERT_TRUE(walked.ok());
  EXPECT_TRUE(walked->indexed);
  std::set<std::string> seen;
  for (size_t i = 1; i < revs.size(); ++i) {
    auto deltas = git->Diff(revs[i - 1], revs[i], builder.Filter());
    ASSERT_TRUE(deltas.ok());
    ASSERT_TRUE(builder.Apply(*walked, revs[i], *deltas).ok());
    Snapshot reindexed = *walked;
    Index(reindexed);
    EXPECT_EQ(walked->notable, reindexed.notable) << "at commit " << i;
    StateBuilder fresh_builder(*git, config);
    auto fresh = fresh_builder.Read(revs[i]);
    ASSERT_TRUE(fresh.ok());
    Snapshot unindexed = *fresh;
    unindexed.indexed = false;
    std::vector<std::string> got = Describe(builder.MakeState(*walked));
    EXPECT_EQ(got, Describe(fresh_builder.MakeState(*fresh))) << "at commit " << i;
    EXPECT_EQ(got, Describe(fresh_builder.MakeState(unindexed))) << "at commit " << i;
    seen.insert(got.begin(), got.end());
  }
  for (const char* expected :
       {"spire-agent  ghcr.io/spiffe/spire-agent:1.9.6 apps/shop.yaml:15:18",
        "spiceai-operator  1.2.0 charts/operator/Chart.yaml:4:13",
        "spiceai-operator  spiceai/spiceai-operator:1.3.0 charts/operator/values.yaml:3:8"}) {
    EXPECT_TRUE(seen.count(expected)) << expected << " in " << ::testing::PrintToString(seen);
  }
}

TEST(ReadFacts, WithoutATreeOnlyCertainYamlIsLeftUnbuilt) {
  Limits limits;
  auto plain = ReadFacts("a.yaml", "1", kUnrelated, limits, /*need_tree=*/false);
  EXPECT_TRUE(plain->documents.empty());
  EXPECT_TRUE(plain->problems.empty());
  ASSERT_TRUE(plain->text);
  // Outside the fast check's subset (an anchor): parsed as always.
  auto anchored = ReadFacts("b.yaml", "2", "a: &x 1\nb: *x\n", limits, false);
  EXPECT_EQ(anchored->documents.size(), 1u);
  auto broken = ReadFacts("c.yaml", "3", "a: [1\n", limits, false);
  EXPECT_EQ(broken->problems.size(), 1u);
  auto chart = ReadFacts("t/templates/d.yaml", "4", "image: {{ .Values.x }}\n", limits, false);
  EXPECT_TRUE(chart->is_template);
  // With a tree, the same text gives its documents.
  EXPECT_EQ(ReadFacts("a.yaml", "1", kUnrelated, limits)->documents.size(), 1u);
}

}  // namespace
}  // namespace skewlint::testing
