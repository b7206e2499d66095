#include "git/git_repository.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/test_repo.h"

namespace skewlint {
namespace {

namespace fs = std::filesystem;
using testing::RunCommand;
using testing::ShellQuote;
using testing::TempDir;
using testing::TempRepo;

constexpr char kShallowAdvice[] =
    "the repository is a shallow clone; fetch full history (actions/checkout with "
    "fetch-depth: 0, or git fetch --unshallow)";

std::unique_ptr<Repository> Open(const std::string& dir) {
  auto opened = OpenRepository(dir);
  EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().ToString());
  return opened.ok() ? std::move(opened).value() : nullptr;
}

std::unique_ptr<Repository> Open(const TempRepo& repo) { return Open(repo.root()); }

/// Runs `git ARGS` in `dir`; fails the test when git fails.
std::string GitIn(const fs::path& dir, const std::string& args) {
  std::string out;
  int rc = RunCommand("cd " + ShellQuote(dir.string()) + " && git " + args, &out);
  EXPECT_EQ(rc, 0) << "git " << args << "\n" << out;
  return TempRepo::Trim(out);
}

std::string Id(TempRepo& repo, const std::string& object) {
  return TempRepo::Trim(repo.Git("rev-parse " + object));
}

std::string HashObject(TempRepo& repo, const std::string& path) {
  return TempRepo::Trim(repo.Git("hash-object " + ShellQuote(path)));
}

PathFilter EndsWith(std::string suffix) {
  return [suffix = std::move(suffix)](std::string_view path) { return path.ends_with(suffix); };
}

const PathFilter kAll;

/// "path id" per file, so a listing compares as one value.
std::vector<std::string> Describe(const std::vector<FileEntry>& files) {
  std::vector<std::string> out;
  for (const FileEntry& file : files) out.push_back(file.path + " " + file.id);
  return out;
}

/// "M path", "A path", "D path" or "R old -> new" per delta.
std::vector<std::string> Describe(const std::vector<FileDelta>& deltas) {
  std::vector<std::string> out;
  for (const FileDelta& d : deltas) {
    switch (d.status) {
      case FileDelta::Status::kAdded:
        out.push_back("A " + d.new_path);
        break;
      case FileDelta::Status::kDeleted:
        out.push_back("D " + d.old_path);
        break;
      case FileDelta::Status::kModified:
        out.push_back("M " + d.new_path);
        break;
      case FileDelta::Status::kRenamed:
        out.push_back("R " + d.old_path + " -> " + d.new_path);
        break;
    }
  }
  return out;
}

/// The error of `result` as it would be printed, or "<ok>".
template <typename T>
std::string ErrorOf(const Result<T>& result) {
  return result.ok() ? "<ok>" : result.error().ToString();
}

std::vector<std::string> Ids(const std::vector<CommitInfo>& commits) {
  std::vector<std::string> out;
  for (const CommitInfo& commit : commits) out.push_back(commit.id);
  return out;
}

std::string Lines(int count, const std::string& prefix) {
  std::string text;
  for (int i = 0; i < count; ++i) text += prefix + std::to_string(i) + ": value\n";
  return text;
}

TEST(GitRepositoryTest, OpensFromSubdirectory) {
  TempRepo repo;
  repo.Write("apps/web/deploy.yaml", "kind: Deployment\n");
  repo.Commit("init");
  auto git = Open((repo.path() / "apps/web").string());
  ASSERT_TRUE(git);
  EXPECT_EQ(git->Workdir(), fs::canonical(repo.path()).string() + "/");
  EXPECT_FALSE(git->IsShallow());
}

TEST(GitRepositoryTest, OutsideRepositoryIsUsageError) {
  TempDir dir;
  auto opened = OpenRepository(dir.path().string());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().message, "not a git repository: " + dir.path().string());
  EXPECT_EQ(opened.error().exit_code, ExitCode::kUsage);
}

TEST(GitRepositoryTest, MissingDirectoryIsUsageError) {
  TempDir dir;
  std::string missing = (dir.path() / "missing").string();
  auto opened = OpenRepository(missing);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().message, "no such directory: " + missing);
  EXPECT_EQ(opened.error().exit_code, ExitCode::kUsage);
}

TEST(GitRepositoryTest, EmptyRepositoryHasNoCommits) {
  TempRepo repo;
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto head = git->Resolve("HEAD");
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.error().message, "the repository has no commits yet");
  EXPECT_EQ(head.error().exit_code, ExitCode::kUsage);
  EXPECT_EQ(ErrorOf(git->ListFiles("HEAD", kAll)), "the repository has no commits yet");
  EXPECT_FALSE(git->DefaultBase().has_value());
}

TEST(GitRepositoryTest, OrphanBranchHasNoCommits) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  repo.Commit("first");
  repo.Git("checkout -q --orphan fresh");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  EXPECT_EQ(ErrorOf(git->Resolve("HEAD")), "the current branch has no commits yet");
  EXPECT_EQ(ErrorOf(git->Resolve("nope")), "unknown revision 'nope'");
}

