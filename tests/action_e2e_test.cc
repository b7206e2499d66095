// The GitHub Action's install and comment steps, run as the runner runs
// them (the `run:` scripts of action.yml), against tests/fake_github.py on
// 127.0.0.1 standing in for the release host and the REST API.

#include <gtest/gtest.h>
#include <re2/re2.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "tests/integration_util.h"

namespace skewlint {
namespace {

using testing::CleanEnv;
using testing::ParseJson;
using testing::ReadFile;
using testing::RunCommand;
using testing::ShellQuote;
using testing::TempDir;
using testing::TempRepo;
using testing::WriteFile;

std::string SourceFile(const std::string& relative) {
  return std::string(SKEWLINT_SOURCE_DIR) + "/" + relative;
}

struct Request {
  std::string method, path, authorization, body;
};

class FakeGitHub : public ::testing::Test {
 protected:
  void SetUp() override {
    if (RunCommand("command -v python3 && command -v curl") != 0) {
      GTEST_SKIP() << "python3 and curl are needed to stand in for GitHub";
    }
    ParsedYaml parsed = ParseYaml(ReadFile(SourceFile("action.yml")));
    ASSERT_EQ(parsed.documents.size(), 1u);
    for (const auto& step : parsed.documents.front().root->Path("runs.steps")->items) {
      std::string id(step->ScalarAt("id"));
      WriteFile(Scratch(id + ".sh"), std::string(step->ScalarAt("run")));
    }
    std::string seed = "[";
    for (int i = 0; i < 120; ++i) seed += (i ? ", " : "") + std::string("\"looks good\"");
    WriteFile(Scratch("seed.json"), seed + "]");
    std::filesystem::create_directories(Scratch("www"));
    std::string out;
    ASSERT_EQ(RunCommand("python3 " + ShellQuote(SourceFile("tests/fake_github.py")) + " --root " +
                             ShellQuote(Scratch("www")) + " --log " + ShellQuote(Scratch("log")) +
                             " --port-file " + ShellQuote(Scratch("port")) + " --seed " +
                             ShellQuote(Scratch("seed.json")) + " >/dev/null 2>&1 & echo $!",
                         &out),
              0);
    server_pid_ = std::stoi(out);
    for (int i = 0; i < 200 && !std::filesystem::exists(Scratch("port")); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(std::filesystem::exists(Scratch("port"))) << "the fake GitHub did not start";
    url_ = "http://127.0.0.1:" + ReadFile(Scratch("port"));
    WriteFile(Scratch("output"), "");
  }

  void TearDown() override {
    if (server_pid_ > 0) kill(server_pid_, SIGTERM);
  }

  std::string Scratch(const std::string& name) { return (scratch_.path() / name).string(); }

  testing::RunResult RunStep(const std::string& id, const std::string& dir,
                             const std::string& env) {
    testing::RunResult r;
    r.exit_code =
        RunCommand("cd " + ShellQuote(dir) + " && " + CleanEnv() +
                       " GITHUB_ACTION_PATH=" + ShellQuote(SKEWLINT_SOURCE_DIR) +
                       " GITHUB_OUTPUT=" + ShellQuote(Scratch("output")) +
                       " RUNNER_TEMP=" + ShellQuote(scratch_.path().string()) + " " + env +
                       " bash --noprofile --norc -eo pipefail " + ShellQuote(Scratch(id + ".sh")),
                   &r.out);
    return r;
  }

  // The requests the server saw since the last call.
  std::vector<Request> Requests() {
    std::vector<Request> out;
    std::istringstream lines(ReadFile(Scratch("log")));
    for (std::string line; std::getline(lines, line);) {
      YamlNodePtr entry = ParseJson(line);
      const YamlNode* body = entry->Path("body.body");
      out.push_back({std::string(entry->ScalarAt("method")), std::string(entry->ScalarAt("path")),
                     std::string(entry->ScalarAt("authorization")),
                     body ? body->scalar : std::string()});
    }
    std::filesystem::remove(Scratch("log"));
    return out;
  }

  TempDir scratch_;
  int server_pid_ = -1;
  std::string url_;
};

// The release host: the archive of this version, as ci/release lays it out.
class ReleaseHost : public FakeGitHub {
 protected:
  void SetUp() override {
    FakeGitHub::SetUp();
    if (IsSkipped()) return;
    name_ = "skewlint-" + std::string(SKEWLINT_VERSION) + "-linux-amd64";
    release_ = Scratch("www/v" + std::string(SKEWLINT_VERSION));
    std::filesystem::create_directories(Scratch("pack/" + name_ + "/bin"));
    std::filesystem::copy_file(SKEWLINT_BINARY, Scratch("pack/" + name_ + "/bin/skewlint"));
    std::filesystem::create_directories(release_);
    std::string out;
    ASSERT_EQ(RunCommand("tar -czf " + ShellQuote(release_ + "/" + name_ + ".tar.gz") + " -C " +
                             ShellQuote(Scratch("pack")) + " " + name_ + " && cd " +
                             ShellQuote(release_) + " && sha256sum " + name_ + ".tar.gz > " +
                             name_ + ".tar.gz.sha256",
                         &out),
              0)
        << out;
  }

