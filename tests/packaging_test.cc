// Install, man page, release archive and .deb, end to end: what a user gets
// from `cmake --install`, `ci/release` and the package.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <CLI/CLI.hpp>

#include "linter/cli/man_page.h"
#include "rules/registry.h"
#include "tests/integration_util.h"

namespace skewlint {
namespace {

using testing::ReadFile;
using testing::RunCommand;
using testing::ShellQuote;
using testing::TempDir;
using testing::TempRepo;

std::string BuildDir() { return testing::BinaryDir(); }

std::string Version() { return SKEWLINT_VERSION; }

// `skewlint X.Y.Z (commit <12 hex>|unknown)`: the commit must be one of the
// source repository's, when the source is a checkout.
void ExpectVersionLine(const std::string& line) {
  std::string version, commit;
  ASSERT_TRUE(RE2::FullMatch(
      line, R"(skewlint (\d+\.\d+\.\d+) \(commit ([0-9a-f]{12}|unknown)\)\n)", &version, &commit))
      << line;
  EXPECT_EQ(version, Version());
  std::string source = ShellQuote(SKEWLINT_SOURCE_DIR);
  if (RunCommand("git -C " + source + " rev-parse --git-dir") == 0) {
    EXPECT_EQ(RunCommand("git -C " + source + " cat-file -e " + commit + "^{commit}"), 0) << line;
  }
}

TEST(Version, NamesTheVersionAndTheCommitBuiltFrom) {
  std::string out;
  ASSERT_EQ(RunCommand(std::string(SKEWLINT_BINARY) + " --version", &out), 0) << out;
  ExpectVersionLine(out);
}

TEST(Install, PutsTheBinaryAndTheManPageUnderThePrefix) {
  TempDir prefix;
  std::string out;
  ASSERT_EQ(RunCommand("cmake --install " + ShellQuote(BuildDir()) + " --prefix " +
                           ShellQuote(prefix.path().string()),
                       &out),
            0)
      << out;
  auto bin = prefix.path() / "bin/skewlint";
  auto man = prefix.path() / "share/man/man1/skewlint.1";
  ASSERT_TRUE(std::filesystem::exists(bin)) << out;
  ASSERT_TRUE(std::filesystem::exists(man)) << out;
  ASSERT_EQ(RunCommand(ShellQuote(bin.string()) + " --version", &out), 0);
  ExpectVersionLine(out);
  // The installed page is what the binary itself prints: it cannot drift.
  ASSERT_EQ(RunCommand(ShellQuote(bin.string()) + " man", &out), 0);
  EXPECT_EQ(ReadFile(man), out);
}

class ManPageFile : public ::testing::Test {
 protected:
  void SetUp() override { page_ = ReadFile(BuildDir() + "/skewlint.1"); }
  std::string page_;
};

TEST_F(ManPageFile, HasEveryCommandOptionAndRule) {
  EXPECT_EQ(
      page_.rfind(".TH SKEWLINT 1 \"\" \"skewlint " + Version() + "\" \"User Commands\"\n", 0), 0u);
  for (const char* command : {"check", "state", "plan", "rules", "explain", "init"}) {
    EXPECT_NE(page_.find(std::string(".SS ") + command + "\n"), std::string::npos) << command;
  }
  EXPECT_EQ(page_.find(".SS man\n"), std::string::npos) << "the hidden command is not documented";
  for (const char* option : {"\\-\\-fail\\-on", "\\-\\-per\\-commit", "\\-\\-staged"}) {
    EXPECT_NE(page_.find(option), std::string::npos) << option;
  }
  for (const RuleSpec& rule : AllRules()) {
    std::string id;
    for (char c : rule.id) id += c == '-' ? std::string("\\-") : std::string(1, c);
    EXPECT_NE(page_.find(".SS " + id + " ("), std::string::npos) << rule.id;
  }
  EXPECT_NE(page_.find("Exit codes: 0 nothing at or above"), std::string::npos);
}

TEST_F(ManPageFile, RendersWithoutGroffWarnings) {
  if (RunCommand("command -v groff") != 0) GTEST_SKIP() << "groff is not installed";
  TempDir dir;
  testing::WriteFile(dir.path() / "skewlint.1", page_);
  std::string out;
  EXPECT_EQ(
      RunCommand("groff -man -Tutf8 -ww -z " + ShellQuote((dir.path() / "skewlint.1").string()),
                 &out),
      0);
  EXPECT_EQ(out, "");
}

TEST(MarkdownToRoff, RendersHeadingsListsTablesAndCode) {
  EXPECT_EQ(MarkdownToRoff("# upgrade-order\n"
                           "\n"
                           "Checks **order** of `first`\n"
                           "and then.\n"
                           "\n"
                           "## Keys\n"
                           "\n"
                           "| key | meaning |\n"
                           "|---|---|\n"
                           "| `first` | the components \\| that move first |\n"
                           "\n"
                           "- one\n"
                           "  more\n"
                           "\n"
                           "```yaml\n"
                           ".hidden: \\x\n"
                           "```\n"),
            ".PP\n"
            "Checks \\fBorder\\fR of \\fBfirst\\fR\n"
            "and then.\n"
            ".PP\n"
            "\\fBKeys\\fR\n"
            ".TP\n"
            "\\fBfirst\\fR\n"
            "the components | that move first\n"
            ".IP \\(bu 2\n"
            "one\n"
            "more\n"
            ".PP\n"
            ".RS 4\n"
            ".nf\n"
            "\\&.hidden: \\ex\n"
            ".fi\n"
            ".RE\n");
}

// The .deb from CPack: the binary, the man page, and a Depends line that
// names the package of every shared library the binary needs.
TEST(DebPackage, HoldsTheBinaryTheManPageAndItsDependencies) {
  if (RunCommand("command -v dpkg-deb && command -v dpkg-shlibdeps") != 0) {
    GTEST_SKIP() << "dpkg-deb or dpkg-shlibdeps (dpkg-dev) is missing";
  }
  TempDir out;
  std::string log;
  ASSERT_EQ(RunCommand("cpack -G DEB --config " + ShellQuote(BuildDir() + "/CPackConfig.cmake") +
                           " -B " + ShellQuote(out.path().string()),
                       &log),
            0)
      << log;
  std::string deb = (out.path() / ("skewlint_" + Version() + "_amd64.deb")).string();
  ASSERT_TRUE(std::filesystem::exists(deb)) << log;
  std::string contents;
  ASSERT_EQ(RunCommand("dpkg-deb -c " + ShellQuote(deb), &contents), 0) << contents;
  EXPECT_TRUE(RE2::PartialMatch(contents, R"(-rwxr-xr-x root/root .* \./usr/bin/skewlint\n)"))
      << contents;
  EXPECT_TRUE(RE2::PartialMatch(contents, R"( \./usr/share/man/man1/skewlint\.1\n)")) << contents;
  std::string info;
  ASSERT_EQ(RunCommand("dpkg-deb -I " + ShellQuote(deb), &info), 0) << info;
  EXPECT_NE(info.find(" Package: skewlint\n"), std::string::npos) << info;
  EXPECT_NE(info.find(" Version: " + Version() + "\n"), std::string::npos) << info;
  std::string depends;
  ASSERT_TRUE(RE2::PartialMatch(info, R"(\n Depends: ([^\n]*)\n)", &depends)) << info;
  std::string packages;
  // The packages of the libraries the binary links directly (its NEEDED
  // entries), as dpkg knows them.
  std::string bin = ShellQuote(SKEWLINT_BINARY);
  ASSERT_EQ(RunCommand("for soname in $(objdump -p " + bin +
                           " | awk '/NEEDED/ { print $2 }'); do ldd " + bin +
                           " | awk -v n=\"$soname\" '$1 == n { print $3 }'; done"
                           " | xargs -r realpath | while read -r p; do"
                           " dpkg -S \"$p\" 2>/dev/null || dpkg -S \"${p#/usr}\"; done"
                           " | cut -d: -f1 | sort -u",
                       &packages),
            0)
      << packages;
  for (const char* needed : {"libgit2", "libc6"}) {
    EXPECT_NE(packages.find(needed), std::string::npos) << packages;
  }
  std::istringstream lines(packages);
  for (std::string package; std::getline(lines, package);) {
    EXPECT_TRUE(RE2::PartialMatch(depends, "(^|, )" + RE2::QuoteMeta(package) + "( |,|$)"))
        << package << " is missing from Depends: " << depends;
  }
  EXPECT_NE(depends.find("libc6"), std::string::npos) << depends;
}

// The release archive of ci/release. Building it is a second, static build,
// so this runs only when asked: SKEWLINT_RELEASE_DIR names a folder that
// ci/release filled, or SKEWLINT_RELEASE_TEST=1 builds one here (ci/test
// does). Otherwise the test is skipped and says so.
class ReleaseArchive : public ::testing::Test {
 protected:
  // Builds the release once for the suite when asked to.
  static void SetUpTestSuite() {
    const char* given = std::getenv("SKEWLINT_RELEASE_DIR");
    const char* build = std::getenv("SKEWLINT_RELEASE_TEST");
    if (given && *given) {
      dir_ = given;
    } else if (build && std::string(build) == "1") {
      built_ = new TempDir;
      dir_ = (built_->path() / "dist").string();
      build_status_ = RunCommand(
          "SKEWLINT_RELEASE_BUILD_DIR=" + ShellQuote((built_->path() / "build").string()) + " " +
              ShellQuote(std::string(SKEWLINT_SOURCE_DIR) + "/ci/release") + " " + ShellQuote(dir_),
          &build_log_);
    }
  }
  static void TearDownTestSuite() {
    delete built_;
    built_ = nullptr;
  }