TEST(GitRepositoryTest, ResolvesRevisionExpressions) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  std::string first = repo.Commit("first");
  repo.Write("a.yaml", "a: 2\n");
  std::string second = repo.Commit("second");
  repo.Git("branch feature " + first);
  repo.Git("tag -a v1.0.0 -m release " + first);
  auto git = Open(repo);
  ASSERT_TRUE(git);
  EXPECT_EQ(*git->Resolve("HEAD"), second);
  EXPECT_EQ(*git->Resolve("HEAD~1"), first);
  EXPECT_EQ(*git->Resolve("feature"), first);
  EXPECT_EQ(*git->Resolve("v1.0.0"), first);
  EXPECT_EQ(*git->Resolve(second.substr(0, 12)), second);
  EXPECT_EQ(*git->Resolve(":index"), ":index");
  EXPECT_EQ(*git->Resolve(":worktree"), ":worktree");
}

TEST(GitRepositoryTest, BadRevisionsAreNamed) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  repo.Commit("first");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto unknown = git->Resolve("no-such-branch");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "unknown revision 'no-such-branch'");
  EXPECT_EQ(unknown.error().exit_code, ExitCode::kUsage);
  EXPECT_EQ(ErrorOf(git->Resolve("HEAD~5")), "unknown revision 'HEAD~5'");
  EXPECT_EQ(ErrorOf(git->Resolve("HEAD:a.yaml")), "revision 'HEAD:a.yaml' is not a commit");
  EXPECT_EQ(ErrorOf(git->Commit(":index")), "revision ':index' is not a commit");
}

TEST(GitRepositoryTest, CommitInfoHasSummaryTimeAndParents) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  std::string first = repo.Commit("first", 1700000000);
  repo.Write("a.yaml", "a: 2\n");
  std::string second = repo.Commit("bump a\n\nlonger body", 1700000100);
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto info = git->Commit(second);
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  EXPECT_EQ(info->id, second);
  EXPECT_EQ(info->summary, "bump a");
  EXPECT_EQ(info->time, 1700000100);
  EXPECT_EQ(info->parents, std::vector<std::string>{first});
  EXPECT_TRUE(git->Commit(first)->parents.empty());
}

/// A clone of main (c0..c3) and feature (f1 on c2), `depth` commits deep.
class ShallowCloneTest : public ::testing::Test {
 protected:
  void Clone(int depth) {
    for (int i = 0; i < 4; ++i) {
      if (i == 3) {
        source_.Git("checkout -q -b feature");
        source_.Write("f.yaml", "f: 1\n");
        feature_ = source_.Commit("f1");
        source_.Git("checkout -q main");
      }
      source_.Write("a.yaml", "a: " + std::to_string(i) + "\n");
      commits_.push_back(source_.Commit("c" + std::to_string(i)));
    }
    GitIn(clones_.path(), "clone -q --no-single-branch --depth " + std::to_string(depth) +
                              " file://" + source_.root() + " clone");
    git_ = Open((clones_.path() / "clone").string());
    ASSERT_TRUE(git_);
    ASSERT_TRUE(git_->IsShallow());
  }

  TempRepo source_;
  TempDir clones_;
  std::vector<std::string> commits_;
  std::string feature_;
  std::unique_ptr<Repository> git_;
};

TEST_F(ShallowCloneTest, MissingRevisionSaysHowToFetch) {
  Clone(1);
  auto oldest = git_->Resolve(commits_[0]);
  ASSERT_FALSE(oldest.ok());
  EXPECT_EQ(oldest.error().message, "unknown revision '" + commits_[0] + "': " + kShallowAdvice);
  EXPECT_EQ(oldest.error().exit_code, ExitCode::kUsage);
  EXPECT_EQ(ErrorOf(git_->Resolve("HEAD~1")),
            std::string("unknown revision 'HEAD~1': ") + kShallowAdvice);
}

TEST_F(ShallowCloneTest, AnswersInsideTheClonedHistory) {
  Clone(3);
  EXPECT_EQ(*git_->MergeBase("origin/main", "origin/feature"), commits_[2]);
  EXPECT_TRUE(*git_->IsAncestor(commits_[1], "origin/main"));
  EXPECT_FALSE(*git_->IsAncestor(feature_, "origin/main"));
  auto range = git_->FirstParentRange(commits_[1], "HEAD");
  ASSERT_TRUE(range.ok()) << range.error().ToString();
  EXPECT_EQ(Ids(*range), (std::vector<std::string>{commits_[2], commits_[3]}));
  auto history = git_->PathHistory("HEAD", "a.yaml", 2);
  ASSERT_TRUE(history.ok()) << history.error().ToString();
  EXPECT_EQ(Ids(*history), (std::vector<std::string>{commits_[3], commits_[2]}));
}