  testing::RunResult Install() {
    return RunStep("install", scratch_.path().string(),
                   "SKEWLINT_RELEASE_URL=" + url_ + " SKEWLINT_INSTALL_DIR=" + Scratch("tool"));
  }

  std::string name_, release_;
};

TEST_F(ReleaseHost, InstallsThePublishedArchiveOfItsOwnVersion) {
  auto r = Install();
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(ReadFile(Scratch("output")),
            "installed=true\nbin=" + Scratch("tool/bin/skewlint") + "\n");
  std::string out;
  ASSERT_EQ(RunCommand(Scratch("tool/bin/skewlint") + " --version", &out), 0);
  EXPECT_EQ(out.rfind("skewlint " + std::string(SKEWLINT_VERSION) + " (commit ", 0), 0u) << out;
  std::string prefix = "/v" + std::string(SKEWLINT_VERSION) + "/" + name_;
  auto requests = Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method + " " + requests[0].path, "GET " + prefix + ".tar.gz.sha256");
  EXPECT_EQ(requests[1].method + " " + requests[1].path, "GET " + prefix + ".tar.gz");
}

TEST_F(ReleaseHost, RefusesAnArchiveThatDoesNotMatchItsChecksum) {
  WriteFile(release_ + "/" + name_ + ".tar.gz.sha256",
            std::string(64, '0') + "  " + name_ + ".tar.gz\n");
  auto r = Install();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("::error title=skewlint install::" + name_ +
                       ".tar.gz does not match its published SHA-256 (expected " +
                       std::string(64, '0') + ", got "),
            std::string::npos)
      << r.out;
  EXPECT_EQ(ReadFile(Scratch("output")), "");
  EXPECT_FALSE(std::filesystem::exists(Scratch("tool/bin/skewlint")));
}

TEST_F(ReleaseHost, BuildsWhenNoArchiveIsPublished) {
  std::filesystem::remove_all(release_);
  auto r = Install();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("skewlint: no release archive published for skewlint " +
                       std::string(SKEWLINT_VERSION) + " (" + url_ + "/v"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(ReadFile(Scratch("output")), "installed=false\n");
}

TEST(ActionSteps, BuildOnlyWhenNothingIsInstalled) {
  ParsedYaml parsed = ParseYaml(ReadFile(SourceFile("action.yml")));
  ASSERT_EQ(parsed.documents.size(), 1u);
  std::map<std::string, std::string> conditions;
  for (const auto& step : parsed.documents.front().root->Path("runs.steps")->items) {
    conditions[std::string(step->ScalarAt("id"))] = step->ScalarAt("if");
  }
  EXPECT_EQ(conditions["install"], "steps.find.outputs.found != 'true'");
  for (const char* id : {"cache", "build"}) {
    EXPECT_EQ(conditions[id],
              "steps.find.outputs.found != 'true' && steps.install.outputs.installed != 'true'")
        << id;
  }
  EXPECT_EQ(conditions["comment"], "always() && inputs.comment == 'true'");
}

// A pull request (#7 of acme/gitops, already holding 120 other comments)
// that moves spire-server 1.9.6 -> 1.10.0 -> 1.11.0: a minor-jump.
class PullRequestComment : public FakeGitHub {
 protected:
  void SetUp() override {
    FakeGitHub::SetUp();
    if (IsSkipped()) return;
    repo_.Write(".skewlint.yaml", testing::SpireConfig());
    repo_.Write(testing::kProdServer, testing::SpireServer("1.9.6"));
    repo_.Commit("spire 1.9.6");
    repo_.Git("checkout -q -b upgrade");
    repo_.Write(testing::kProdServer, testing::SpireServer("1.10.0"));
    repo_.Commit("spire 1.10");
    repo_.Write(testing::kProdServer, testing::SpireServer("1.11.0"));
    repo_.Commit("spire 1.11");
    WriteFile(Scratch("event.json"), R"({"pull_request": {"number": 7}})");
  }

  // The check step then the comment step, as one push of the PR runs them.
  std::vector<Request> Push(int expected_check_status) {
    WriteFile(Scratch("output"), "");
    auto check = RunStep("check", repo_.root(),
                         "SKEWLINT=" + ShellQuote(SKEWLINT_BINARY) +
                             " INPUT_BASE=main INPUT_HEAD= INPUT_CONFIG= INPUT_FAIL_ON=error"
                             " INPUT_SARIF_FILE=skewlint.sarif INPUT_ARGS= INPUT_COMMENT=true");
    EXPECT_EQ(check.exit_code, expected_check_status) << check.out;
    std::string markdown;
    EXPECT_TRUE(
        RE2::PartialMatch(ReadFile(Scratch("output")), R"(markdown-file=([^\n]+)\n)", &markdown))
        << ReadFile(Scratch("output"));
    markdown_ = ReadFile(markdown);
    auto comment = RunStep("comment", repo_.root(),
                           "SKEWLINT_MARKDOWN=" + ShellQuote(markdown) +
                               " GITHUB_TOKEN=secret-token GITHUB_API_URL=" + url_ +
                               " GITHUB_REPOSITORY=acme/gitops GITHUB_EVENT_PATH=" +
                               ShellQuote(Scratch("event.json")));
    EXPECT_EQ(comment.exit_code, 0) << comment.out;
    return Requests();
  }

  std::string Methods(const std::vector<Request>& requests) {
    std::string out;
    for (const auto& r : requests) out += r.method + " " + r.path + "\n";
    return out;
  }

  TempRepo repo_;
  std::string markdown_;
};

TEST_F(PullRequestComment, CreatesOneCommentThenEditsItInPlace) {
  std::string list = "GET /repos/acme/gitops/issues/7/comments?per_page=100&page=";
  auto first = Push(1);
  EXPECT_EQ(Methods(first), list + "1\n" + list + "2\nPOST /repos/acme/gitops/issues/7/comments\n");
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[2].body, "<!-- skewlint -->\n" + markdown_);
  EXPECT_NE(markdown_.find("minor-jump"), std::string::npos) << markdown_;
  for (const auto& r : first) EXPECT_EQ(r.authorization, "Bearer secret-token");

  // A later push: the comment (the 121st, on page 2) is edited, not repeated.
  repo_.Write(testing::kProdServer, testing::SpireServer("1.12.0"));
  repo_.Commit("spire 1.12");
  auto second = Push(1);
  EXPECT_EQ(Methods(second),
            list + "1\n" + list + "2\nPATCH /repos/acme/gitops/issues/comments/1121\n");
  ASSERT_EQ(second.size(), 3u);
  EXPECT_EQ(second[2].body, "<!-- skewlint -->\n" + markdown_);
  EXPECT_NE(markdown_.find("1.12.0"), std::string::npos) << markdown_;

  // The pull request is fixed: the same comment now says so.
  repo_.Write(testing::kProdServer, testing::SpireServer("1.10.0"));
  repo_.Commit("one minor at a time");
  auto clean = Push(0);
  EXPECT_EQ(Methods(clean),
            list + "1\n" + list + "2\nPATCH /repos/acme/gitops/issues/comments/1121\n");
  ASSERT_EQ(clean.size(), 3u);
  EXPECT_EQ(clean[2].body, "<!-- skewlint -->\n" + markdown_);
  EXPECT_NE(markdown_.find("No findings."), std::string::npos) << markdown_;
}

TEST_F(PullRequestComment, OutsideAPullRequestNothingIsPosted) {
  WriteFile(Scratch("event.json"), R"({"ref": "refs/heads/main"})");
  auto requests = Push(1);
  EXPECT_EQ(Methods(requests), "");
}

TEST_F(PullRequestComment, ARefusedTokenFailsTheStepWithAnAnnotation) {
  WriteFile(Scratch("output"), "");
  WriteFile(Scratch("summary.md"), "## skewlint\n");
  auto r = RunStep("comment", repo_.root(),
                   "SKEWLINT_MARKDOWN=" + ShellQuote(Scratch("summary.md")) +
                       " GITHUB_TOKEN=secret-token GITHUB_API_URL=" + url_ +
                       "/nowhere GITHUB_REPOSITORY=acme/gitops GITHUB_EVENT_PATH=" +
                       ShellQuote(Scratch("event.json")));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out.rfind("::error title=skewlint comment::GET " + url_ +
                            "/nowhere/repos/acme/gitops/issues/7/comments?per_page=100&page=1: "
                            "HTTP 404 ",
                        0),
            0u)
      << r.out;
}

TEST_F(PullRequestComment, AReadOnlyTokenWarnsAndLeavesTheStepGreen) {
  WriteFile(Scratch("summary.md"), "## skewlint\n");
  auto r = RunStep(
      "comment", repo_.root(),
      "SKEWLINT_MARKDOWN=" + ShellQuote(Scratch("summary.md")) +
          " GITHUB_TOKEN=read-only GITHUB_API_URL=" + url_ +
          " GITHUB_REPOSITORY=acme/gitops GITHUB_EVENT_PATH=" + ShellQuote(Scratch("event.json")));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("::warning title=skewlint comment::GET " + url_ +
                            "/repos/acme/gitops/issues/7/comments?per_page=100&page=1: HTTP 403: "
                            "the token may not write pull-request comments",
                        0),
            0u)
      << r.out;
}

}  // namespace
}  // namespace skewlint