  void SetUp() override {
    if (dir_.empty()) {
      GTEST_SKIP() << "set SKEWLINT_RELEASE_TEST=1 (or SKEWLINT_RELEASE_DIR) to build and check "
                      "the release archive";
    }
    ASSERT_EQ(build_status_, 0) << build_log_;
    name_ = "skewlint-" + Version() + "-linux-amd64";
    std::string out;
    ASSERT_EQ(
        RunCommand("cd " + ShellQuote(dir_) + " && sha256sum -c " + name_ + ".tar.gz.sha256", &out),
        0)
        << out;
    ASSERT_EQ(RunCommand("tar -xzf " + ShellQuote(dir_ + "/" + name_ + ".tar.gz") + " -C " +
                             ShellQuote(scratch_.path().string()),
                         &out),
              0)
        << out;
    bin_ = (scratch_.path() / name_ / "bin/skewlint").string();
  }

  static inline std::string dir_;
  static inline std::string build_log_;
  static inline int build_status_ = 0;
  static inline TempDir* built_ = nullptr;
  TempDir scratch_;
  std::string name_, bin_;
};

TEST_F(ReleaseArchive, NeedsNothingButTheCRuntime) {
  std::string out;
  ASSERT_EQ(RunCommand("ldd " + ShellQuote(bin_), &out), 0) << out;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(RE2::PartialMatch(
        line,
        R"(^\s*(linux-vdso\.so|/lib64/ld-linux-x86-64\.so|(/.*/)?lib(c|m|pthread|dl|rt|stdc\+\+|gcc_s)\.so))"))
        << "the release binary needs " << line;
  }
  EXPECT_TRUE(std::filesystem::exists(scratch_.path() / name_ / "share/man/man1/skewlint.1"));
  ASSERT_EQ(RunCommand("readelf -S " + ShellQuote(bin_), &out), 0);
  EXPECT_EQ(out.find(".symtab"), std::string::npos) << "the release binary is not stripped";
  ASSERT_EQ(RunCommand("env -i " + ShellQuote(bin_) + " --version", &out), 0) << out;
  ExpectVersionLine(out);
  std::string info;
  ASSERT_EQ(RunCommand("dpkg-deb -I " + ShellQuote(dir_ + "/skewlint_" + Version() + "_amd64.deb"),
                       &info),
            0)
      << info;
  EXPECT_TRUE(RE2::PartialMatch(info, R"(\n Depends: libc6 \(>= [0-9.]+\)\n)")) << info;
}

TEST_F(ReleaseArchive, ChecksARepositoryInAnEmptyEnvironment) {
  TempRepo repo;
  repo.Write(".skewlint.yaml", testing::SpireConfig());
  repo.Write(testing::kProdServer, testing::SpireServer("1.9.6"));
  repo.Commit("spire 1.9.6");
  repo.Git("checkout -q -b upgrade");
  repo.Write(testing::kProdServer, testing::SpireServer("1.11.0"));
  repo.Commit("spire 1.11");
  std::string out;
  int status = RunCommand("(env -i " + ShellQuote(bin_) + " check -C " + ShellQuote(repo.root()) +
                              " --base main --format json 2>/dev/null)",
                          &out);
  EXPECT_EQ(status, 1) << out;
  EXPECT_EQ(testing::FindingsIn(out),
            std::vector<std::string>{"minor-jump clusters/prod/server.yaml:11:18"});
}

}  // namespace
}  // namespace skewlint