TEST_F(ShallowCloneTest, HistoryPastTheBoundarySaysHowToFetch) {
  Clone(1);
  EXPECT_EQ(ErrorOf(git_->FirstParentRange("", "HEAD")),
            std::string("the first-parent history of 'HEAD' leaves the clone: ") + kShallowAdvice);
  EXPECT_EQ(ErrorOf(git_->PathHistory("HEAD", "a.yaml", 10)),
            "cannot read the parent of commit " + commits_[3] + ": " + kShallowAdvice);
  EXPECT_EQ(
      ErrorOf(git_->MergeBase("origin/main", "origin/feature")),
      std::string("no merge base between 'origin/main' and 'origin/feature': ") + kShallowAdvice);
}

TEST(GitRepositoryTest, MergeBaseOfTwoBranches) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  std::string fork = repo.Commit("fork point");
  repo.Git("checkout -q -b feature");
  repo.Write("b.yaml", "b: 1\n");
  repo.Commit("feature work");
  repo.Git("checkout -q main");
  repo.Write("a.yaml", "a: 2\n");
  repo.Commit("main work");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  EXPECT_EQ(*git->MergeBase("main", "feature"), fork);
  EXPECT_EQ(*git->MergeBase("feature", "main"), fork);
  EXPECT_EQ(ErrorOf(git->MergeBase("main", "nope")), "unknown revision 'nope'");
}

TEST(GitRepositoryTest, FirstParentRangeSkipsSecondParentCommits) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  std::string base = repo.Commit("base");
  repo.Git("checkout -q -b feature");
  repo.Write("f.yaml", "f: 1\n");
  repo.Commit("feature one");
  repo.Write("f.yaml", "f: 2\n");
  std::string feature_tip = repo.Commit("feature two");
  repo.Git("checkout -q main");
  repo.Write("a.yaml", "a: 2\n");
  std::string main_work = repo.Commit("main work");
  repo.Git("merge -q --no-ff -m merge-feature feature");
  std::string merge = repo.Head();
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto range = git->FirstParentRange(base, "HEAD");
  ASSERT_TRUE(range.ok()) << range.error().ToString();
  EXPECT_EQ(Ids(*range), (std::vector<std::string>{main_work, merge}));
  EXPECT_EQ(range->back().summary, "merge-feature");
  EXPECT_EQ(range->back().parents, (std::vector<std::string>{main_work, feature_tip}));
  EXPECT_EQ(Ids(*git->FirstParentRange("", "HEAD")),
            (std::vector<std::string>{base, main_work, merge}));
  EXPECT_TRUE(git->FirstParentRange("HEAD", "HEAD")->empty());
}

TEST(GitRepositoryTest, ListFilesKeepsFilteredRegularFilesSortedByPath) {
  TempRepo repo;
  repo.Write("z.yaml", "z: 1\n");
  repo.Write("apps/b.txt", "text\n");
  repo.Write("apps/a.yaml", "a: 1\n");
  repo.Write("bin/run.yaml", "#!/bin/sh\n");
  fs::permissions(repo.path() / "bin/run.yaml", fs::perms::owner_exec, fs::perm_options::add);
  repo.Commit("files");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto files = git->ListFiles("HEAD", EndsWith(".yaml"));
  ASSERT_TRUE(files.ok()) << files.error().ToString();
  EXPECT_EQ(Describe(*files), (std::vector<std::string>{
                                  "apps/a.yaml " + Id(repo, "HEAD:apps/a.yaml"),
                                  "bin/run.yaml " + Id(repo, "HEAD:bin/run.yaml"),
                                  "z.yaml " + Id(repo, "HEAD:z.yaml"),
                              }));
  EXPECT_EQ(git->ListFiles("HEAD", kAll)->size(), 4u);
}

TEST(GitRepositoryTest, GitlinksAreNeverListed) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  std::string first = repo.Commit("first");
  repo.Git("update-index --add --cacheinfo 160000," + first + ",vendor/sub");
  repo.Git("commit -q -m gitlink");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  std::vector<std::string> only_a = {"a.yaml " + Id(repo, "HEAD:a.yaml")};
  EXPECT_EQ(Describe(*git->ListFiles("HEAD", kAll)), only_a);
  EXPECT_EQ(Describe(*git->ListFiles(":index", kAll)), only_a);
  EXPECT_EQ(Describe(*git->ListFiles(":worktree", kAll)), only_a);
  EXPECT_TRUE(git->Diff("HEAD~1", "HEAD", kAll)->empty());
  EXPECT_TRUE(git->Diff("HEAD", ":worktree", kAll)->empty());
  EXPECT_FALSE(git->FileAt("HEAD", "vendor/sub")->has_value());
}

TEST(GitRepositoryTest, SymlinksAreNeverListedOrRead) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  fs::create_symlink("a.yaml", repo.path() / "link.yaml");
  repo.Commit("with a symlink");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  std::vector<std::string> only_a = {"a.yaml " + Id(repo, "HEAD:a.yaml")};
  EXPECT_EQ(Describe(*git->ListFiles("HEAD", kAll)), only_a);
  EXPECT_EQ(Describe(*git->ListFiles(":index", kAll)), only_a);
  EXPECT_EQ(Describe(*git->ListFiles(":worktree", kAll)), only_a);
  EXPECT_FALSE(git->FileAt("HEAD", "link.yaml")->has_value());
  auto read = git->Read(":worktree", FileEntry{"link.yaml", ""});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().ToString(),
            "link.yaml: not a regular file (symbolic links are not followed)");
}

