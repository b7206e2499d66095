// The repository answers the per-commit walk and the net-mode attribution
// rely on: which commit of a chain last changed a line (Owners), and which
// files a commit's attributes keep from being read as text (NotText).

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "git/git_repository.h"
#include "tests/test_repo.h"

namespace skewlint {
namespace {

using testing::TempRepo;

std::unique_ptr<Repository> Open(const TempRepo& repo) {
  auto opened = OpenRepository(repo.root());
  EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().ToString());
  return opened.ok() ? std::move(opened).value() : nullptr;
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(OwnersTest, FollowsEachLineBackThroughInsertionsAndDeletions) {
  TempRepo repo;
  repo.Write("app.yaml", Lines({"a", "b", "c"}));
  std::string base = repo.Commit("base");
  repo.Write("app.yaml", Lines({"a", "b", "C", "d"}));  // changes line 3, adds 4
  std::string first = repo.Commit("first");
  repo.Write("app.yaml", Lines({"top", "a", "C", "d"}));  // adds line 1, drops "b"
  std::string second = repo.Commit("second");
  repo.Write("other.yaml", "x\n");
  std::string third = repo.Commit("third");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto chain = git->FirstParentRange(base, third);
  ASSERT_TRUE(chain.ok());
  ChangeOwners owners = git->Owners(third, *chain, {{"app.yaml", {1, 2, 3, 4}}});
  std::map<std::pair<std::string, int>, std::string> want = {
      {{"app.yaml", 1}, second},  // "top"
      {{"app.yaml", 3}, first},   // "C", moved down by one
      {{"app.yaml", 4}, first},   // "d"
  };                              // line 2 ("a") is older than the chain
  EXPECT_EQ(owners.lines, want);
  EXPECT_EQ(owners.files, (std::map<std::string, std::string>{{"app.yaml", second}}));
}

TEST(OwnersTest, AFileAddedInTheChainOwnsAllItsLines) {
  TempRepo repo;
  repo.Write("README.md", "readme\n");
  std::string base = repo.Commit("base");
  repo.Write("deploy/app.yaml", Lines({"a", "b"}));
  std::string added = repo.Commit("add");
  repo.Write("deploy/app.yaml", Lines({"a", "B"}));
  std::string edited = repo.Commit("edit");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto chain = git->FirstParentRange(base, edited);
  ASSERT_TRUE(chain.ok());
  ChangeOwners owners = git->Owners(edited, *chain, {{"deploy/app.yaml", {1, 2}}});
  EXPECT_EQ(owners.lines, (std::map<std::pair<std::string, int>, std::string>{
                              {{"deploy/app.yaml", 1}, added}, {{"deploy/app.yaml", 2}, edited}}));
}

TEST(OwnersTest, WhatTheHeadChangesOnTopOfTheChainBelongsToNoCommitOfIt) {
  // A pull request's synthetic merge: the branch changes line 3, the base
  // moved on and changed line 1; only line 3 is the branch's.
  TempRepo repo;
  repo.Write("app.yaml", Lines({"a", "b", "c"}));
  std::string fork = repo.Commit("fork");
  repo.Git("checkout -q -b topic");
  repo.Write("app.yaml", Lines({"a", "b", "C"}));
  std::string topic = repo.Commit("topic");
  repo.Git("checkout -q main");
  repo.Write("app.yaml", Lines({"A", "b", "c"}));
  repo.Commit("main moves");
  repo.Git("merge -q --no-edit topic");
  std::string merge = repo.Head();
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto chain = git->FirstParentRange(fork, topic);
  ASSERT_TRUE(chain.ok());
  ChangeOwners owners = git->Owners(merge, *chain, {{"app.yaml", {1, 3}}});
  EXPECT_EQ(owners.lines,
            (std::map<std::pair<std::string, int>, std::string>{{{"app.yaml", 3}, topic}}));
}

TEST(NotTextTest, AttributesInAFolderOnTheWayCountAndOthersDoNot) {
  TempRepo repo;
  repo.Write("secrets/.gitattributes", "*.yaml filter=git-crypt diff=git-crypt\n");
  repo.Write("secrets/deep/token.yaml", "binary\n");
  repo.Write("apps/web.yaml", "kind: Deployment\n");
  std::string head = repo.Commit("attributes in a folder");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  std::vector<FileEntry> files = {{"apps/web.yaml", ""}, {"secrets/deep/token.yaml", ""}};
  EXPECT_EQ(git->NotText(head, files), (std::vector<bool>{false, true}));
  EXPECT_EQ(git->NotText(head, {{"apps/web.yaml", ""}}), (std::vector<bool>{false}));
}

TEST(NotTextTest, AttributesFileOfTheRepositoryCountsWithNoneInTheTree) {
  TempRepo repo;
  repo.Write("apps/web.yaml", "kind: Deployment\n");
  std::string head = repo.Commit("no attributes in the tree");
  repo.Write(".git/info/attributes", "apps/*.yaml binary\n");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  EXPECT_EQ(git->NotText(head, {{"apps/web.yaml", ""}}), (std::vector<bool>{true}));
}

TEST(NotTextTest, NoAttributesAnywhereKeepsEveryFileText) {
  TempRepo repo;
  repo.Write("apps/web.yaml", "kind: Deployment\n");
  repo.Write("apps/api.yaml", "kind: Deployment\n");
  std::string head = repo.Commit("plain");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  EXPECT_EQ(git->NotText(head, {{"apps/web.yaml", ""}, {"apps/api.yaml", ""}}),
            (std::vector<bool>{false, false}));
}

TEST(NotTextTest, AttributesACommitAddsChangesOrRemovesCountFromThatCommitOn) {
  // A walk learns once, in its base, that the tree holds no attributes, and
  // carries that along diffs that change no `.gitattributes`: the commit that
  // adds one (in a folder that did not exist), edits it or removes it must
  // be looked at again.
  TempRepo repo;
  repo.Write("apps/web.yaml", "kind: Deployment\n");
  std::string base = repo.Commit("plain");
  repo.Write("apps/web.yaml", "kind: Deployment # 2\n");
  std::string edited = repo.Commit("edit");
  repo.Write("secrets/.gitattributes", "*.yaml binary\n");
  repo.Write("secrets/token.yaml", "kind: Secret\n");
  std::string added = repo.Commit("attributes");
  repo.Write("apps/web.yaml", "kind: Deployment # 3\n");
  std::string later = repo.Commit("edit again");
  repo.Write("secrets/.gitattributes", "*.txt binary\n");
  std::string relaxed = repo.Commit("attributes edited");
  repo.Git("rm -q secrets/.gitattributes");
  repo.Write("secrets/.gitattributes.bak", "*.yaml binary\n");
  std::string removed = repo.Commit("attributes removed");
  repo.Write("secrets/.gitattributes", "*.yaml binary\n");
  std::string back = repo.Commit("attributes back");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  // The diffs first, as a per-commit walk takes them (on another thread,
  // ahead of the reads), then the base.
  auto diffs = git->DiffCommits({base, edited, added, later, relaxed, removed, back}, PathFilter());
  for (const auto& diff : diffs) ASSERT_TRUE(diff.ok());
  std::vector<FileEntry> web = {{"apps/web.yaml", ""}};
  std::vector<FileEntry> both = {{"apps/web.yaml", ""}, {"secrets/token.yaml", ""}};
  EXPECT_EQ(git->NotText(base, web), (std::vector<bool>{false}));
  EXPECT_EQ(git->NotText(edited, web), (std::vector<bool>{false}));
  EXPECT_EQ(git->NotText(added, both), (std::vector<bool>{false, true}));
  EXPECT_EQ(git->NotText(later, both), (std::vector<bool>{false, true}));
  EXPECT_EQ(git->NotText(relaxed, both), (std::vector<bool>{false, false}));
  EXPECT_EQ(git->NotText(removed, both), (std::vector<bool>{false, false}));
  EXPECT_EQ(git->NotText(back, both), (std::vector<bool>{false, true}));
  // Asked again in another order: what was learnt answers the same.
  EXPECT_EQ(git->NotText(later, both), (std::vector<bool>{false, true}));
  EXPECT_EQ(git->NotText(edited, web), (std::vector<bool>{false}));
}

TEST(NotTextTest, AttributesOffThePathsOfTheFilesAskedAbout) {
  // A `.gitattributes` in a folder none of the asked files is under does not
  // make them binary, and does not make the tree count as having none.
  TempRepo repo;
  repo.Write("apps/web.yaml", "kind: Deployment\n");
  repo.Write("docs/.gitattributes", "*.md binary\n");
  std::string base = repo.Commit("attributes elsewhere");
  repo.Write("docs/.gitattributes", "*.md binary\n../apps/*.yaml binary\n");
  repo.Write("apps/.gitattributes", "*.yaml binary\n");
  std::string head = repo.Commit("attributes for apps");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto diffs = git->DiffCommits({base, head}, PathFilter());
  ASSERT_TRUE(diffs.front().ok());
  EXPECT_EQ(git->NotText(base, {{"apps/web.yaml", ""}}), (std::vector<bool>{false}));
  EXPECT_EQ(git->NotText(head, {{"apps/web.yaml", ""}}), (std::vector<bool>{true}));
}

TEST(NotTextTest, TheCheckedOutIndexAttributesDoNotApplyToOtherCommits) {
  // libgit2 reads the index's attributes beside a commit's: a walk over
  // history in a checkout whose .gitattributes makes YAML binary must still
  // read YAML as text in the commits whose own attributes say so.
  TempRepo repo;
  repo.Write("apps/web.yaml", "kind: Deployment\n");
  repo.Write(".gitattributes", "*.png binary\n");
  std::string old = repo.Commit("attributes for images");
  repo.Write(".gitattributes", "*.png binary\n*.yaml binary\n");
  std::string head = repo.Commit("attributes");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  EXPECT_EQ(git->NotText(old, {{"apps/web.yaml", ""}}), (std::vector<bool>{false}));
  EXPECT_EQ(git->NotText(head, {{"apps/web.yaml", ""}}), (std::vector<bool>{true}));
  // The index and the working tree still read their own.
  EXPECT_EQ(git->NotText(kIndexRev, {{"apps/web.yaml", ""}}), (std::vector<bool>{true}));
}

}  // namespace
}  // namespace skewlint