TEST(GitRepositoryTest, WorktreeNeverFollowsDirectorySymlinksOutside) {
  TempDir outside;
  std::ofstream(outside.path() / "app.yaml") << "secret: 1\n";
  TempRepo repo;
  repo.Write("conf/app.yaml", "app: 1\n");
  repo.Write("keep.yaml", "keep: 1\n");
  repo.Commit("first");
  fs::remove_all(repo.path() / "conf");
  fs::create_directory_symlink(outside.path(), repo.path() / "conf");
  fs::create_directory_symlink(outside.path(), repo.path() / "ext");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto files = git->ListFiles(":worktree", kAll);
  ASSERT_TRUE(files.ok()) << files.error().ToString();
  EXPECT_EQ(Describe(*files),
            std::vector<std::string>{"keep.yaml " + HashObject(repo, "keep.yaml")});
  EXPECT_EQ(Describe(*git->Diff("HEAD", ":worktree", kAll)),
            std::vector<std::string>{"D conf/app.yaml"});
  EXPECT_EQ(ErrorOf(git->Read(":worktree", FileEntry{"conf/app.yaml", ""})),
            "conf/app.yaml: not a regular file (symbolic links are not followed)");
  EXPECT_FALSE(git->FileAt(":worktree", "ext/app.yaml")->has_value());
  EXPECT_EQ(ErrorOf(git->Read(":worktree", FileEntry{"../escape.yaml", ""})),
            "../escape.yaml: path is outside the working tree");
}

/// A repository with a staged edit, a further unstaged edit, an untracked
/// file, an ignored file and an unstaged deletion.
class StagedAndEditedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.Write(".gitignore", "ignored.yaml\n");
    repo_.Write("a.yaml", "a: committed\n");
    repo_.Write("b.yaml", "b: 1\n");
    repo_.Commit("first");
    repo_.Write("a.yaml", "a: staged\n");
    repo_.Git("add a.yaml");
    repo_.Write("a.yaml", "a: edited\n");
    repo_.Write("new.yaml", "new: 1\n");
    repo_.Write("ignored.yaml", "ignored: 1\n");
    repo_.Remove("b.yaml");
    git_ = Open(repo_);
    ASSERT_TRUE(git_);
  }

  TempRepo repo_;
  std::unique_ptr<Repository> git_;
};

TEST_F(StagedAndEditedTest, IndexListsStagedContent) {
  auto files = git_->ListFiles(":index", EndsWith(".yaml"));
  ASSERT_TRUE(files.ok()) << files.error().ToString();
  EXPECT_EQ(Describe(*files), (std::vector<std::string>{"a.yaml " + Id(repo_, ":a.yaml"),
                                                        "b.yaml " + Id(repo_, ":b.yaml")}));
  EXPECT_EQ(*git_->Read(":index", files->front()), "a: staged\n");
}

TEST_F(StagedAndEditedTest, WorktreeListsFilesAsOnDisk) {
  auto files = git_->ListFiles(":worktree", EndsWith(".yaml"));
  ASSERT_TRUE(files.ok()) << files.error().ToString();
  EXPECT_EQ(Describe(*files),
            (std::vector<std::string>{"a.yaml " + HashObject(repo_, "a.yaml"),
                                      "new.yaml " + HashObject(repo_, "new.yaml")}));
  EXPECT_EQ(*git_->Read(":worktree", files->front()), "a: edited\n");
  EXPECT_EQ(ErrorOf(git_->Read(":worktree", FileEntry{"b.yaml", ""})),
            "b.yaml: no such file in the working tree");
}

TEST_F(StagedAndEditedTest, DiffHeadToIndex) {
  repo_.Write("staged.yaml", "staged: 1\n");
  repo_.Git("add staged.yaml");
  auto deltas = git_->Diff("HEAD", ":index", kAll);
  ASSERT_TRUE(deltas.ok()) << deltas.error().ToString();
  EXPECT_EQ(Describe(*deltas), (std::vector<std::string>{"M a.yaml", "A staged.yaml"}));
  EXPECT_EQ(deltas->front().old_id, Id(repo_, "HEAD:a.yaml"));
  EXPECT_EQ(deltas->front().new_id, Id(repo_, ":a.yaml"));
}

TEST_F(StagedAndEditedTest, IntentToAddIsNotStaged) {
  repo_.Git("add -N new.yaml");
  EXPECT_EQ(Describe(*git_->ListFiles(":index", EndsWith("new.yaml"))), std::vector<std::string>{});
  EXPECT_EQ(Describe(*git_->Diff("HEAD", ":index", kAll)), std::vector<std::string>{"M a.yaml"});
  EXPECT_EQ(Describe(*git_->ListFiles(":worktree", EndsWith("new.yaml"))),
            std::vector<std::string>{"new.yaml " + HashObject(repo_, "new.yaml")});
  EXPECT_EQ(Describe(*git_->Diff("HEAD", ":worktree", kAll)),
            (std::vector<std::string>{"M a.yaml", "D b.yaml", "A new.yaml"}));
  EXPECT_EQ(Describe(*git_->Diff(":index", ":worktree", kAll)),
            (std::vector<std::string>{"M a.yaml", "D b.yaml", "A new.yaml"}));
}

TEST_F(StagedAndEditedTest, DiffHeadToWorktree) {
  auto deltas = git_->Diff("HEAD", ":worktree", kAll);
  ASSERT_TRUE(deltas.ok()) << deltas.error().ToString();
  EXPECT_EQ(Describe(*deltas), (std::vector<std::string>{"M a.yaml", "D b.yaml", "A new.yaml"}));
  EXPECT_EQ((*deltas)[0].old_id, Id(repo_, "HEAD:a.yaml"));
  EXPECT_EQ((*deltas)[0].new_id, HashObject(repo_, "a.yaml"));
  EXPECT_EQ((*deltas)[1].old_id, Id(repo_, "HEAD:b.yaml"));
  EXPECT_EQ((*deltas)[1].new_id, "");
  EXPECT_EQ((*deltas)[2].new_id, HashObject(repo_, "new.yaml"));
}

TEST_F(StagedAndEditedTest, DiffIndexToWorktree) {
  auto deltas = git_->Diff(":index", ":worktree", EndsWith("a.yaml"));
  ASSERT_TRUE(deltas.ok()) << deltas.error().ToString();
  EXPECT_EQ(Describe(*deltas), std::vector<std::string>{"M a.yaml"});
  EXPECT_EQ(deltas->front().old_id, Id(repo_, ":a.yaml"));
  EXPECT_EQ(deltas->front().new_id, HashObject(repo_, "a.yaml"));
}

TEST_F(StagedAndEditedTest, WorktreeCannotBeTheOldSide) {
  EXPECT_EQ(ErrorOf(git_->Diff(":worktree", "HEAD", kAll)),
            "cannot diff from ':worktree' to 'HEAD': the old side must be a commit or an "
            "earlier pseudo-revision");
  EXPECT_TRUE(git_->Diff(":worktree", ":worktree", kAll)->empty());
}

TEST(GitRepositoryTest, DiffDetectsRenames) {
  TempRepo repo;
  repo.Write("old/config.yaml", Lines(20, "key"));
  repo.Write("keep.yaml", "keep: 1\n");
  repo.Write("gone.yaml", "gone: 1\n");
  repo.Commit("first");
  repo.Remove("old/config.yaml");
  repo.Write("new/config.yaml", Lines(20, "key") + "extra: 1\n");
  repo.Write("keep.yaml", "keep: 2\n");
  repo.Remove("gone.yaml");
  repo.Write("added.yaml", "added: 1\n");
  repo.Commit("second");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto deltas = git->Diff("HEAD~1", "HEAD", kAll);
  ASSERT_TRUE(deltas.ok()) << deltas.error().ToString();
  EXPECT_EQ(Describe(*deltas),
            (std::vector<std::string>{"A added.yaml", "D gone.yaml", "M keep.yaml",
                                      "R old/config.yaml -> new/config.yaml"}));
  const FileDelta& renamed = deltas->back();
  EXPECT_EQ(renamed.old_id, Id(repo, "HEAD~1:old/config.yaml"));
  EXPECT_EQ(renamed.new_id, Id(repo, "HEAD:new/config.yaml"));
  auto only_old =
      git->Diff("HEAD~1", "HEAD", [](std::string_view p) { return p.starts_with("old/"); });
  EXPECT_EQ(Describe(*only_old), std::vector<std::string>{"R old/config.yaml -> new/config.yaml"});
}

TEST(GitRepositoryTest, DiffDetectsRenameInWorktree) {
  TempRepo repo;
  repo.Write("a.yaml", Lines(20, "key"));
  repo.Commit("first");
  fs::rename(repo.path() / "a.yaml", repo.path() / "b.yaml");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto deltas = git->Diff("HEAD", ":worktree", kAll);
  ASSERT_TRUE(deltas.ok()) << deltas.error().ToString();
  EXPECT_EQ(Describe(*deltas), std::vector<std::string>{"R a.yaml -> b.yaml"});
  EXPECT_EQ(deltas->front().new_id, HashObject(repo, "b.yaml"));
}

TEST(GitRepositoryTest, ReadsBlobsAndRejectsBadIds) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  repo.Commit("first");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto entry = git->FileAt("HEAD", "a.yaml");
  ASSERT_TRUE(entry.ok() && entry->has_value());
  EXPECT_EQ((*entry)->path, "a.yaml");
  EXPECT_EQ((*entry)->id, Id(repo, "HEAD:a.yaml"));
  EXPECT_EQ(*git->Read("HEAD", **entry), "a: 1\n");
  EXPECT_EQ(ErrorOf(git->Read("HEAD", FileEntry{"x.yaml", "not-hex"})),
            "x.yaml: invalid object id 'not-hex'");
  EXPECT_FALSE(git->FileAt("HEAD", "missing.yaml")->has_value());
}

TEST(GitRepositoryTest, PathHistoryFollowsRenamesAlongFirstParents) {
  TempRepo repo;
  repo.Write("crds/old.yaml", Lines(20, "field"));
  std::string added = repo.Commit("add crd");
  repo.Write("other.yaml", "other: 1\n");
  repo.Commit("unrelated");
  repo.Write("crds/old.yaml", Lines(20, "field") + "more: 1\n");
  std::string edited = repo.Commit("edit crd");
  repo.Git("mv crds/old.yaml crds/new.yaml");
  std::string renamed = repo.Commit("rename crd");
  repo.Git("checkout -q -b side");
  repo.Write("crds/new.yaml", Lines(20, "field") + "more: 2\n");
  repo.Commit("side edit");
  repo.Git("checkout -q main");
  repo.Write("other.yaml", "other: 2\n");
  repo.Commit("unrelated again");
  repo.Git("merge -q --no-ff -m merge-side side");
  std::string merge = repo.Head();
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto history = git->PathHistory("HEAD", "crds/new.yaml", 10);
  ASSERT_TRUE(history.ok()) << history.error().ToString();
  EXPECT_EQ(Ids(*history), (std::vector<std::string>{merge, renamed, edited, added}));
  EXPECT_EQ(Ids(*git->PathHistory("HEAD", "crds/new.yaml", 2)),
            (std::vector<std::string>{merge, renamed}));
}

TEST(GitRepositoryTest, TagsArePeeledToCommitsAndSorted) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  std::string first = repo.Commit("first", 1600000000);
  repo.Write("a.yaml", "a: 2\n");
  std::string second = repo.Commit("second", 1600000100);
  repo.Git("tag v2.0.0 " + second);
  repo.Git("tag -a v1.0.0 -m release " + first);
  repo.Git("tag a-tree HEAD^{tree}");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto tags = git->Tags();
  ASSERT_TRUE(tags.ok()) << tags.error().ToString();
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0].name, "v1.0.0");
  EXPECT_EQ((*tags)[0].commit_id, first);
  EXPECT_EQ((*tags)[0].time, 1600000000);
  EXPECT_EQ((*tags)[1].name, "v2.0.0");
  EXPECT_EQ((*tags)[1].commit_id, second);
  EXPECT_EQ((*tags)[1].time, 1600000100);
}

TEST(GitRepositoryTest, IsAncestorIncludesTheCommitItself) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  std::string first = repo.Commit("first");
  repo.Write("a.yaml", "a: 2\n");
  std::string second = repo.Commit("second");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  EXPECT_TRUE(*git->IsAncestor(first, second));
  EXPECT_FALSE(*git->IsAncestor(second, first));
  EXPECT_TRUE(*git->IsAncestor(second, "HEAD"));
}

// IsAncestor reads the commit graph once and numbers its generations
// (git/commit_graph.h): on a history of release branches, merges both ways,
// an octopus merge and a second root, every pair is answered as git answers
// it.
TEST(GitRepositoryTest, IsAncestorAnswersAsGitOnBranchesAndMerges) {
  TempRepo repo;
  std::vector<std::string> commits;
  auto commit = [&](const std::string& file, const std::string& message) {
    repo.Write(file, message + "\n");
    commits.push_back(repo.Commit(message));
  };
  commit("a.yaml", "main 1");
  commit("a.yaml", "main 2");
  repo.Git("checkout -q -b release-1");
  commit("r.yaml", "release 1.0");
  commit("r.yaml", "release 1.1");
  repo.Git("checkout -q main");
  commit("a.yaml", "main 3");
  repo.Git("merge -q --no-ff -m merge-release release-1");
  commits.push_back(repo.Head());
  repo.Git("checkout -q -b feature-a main~1");
  commit("f.yaml", "feature a");
  repo.Git("checkout -q -b feature-b main~1");
  commit("g.yaml", "feature b");
  repo.Git("checkout -q main");
  commit("a.yaml", "main 4");
  repo.Git("merge -q --no-ff -m octopus feature-a feature-b");
  commits.push_back(repo.Head());
  repo.Git("checkout -q release-1");
  repo.Git("merge -q --no-ff -m back-merge main~2");
  commits.push_back(repo.Head());
  repo.Git("checkout -q --orphan other");
  repo.Git("rm -rqf .");
  commit("o.yaml", "another root");
  repo.Git("checkout -q main");
  repo.Git("merge -q --no-ff --allow-unrelated-histories -m join other");
  commits.push_back(repo.Head());
  auto git = Open(repo);
  ASSERT_TRUE(git);
  int ancestors = 0;
  for (const std::string& a : commits) {
    for (const std::string& d : commits) {
      bool expected = std::system(("git -C " + repo.root() + " merge-base --is-ancestor " + a +
                                   " " + d + " 2>/dev/null")
                                      .c_str()) == 0;
      auto got = git->IsAncestor(a, d);
      ASSERT_TRUE(got.ok());
      EXPECT_EQ(*got, expected) << a << " ancestor of " << d;
      ancestors += expected ? 1 : 0;
    }
  }
  // Neither all nor none: the pairs tell the graph apart.
  EXPECT_GT(ancestors, static_cast<int>(commits.size()));
  EXPECT_LT(ancestors, static_cast<int>(commits.size() * commits.size()) / 2 + 20);
}

TEST(GitRepositoryTest, DefaultBaseFindsMainThenMaster) {
  TempRepo repo;
  repo.Write("a.yaml", "a: 1\n");
  repo.Commit("first");
  repo.Git("checkout -q -b feature");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  EXPECT_EQ(git->DefaultBase(), std::optional<std::string>("main"));
  repo.Git("branch -m main master");
  EXPECT_EQ(git->DefaultBase(), std::optional<std::string>("master"));
  repo.Git("branch -m master trunk");
  EXPECT_EQ(git->DefaultBase(), std::nullopt);
}

TEST(GitRepositoryTest, DefaultBaseIsOriginHeadNeverTheUpstream) {
  TempRepo source;
  source.Write("a.yaml", "a: 1\n");
  source.Commit("first");
  source.Git("branch release");
  TempDir clones;
  fs::path clone = clones.path() / "clone";
  GitIn(clones.path(), "clone -q file://" + source.root() + " clone");
  GitIn(clone, "checkout -q -b mine --track origin/release");
  auto git = Open(clone.string());
  ASSERT_TRUE(git);
  EXPECT_EQ(git->DefaultBase(), std::optional<std::string>("origin/HEAD"));
  GitIn(clone, "remote set-head origin -d");
  EXPECT_EQ(git->DefaultBase(), std::optional<std::string>("origin/main"));
}

/// What `git diff --raw --no-renames FROM TO` says of regular files, in
/// Describe's words; a mode change of a regular file is "M".
std::vector<std::string> GitSays(TempRepo& repo, const std::string& from, const std::string& to) {
  std::vector<std::string> out;
  std::string raw =
      repo.Git("-c core.quotepath=off diff --raw --no-renames --no-abbrev " + from + " " + to);
  auto regular = [](const std::string& mode) { return mode == "100644" || mode == "100755"; };
  size_t start = 0;
  while (start < raw.size()) {
    size_t end = raw.find('\n', start);
    if (end == std::string::npos) end = raw.size();
    std::string line = raw.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] != ':') continue;
    // ":old_mode new_mode old_id new_id S\tpath"
    std::string old_mode = line.substr(1, 6), new_mode = line.substr(8, 6);
    std::string path = line.substr(line.find('\t') + 1);
    bool was = regular(old_mode), is = regular(new_mode);
    if (was && is) out.push_back("M " + path);
    if (was && !is) out.push_back("D " + path);
    if (!was && is) out.push_back("A " + path);
  }
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return a.substr(2) < b.substr(2); });
  return out;
}

// Diff of two commits walks only changed subtrees (git/diff.cc TreeDiff);
// it must say what git says, at every depth, for every kind of entry.
TEST(GitRepositoryTest, CommitDiffMatchesGitAtEveryDepth) {
  TempRepo repo;
  repo.Write("top.yaml", "a: 1\n");
  for (int i = 0; i < 6; ++i) {
    repo.Write("clusters/c" + std::to_string(i) + "/apps/app.yaml", "v: 0\n");
    repo.Write("clusters/c" + std::to_string(i) + "/deep/er/still/x.yaml", "v: 0\n");
    repo.Write("clusters/c" + std::to_string(i) + "-suffix.yaml", "v: 0\n");
  }
  std::vector<std::string> commits = {repo.Commit("base")};
  // Edits only, adds only, deletes only (no rename pairing), mode and type
  // changes, and names that sort around a folder of the same stem.
  repo.Write("clusters/c1/apps/app.yaml", "v: 1\n");
  repo.Write("clusters/c4/deep/er/still/x.yaml", "v: 1\n");
  commits.push_back(repo.Commit("edits"));
  repo.Write("clusters/c2/apps/new.yaml", "new: 1\n");
  repo.Write("clusters/c2/apps-x.yaml", "new: 2\n");
  repo.Write("clusters/c9/brand/new.yaml", "new: 3\n");
  commits.push_back(repo.Commit("adds"));
  repo.Remove("clusters/c3/deep/er/still/x.yaml");
  repo.Remove("top.yaml");
  commits.push_back(repo.Commit("deletes"));
  repo.Git("update-index --chmod=+x clusters/c0/apps/app.yaml");
  repo.Git("commit -q -m chmod");
  commits.push_back(Id(repo, "HEAD"));
  fs::create_symlink("app.yaml", repo.path() / "clusters/c5/apps/link.yaml");
  repo.Write("clusters/c5/apps/app.yaml", "v: 5\n");
  commits.push_back(repo.Commit("symlink and an edit"));
  auto git = Open(repo);
  ASSERT_TRUE(git);
  size_t compared = 0;
  for (size_t i = 0; i + 1 < commits.size(); ++i) {
    for (size_t j = i + 1; j < commits.size(); ++j) {
      auto deltas = git->Diff(commits[i], commits[j], kAll);
      ASSERT_TRUE(deltas.ok()) << deltas.error().ToString();
      std::vector<std::string> ours = Describe(*deltas);
      bool pairs = std::any_of(ours.begin(), ours.end(), [](auto& d) { return d[0] == 'A'; }) &&
                   std::any_of(ours.begin(), ours.end(), [](auto& d) { return d[0] == 'D'; });
      if (pairs) continue;  // libgit2's rename detection has its say there
      EXPECT_EQ(ours, GitSays(repo, commits[i], commits[j])) << i << ".." << j;
      ++compared;
    }
  }
  EXPECT_GE(compared, 8u);
  EXPECT_EQ(Describe(*git->Diff(commits[0], commits[1], kAll)),
            (std::vector<std::string>{"M clusters/c1/apps/app.yaml",
                                      "M clusters/c4/deep/er/still/x.yaml"}));
  EXPECT_EQ(
      Describe(*git->Diff(commits[1], commits[2], EndsWith("new.yaml"))),
      (std::vector<std::string>{"A clusters/c2/apps/new.yaml", "A clusters/c9/brand/new.yaml"}));
  EXPECT_EQ(Describe(*git->Diff(commits[3], commits[4], kAll)),
            std::vector<std::string>{"M clusters/c0/apps/app.yaml"});
}

// A file that becomes a folder of the same name: one delete, one add; the
// pair goes through libgit2 (which may pair renames) and still says so.
TEST(GitRepositoryTest, CommitDiffOfAFileTurnedFolder) {
  TempRepo repo;
  repo.Write("keep.yaml", "k: 1\n");
  repo.Write("app", "plain: file\n");
  std::string first = repo.Commit("file");
  repo.Remove("app");
  repo.Write("app/deployment.yaml", "kind: Deployment\nmetadata:\n  name: x\nspec: {}\n");
  std::string second = repo.Commit("folder");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  EXPECT_EQ(Describe(*git->Diff(first, second, kAll)),
            (std::vector<std::string>{"D app", "A app/deployment.yaml"}));
}

// ReadAll reads blobs on several threads once there are many: the same
// bytes, in order, as Read one by one; a bad id fails only its own slot.
TEST(GitRepositoryTest, ReadAllMatchesReadInOrder) {
  TempRepo repo;
  for (int i = 0; i < 150; ++i) {
    repo.Write("d" + std::to_string(i % 7) + "/f" + std::to_string(i) + ".yaml",
               "n: " + std::to_string(i) + "\n" + std::string(static_cast<size_t>(i), 'x'));
  }
  repo.Commit("many");
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto files = git->ListFiles("HEAD", kAll);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 150u);
  files->push_back(FileEntry{"missing.yaml", std::string(40, '1')});
  auto all = git->ReadAll("HEAD", *files);
  ASSERT_EQ(all.size(), files->size());
  for (size_t i = 0; i + 1 < files->size(); ++i) {
    auto one = git->Read("HEAD", (*files)[i]);
    ASSERT_TRUE(one.ok() && all[i].ok()) << (*files)[i].path;
    EXPECT_EQ(*all[i], *one) << (*files)[i].path;
  }
  EXPECT_FALSE(all.back().ok());
}

// DiffCommits (which the engine runs on another thread, with its own
// handle) says what Diff says for each step, from the empty tree on.
TEST(GitRepositoryTest, DiffCommitsMatchesDiffStepByStep) {
  TempRepo repo;
  std::vector<std::string> revs = {""};
  repo.Write("a/one.yaml", "v: 1\n");
  revs.push_back(repo.Commit("one"));
  repo.Write("a/one.yaml", "v: 2\n");
  repo.Write("b/two.yaml", "v: 1\n");
  revs.push_back(repo.Commit("two"));
  repo.Remove("a/one.yaml");
  repo.Write("b/three.yaml", "v: 3\n");
  revs.push_back(repo.Commit("three"));
  auto git = Open(repo);
  ASSERT_TRUE(git);
  auto chain = git->DiffCommits(revs, kAll);
  ASSERT_EQ(chain.size(), 3u);
  for (size_t i = 1; i < revs.size(); ++i) {
    auto one = git->Diff(revs[i - 1], revs[i], kAll);
    ASSERT_TRUE(one.ok() && chain[i - 1].ok()) << i;
    EXPECT_EQ(Describe(*chain[i - 1]), Describe(*one)) << i;
  }
  EXPECT_EQ(Describe(*chain[0]), std::vector<std::string>{"A a/one.yaml"});
  auto pseudo = git->DiffCommits({revs[1], ":worktree"}, kAll);
  ASSERT_EQ(pseudo.size(), 1u);
  EXPECT_EQ(ErrorOf(pseudo[0]), "revision ':worktree' is not a commit");
}

}  // namespace
}  // namespace skewlint
