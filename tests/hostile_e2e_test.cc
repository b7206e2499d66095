// End-to-end: hostile input through the built binary. Every case adds
// something hostile to a change that also moves the prod SPIRE agent past its
// server; the run must end (exit code <= 2) within bounded time and memory,
// print valid JSON (UTF-8 included), and still report the agent's version
// skew, so one bad file never hides the rest of the change.

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "linter/yaml_tree.h"
#include "tests/manifests.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

#if defined(__SANITIZE_THREAD__)
constexpr bool kThreadSanitized = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
constexpr bool kThreadSanitized = true;
#else
constexpr bool kThreadSanitized = false;
#endif
#else
constexpr bool kThreadSanitized = false;
#endif

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = kThreadSanitized;
#endif
#else
constexpr bool kSanitized = kThreadSanitized;
#endif

// ASan and TSan reserve terabytes of address space, so `ulimit -v` is only
// applied to normal builds; sanitizer builds are bounded by the peak RSS
// check.
constexpr int kSeconds = kSanitized ? 100 : 20;
constexpr long kVirtualKb = 2000000;
// TSan's shadow memory costs several times what the program uses.
constexpr long kMaxRssKb = kThreadSanitized ? 8000000 : kSanitized ? 3000000 : 1000000;

constexpr char kAgent[] = "clusters/prod/spire/agent.yaml";
constexpr char kSkew[] = "version-skew clusters/prod/spire/agent.yaml:15";

struct BoundedRun {
  int exit_code = -1;
  std::string out;  ///< stdout only
  std::string err;
  double seconds = 0;
  long peak_rss_kb = 0;  ///< largest of every child waited for so far
};

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFileAt(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

/// Runs skewlint in `dir` under `timeout` (and `ulimit -v` when not
/// sanitized).
BoundedRun RunBounded(const std::string& dir, const std::string& args) {
  TempDir scratch;
  std::string err_file = (scratch.path() / "stderr").string();
  std::string limit = kSanitized ? "" : "ulimit -v " + std::to_string(kVirtualKb) + "; ";
  std::string inner = limit + "exec " + ShellQuote(SKEWLINT_BINARY) + " " + args;
  std::string command = "cd " + ShellQuote(dir) + " && timeout -s KILL " +
                        std::to_string(kSeconds) + " bash -c " + ShellQuote(inner) + " 2>" +
                        ShellQuote(err_file);
  BoundedRun run;
  auto start = std::chrono::steady_clock::now();
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  char buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  int status = pclose(pipe);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  struct rusage usage {};
  getrusage(RUSAGE_CHILDREN, &usage);
  run.peak_rss_kb = usage.ru_maxrss;
  run.err = ReadAll(err_file);
  return run;
}

/// A strict RFC 8259 validator: structure, escapes, numbers, and UTF-8
/// (no overlong forms, surrogates or code points above U+10FFFF).
class JsonValidator {
 public:
  explicit JsonValidator(std::string_view text) : text_(text) {}

  /// "" when valid, else what is wrong and where.
  std::string Check() {
    Space();
    if (!Value(0)) return error_;
    Space();
    if (at_ != text_.size()) Fail("trailing text");
    return error_;
  }

 private:
  bool Fail(const std::string& what) {
    if (error_.empty()) error_ = what + " at byte " + std::to_string(at_);
    return false;
  }
  int Peek() const { return at_ < text_.size() ? static_cast<unsigned char>(text_[at_]) : -1; }
  void Space() {
    while (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r') ++at_;
  }
  bool Literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return Fail("bad literal");
    at_ += word.size();
    return true;
  }
  bool Value(int depth) {
    if (depth > 200) return Fail("too deep");
    switch (Peek()) {
      case '{':
        return Container(depth, '}', true);
      case '[':
        return Container(depth, ']', false);
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        return Number();
    }
  }
  bool Container(int depth, char close, bool object) {
    ++at_;
    Space();
    if (Peek() == close) return ++at_, true;
    for (;;) {
      Space();
      if (object) {
        if (Peek() != '"' || !String()) return Fail("expected a key");
        Space();
        if (Peek() != ':') return Fail("expected ':'");
        ++at_;
        Space();
      }
      if (!Value(depth + 1)) return false;
      Space();
      if (Peek() == ',') {
        ++at_;
        continue;
      }
      if (Peek() == close) return ++at_, true;
      return Fail("expected ',' or a closing bracket");
    }
  }
  bool Number() {
    size_t start = at_;
    if (Peek() == '-') ++at_;
    if (Peek() == '0') {
      ++at_;
    } else if (Peek() >= '1' && Peek() <= '9') {
      while (Peek() >= '0' && Peek() <= '9') ++at_;
    } else {
      return Fail("unexpected character");
    }
    if (Peek() == '.') {
      ++at_;
      if (!(Peek() >= '0' && Peek() <= '9')) return Fail("bad fraction");
      while (Peek() >= '0' && Peek() <= '9') ++at_;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++at_;
      if (Peek() == '+' || Peek() == '-') ++at_;
      if (!(Peek() >= '0' && Peek() <= '9')) return Fail("bad exponent");
      while (Peek() >= '0' && Peek() <= '9') ++at_;
    }
    return at_ > start;
  }
  bool String() {
    ++at_;
    for (;;) {
      int c = Peek();
      if (c < 0) return Fail("unterminated string");
      if (c == '"') return ++at_, true;
      if (c < 0x20) return Fail("raw control character in a string");
      if (c == '\\') {
        ++at_;
        int e = Peek();
        if (e == 'u') {
          for (int i = 1; i <= 4; ++i) {
            if (at_ + i >= text_.size() ||
                !std::isxdigit(static_cast<unsigned char>(text_[at_ + i]))) {
              return Fail("bad \\u escape");
            }
          }
          at_ += 5;
        } else if (e >= 0 && std::string_view("\"\\/bfnrt").find(static_cast<char>(e)) !=
                                 std::string_view::npos) {
          ++at_;
        } else {
          return Fail("bad escape");
        }
      } else if (c < 0x80) {
        ++at_;
      } else if (!Utf8()) {
        return Fail("invalid UTF-8");
      }
    }
  }
  bool Utf8() {
    auto byte = [&](size_t i) {
      return at_ + i < text_.size() ? static_cast<unsigned char>(text_[at_ + i]) : 0;
    };
    unsigned char lead = byte(0);
    size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (lead < 0xC2 || lead > 0xF4) return false;
    for (size_t i = 1; i < length; ++i) {
      if ((byte(i) & 0xC0) != 0x80) return false;
    }
    unsigned char second = byte(1);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
      return false;
    }
    at_ += length;
    return true;
  }

  std::string_view text_;
  size_t at_ = 0;
  std::string error_;
};

YamlNodePtr Json(const std::string& text) {
  ParsedYaml parsed = ParseYaml(text);
  EXPECT_TRUE(parsed.problems.empty()) << text.substr(0, 2000);
  return parsed.documents.empty() ? std::make_shared<YamlNode>() : parsed.documents[0].root;
}

/// "rule path:line" of every finding.
std::vector<std::string> Findings(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = Json(json);
  const YamlNode* findings = root->Get("findings");
  if (!findings) return out;
  for (const auto& f : findings->items) {
    out.push_back(std::string(f->ScalarAt("rule")) + " " + std::string(f->ScalarAt("path")) + ":" +
                  std::string(f->ScalarAt("line")));
  }
  return out;
}

/// "rule line:column: message" of the findings on `path`.
std::vector<std::string> FindingsOn(const std::string& json, const std::string& path) {
  std::vector<std::string> out;
  YamlNodePtr root = Json(json);
  const YamlNode* findings = root->Get("findings");
  if (!findings) return out;
  for (const auto& f : findings->items) {
    if (f->ScalarAt("path") != path) continue;
    out.push_back(std::string(f->ScalarAt("rule")) + " " + std::string(f->ScalarAt("line")) + ":" +
                  std::string(f->ScalarAt("column")) + ": " + std::string(f->ScalarAt("message")));
  }
  return out;
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

/// "component scope to path:line" of every change.
std::vector<std::string> Changes(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = Json(json);
  const YamlNode* changes = root->Get("changes");
  if (!changes) return out;
  for (const auto& c : changes->items) {
    out.push_back(std::string(c->ScalarAt("component")) + " " + std::string(c->ScalarAt("scope")) +
                  " " + std::string(c->ScalarAt("to")) + " " + std::string(c->ScalarAt("path")) +
                  ":" + std::string(c->ScalarAt("line")));
  }
  return out;
}

/// `levels` lists of ten aliases of the level below, over `leaf`.
std::string BillionLaughs(const std::string& leaf, int levels) {
  std::string text = "l0: &l0 " + leaf + "\n";
  for (int level = 1; level <= levels; ++level) {
    std::string previous = "*l" + std::to_string(level - 1);
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + previous;
    text += "]\n";
  }
  return text;
}

std::string WithCrlf(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

class HostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.Write(".skewlint.yaml", "version: 1\npresets: [spire, spiceai]\n");
    repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6", 2));
    repo.Write(kAgent, SpireAgent("1.9.6"));
    repo.Write("clusters/prod/spire/extra.yaml",
               "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n");
    repo.Commit("prod at 1.9.6");
    repo.Git("checkout -q -b feature");
    repo.Write(kAgent, SpireAgent("1.10.0"));  // the real violation: agent past server
  }

  /// Commits what was written and checks the branch against main.
  BoundedRun CheckCommitted(const std::string& extra_args = "") {
    repo.Commit("hostile change");
    return RunBounded(repo.root(), "check --format json --base main " + extra_args);
  }
  BoundedRun CheckWorktree() { return RunBounded(repo.root(), "check --format json --worktree"); }

  /// What every case must hold: bounded, valid JSON, the skew still reported.
  void ExpectBoundedAndStillReported(const BoundedRun& run) {
    EXPECT_LE(run.exit_code, 2) << run.err;
    EXPECT_EQ(run.exit_code, 1) << run.err << "\n" << run.out.substr(0, 4000);
    EXPECT_LT(run.seconds, kSeconds);
    EXPECT_LT(run.peak_rss_kb, kMaxRssKb);
    std::string invalid = JsonValidator(run.out).Check();
    EXPECT_EQ(invalid, "") << run.out.substr(0, 4000);
    if (invalid.empty()) {
      EXPECT_TRUE(Has(Findings(run.out), kSkew)) << run.out.substr(0, 4000);
    }
  }

  TempRepo repo;
};

TEST_F(HostileTest, Utf8BomIsReadAtTheRightLines) {
  repo.Write("clusters/staging/spire/server.yaml", "\xEF\xBB\xBF" + SpireServer("1.9.6"));
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  EXPECT_TRUE(Has(Changes(run.out),
                  "spire-server staging 1.9.6 "
                  "clusters/staging/spire/server.yaml:17"))
      << run.out;
}

TEST_F(HostileTest, CrlfLineEndingsAreReadAtTheRightLines) {
  repo.Write("clusters/staging/spire/server.yaml", WithCrlf(SpireServer("1.9.6")));
  repo.Write("clusters/staging/spire/agent.yaml", "\xEF\xBB\xBF" + WithCrlf(SpireAgent("1.9.6")));
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  std::vector<std::string> changes = Changes(run.out);
  EXPECT_TRUE(Has(changes,
                  "spire-server staging 1.9.6 "
                  "clusters/staging/spire/server.yaml:17"))
      << run.out;
  EXPECT_TRUE(Has(changes,
                  "spire-agent staging 1.9.6 "
                  "clusters/staging/spire/agent.yaml:15"))
      << run.out;
}

TEST_F(HostileTest, TabsInValuesAreReadAndTabIndentationIsAParseError) {
  std::string server = SpireServer("1.9.6");
  server.replace(server.find("image: "), 7, "image:\t");
  repo.Write("clusters/staging/spire/server.yaml", server + "# trailing\tcomment\t\n");
  repo.Write("clusters/staging/spire/tabbed.yaml", "metadata:\n\tname: tabbed\n");
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  EXPECT_TRUE(Has(Changes(run.out),
                  "spire-server staging 1.9.6 "
                  "clusters/staging/spire/server.yaml:17"))
      << run.out;
  std::vector<std::string> tabbed = FindingsOn(run.out, "clusters/staging/spire/tabbed.yaml");
  ASSERT_EQ(tabbed.size(), 1u) << run.out;
  EXPECT_EQ(tabbed[0].rfind("parse-error 2:", 0), 0u) << tabbed[0];
}

TEST_F(HostileTest, InvalidUtf8InValuesStillGivesValidJson) {
  repo.Write("clusters/staging/spiceai/set.yaml",
             "# \xFE\xFF comment\n" + SpicepodSetV2("1.0.0-\xC3\x28"));
  repo.Write("clusters/staging/spire/name.yaml",
             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"\xED\xA0\x80\xC0\xAF\"}\n");
  repo.Write("clusters/staging/spire/server.yaml",
             SpireServer("1.9.6-r\xE9"
                         "c",
                         2, "caf\xE9", "  annotations: {note: \"\xF4\x90\x80\x80\"}\n"));
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  EXPECT_TRUE(
      Has(Changes(run.out),
          "spiceai-runtime staging 1.0.0-\xEF\xBF\xBD( clusters/staging/spiceai/set.yaml:10"))
      << run.out;
  BoundedRun sarif = RunBounded(repo.root(), "check --format sarif --base main");
  EXPECT_EQ(sarif.exit_code, 1) << sarif.err;
  EXPECT_EQ(JsonValidator(sarif.out).Check(), "");
  BoundedRun state = RunBounded(repo.root(), "state --format json");
  EXPECT_EQ(state.exit_code, 0) << state.err;
  EXPECT_EQ(JsonValidator(state.out).Check(), "");
}

// A byte that is not UTF-8 in a file name is matched by the path globs as
// the U+FFFD it is printed as, so the manifest is still read (a change cannot
// hide an instance that way) and its name prints as valid JSON.
TEST_F(HostileTest, FileNamesThatAreNotUtf8AreReadAndPrintedAsValidJson) {
  repo.Write("clusters/prod/spire/caf\xE9-\xFF.yaml", SpireServer("1.8.0"));
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  EXPECT_NE(run.out.find("clusters/prod/spire/caf\\ufffd-\\ufffd.yaml"), std::string::npos)
      << run.out;
  const std::string printed = "clusters/prod/spire/caf\uFFFD-\uFFFD.yaml";
  EXPECT_TRUE(Has(Changes(run.out), "spire-server prod 1.8.0 " + printed + ":17")) << run.out;
  // A file of its own: an added server (never a downgrade of server.yaml's),
  // and the oldest server of the scope.
  EXPECT_NE(run.out.find("the oldest spire-server 1.8.0 in scope prod"), std::string::npos)
      << run.out;
}

// A NUL byte in the first 8 KiB makes a file binary: not a manifest, skipped
// without a finding.
TEST_F(HostileTest, NulBytesMakeAFileBinaryAndSkipIt) {
  using namespace std::string_literals;
  repo.Write("clusters/prod/spire/nul.yaml", "kind: ConfigMap\n\0\n"s + SpireServer("0.1.0"));
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  EXPECT_EQ(FindingsOn(run.out, "clusters/prod/spire/nul.yaml"), std::vector<std::string>{})
      << run.out;
  EXPECT_EQ(run.out.find("0.1.0"), std::string::npos);
}

TEST_F(HostileTest, BinaryFilesWithAYamlNameAreSkippedOrReported) {
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\rIHDR", 8);
  std::string noise;  // no NUL: control characters and bytes that are not UTF-8
  for (int i = 0; i < 4096; ++i) noise += static_cast<char>(1 + (i * 7919) % 255);
  repo.Write("clusters/prod/spire/logo.yaml", png);
  repo.Write("clusters/prod/spire/noise.yaml", noise);
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  EXPECT_EQ(FindingsOn(run.out, "clusters/prod/spire/logo.yaml"), std::vector<std::string>{})
      << run.out;
  std::vector<std::string> noisy = FindingsOn(run.out, "clusters/prod/spire/noise.yaml");
  ASSERT_FALSE(noisy.empty()) << run.out;
  EXPECT_EQ(noisy[0].rfind("parse-error ", 0), 0u) << noisy[0];
}

TEST_F(HostileTest, GitlinksAreNotRead) {
  // A submodule entry whose commit is not in this repository, named like a
  // manifest, plus a .gitmodules that points somewhere hostile.
  repo.Write(".gitmodules",
             "[submodule \"x\"]\n\tpath = clusters/prod/spire/vendored.yaml\n"
             "\turl = --upload-pack=touch /tmp/skewlint-pwned\n");
  repo.Git("add -A");
  repo.Git("update-index --add --cacheinfo 160000," + std::string(40, 'a') +
           ",clusters/prod/spire/vendored.yaml");
  repo.Git("commit -q -m gitlink");
  BoundedRun run = RunBounded(repo.root(), "check --format json --base main");
  ExpectBoundedAndStillReported(run);
  EXPECT_EQ(run.out.find("vendored"), std::string::npos) << run.out;
  BoundedRun state = RunBounded(repo.root(), "state --format json");
  EXPECT_EQ(state.exit_code, 0) << state.err;
  EXPECT_EQ(state.out.find("vendored"), std::string::npos) << state.out;
}

TEST_F(HostileTest, NestedRepositoriesAreNotReadInTheWorktree) {
  repo.Write(kAgent, SpireAgent("1.9.6"));
  std::filesystem::path inside = repo.path() / "clusters/prod/spire/nested";
  WriteFileAt(inside / "server.yaml", SpireServer("0.1.0"));
  std::string git_in = "cd " + ShellQuote(inside.string()) + " && git ";
  ASSERT_EQ(RunCommand(git_in + "init -q -b main . && " + git_in +
                       "-c user.email=t@example.invalid -c user.name=t -c commit.gpgsign=false "
                       "commit -q --allow-empty -m empty && " +
                       git_in + "add -A && " + git_in +
                       "-c user.email=t@example.invalid -c user.name=t -c commit.gpgsign=false "
                       "commit -q -m nested"),
            0);
  repo.Git("add clusters/prod/spire/nested");  // a gitlink
  repo.Commit("nested repository");
  WriteFileAt(inside / "server.yaml", SpireServer("0.2.0"));  // a dirty submodule
  WriteFileAt(inside / "untracked.yaml", SpireServer("0.3.0"));
  repo.Write(kAgent, SpireAgent("1.10.0"));
  BoundedRun run = CheckWorktree();
  ExpectBoundedAndStillReported(run);
  EXPECT_EQ(run.out.find("nested"), std::string::npos) << run.out;
  BoundedRun committed = CheckCommitted();
  ExpectBoundedAndStillReported(committed);
  EXPECT_EQ(committed.out.find("nested"), std::string::npos) << committed.out;
}

TEST_F(HostileTest, SymlinksAreNeverFollowedInCommits) {
  TempDir outside;
  WriteFileAt(outside.path() / "server.yaml", SpireServer("0.1.0"));
  std::filesystem::create_symlink("/etc/passwd", repo.path() / "clusters/prod/spire/evil.yaml");
  std::filesystem::create_symlink(outside.path() / "server.yaml",
                                  repo.path() / "clusters/prod/spire/outside.yaml");
  std::filesystem::create_symlink("server.yaml", repo.path() / "clusters/prod/spire/inside.yaml");
  std::filesystem::create_directory_symlink(outside.path(), repo.path() / "clusters/prod/linked");
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  for (const char* name : {"evil", "outside", "inside", "linked", "0.1.0", "root:"}) {
    EXPECT_EQ(run.out.find(name), std::string::npos) << name << "\n" << run.out;
  }
}

TEST_F(HostileTest, SymlinksAreNeverFollowedOutOfTheWorktree) {
  TempDir outside;
  WriteFileAt(outside.path() / "server.yaml", SpireServer("0.1.0"));
  WriteFileAt(outside.path() / "deep/server.yaml", SpireServer("0.2.0"));
  std::filesystem::path spire = repo.path() / "clusters/prod/spire";
  std::filesystem::create_symlink("/etc/passwd", spire / "evil.yaml");
  std::filesystem::create_symlink(outside.path() / "server.yaml", spire / "outside.yaml");
  std::filesystem::create_symlink("../../../../" + outside.path().filename().string(),
                                  spire / "relative.yaml");
  std::filesystem::create_directory_symlink(outside.path(), repo.path() / "clusters/prod/linked");
  // A tracked file replaced by a symlink in the working tree.
  std::filesystem::remove(spire / "extra.yaml");
  std::filesystem::create_symlink(outside.path() / "server.yaml", spire / "extra.yaml");
  std::filesystem::create_symlink("/dev/zero", spire / "zero.yaml");
  std::filesystem::create_symlink("loop.yaml", spire / "loop.yaml");
  ASSERT_EQ(mkfifo((spire / "fifo.yaml").c_str(), 0600), 0);  // must not block the run
  BoundedRun run = CheckWorktree();
  ExpectBoundedAndStillReported(run);
  for (const char* name : {"evil", "outside", "relative", "linked", "fifo", "zero", "loop", "0.1.0",
                           "0.2.0", "root:"}) {
    EXPECT_EQ(run.out.find(name), std::string::npos) << name << "\n" << run.out;
  }
  BoundedRun state = RunBounded(repo.root(), "state :worktree --format json");
  EXPECT_EQ(state.exit_code, 0) << state.err;
  EXPECT_EQ(JsonValidator(state.out).Check(), "");
  for (const char* name : {"evil", "outside", "extra", "linked", "fifo", "0.1.0", "0.2.0"}) {
    EXPECT_EQ(state.out.find(name), std::string::npos) << name << "\n" << state.out;
  }
}

TEST_F(HostileTest, AbsurdVersionsAreUnversionedNotFatal) {
  std::string text;
  for (const char* tag : {"99999999999999999999999.1.1", "1.2.3.4.5", "v", "1.10.0-",
                          "18446744073709551616.0.0", "1.18446744073709551615.0"}) {
    text += (text.empty() ? "" : "---\n") + SpireServer(tag, 2, std::string("s-") + tag);
  }
  repo.Write("clusters/staging/spire/server.yaml", text);
  repo.Write("clusters/staging/spiceai/set.yaml", SpicepodSetV2("99999999999999999999999.1.1"));
  repo.Write("clusters/staging/spiceai/operator.yaml", SpiceOperator("1.2.3.4.5"));
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  std::vector<std::string> changes = Changes(run.out);
  for (const char* tag : {"99999999999999999999999.1.1", "1.2.3.4.5", "v", "1.10.0-"}) {
    bool found = false;
    for (const std::string& change : changes) {
      found = found || change.rfind(std::string("spire-server staging ") + tag +
                                        " clusters/staging/spire/server.yaml:",
                                    0) == 0;
    }
    EXPECT_TRUE(found) << tag << "\n" << run.out;
  }
}

TEST_F(HostileTest, BillionLaughsStopsAtTheNodeLimit) {
  repo.Write("clusters/prod/spire/laughs.yaml",
             BillionLaughs("{image: ghcr.io/spiffe/spire-server:1.9.6}", 9));
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  EXPECT_EQ(FindingsOn(run.out, "clusters/prod/spire/laughs.yaml"),
            (std::vector<std::string>{
                "parse-error 7:35: not valid YAML: aliases expand to more than 2000000 nodes; the "
                "rest of the file was not read; fix the syntax so the components in this document "
                "can be checked (the rest of the change was still checked)"}));
}

// Just under the node limit, every rule's traversals meet the aliases.
TEST_F(HostileTest, AliasesUnderTheNodeLimitStayBounded) {
  repo.Write("clusters/prod/spire/laughs.yaml",
             BillionLaughs("{image: ghcr.io/spiffe/spire-server:1.9.6}", 5));
  repo.Write("clusters/prod/spire/values.yaml",
             BillionLaughs("{repository: ghcr.io/spiffe/spire-agent, tag: 1.9.6}", 5) +
                 "replicaCount: *l5\nexperimental: *l5\nspire-server: {experimental: *l5}\n");
  repo.Write("clusters/prod/spire/conf.yaml",
             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: spire-server, namespace: spire}\n"
             "x-laughs:\n" +
                 BillionLaughs("{a: b}", 5) +
                 "data: {server.conf: 'server { experimental { a = 1 } }'}\n");
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
}

TEST_F(HostileTest, AliasesInACrdAndItsResourcesStayBounded) {
  std::string crd =
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
      "metadata:\n  name: spicepodsets.spice.ai\n  labels: {app.kubernetes.io/version: '1.2.0'}\n"
      "x-laughs:\n  l0: &l0 {type: string, description: 'Deprecated since 1.0'}\n";
  for (int level = 1; level <= 5; ++level) {
    crd += "  l" + std::to_string(level) + ": &l" + std::to_string(level) +
           "\n    type: object\n    properties: {";
    for (int i = 0; i < 10; ++i) {
      crd += (i ? ", p" : "p") + std::to_string(i) + ": *l" + std::to_string(level - 1);
    }
    crd += "}\n";
  }
  crd +=
      "spec:\n  group: spice.ai\n  names: {kind: SpicepodSet, plural: spicepodsets}\n"
      "  versions:\n    - name: v1\n      served: true\n      storage: true\n"
      "      schema:\n        openAPIV3Schema: {type: object, properties: {spec: *l5}}\n";
  std::string resource =
      "apiVersion: spice.ai/v1\nkind: SpicepodSet\nmetadata: {name: laughs, namespace: spice}\n"
      "x-anchors:\n  r0: &r0 x\n";
  for (int level = 1; level <= 5; ++level) {
    resource += "  r" + std::to_string(level) + ": &r" + std::to_string(level) + " {";
    for (int i = 0; i < 10; ++i) {
      resource += (i ? ", p" : "p") + std::to_string(i) + ": *r" + std::to_string(level - 1);
    }
    resource += "}\n";
  }
  resource += "spec: *r5\n";
  repo.Write("clusters/prod/crds/spicepodsets.yaml", crd);
  repo.Write("clusters/prod/spiceai/laughs.yaml", resource);
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
}

// A map of 900 unknown fields, aliased by 900 keys the schema allows: every
// field is judged once per alias. Bounded by the node limit on aliases.
TEST_F(HostileTest, UnknownFieldsMultipliedByAliasesStayBounded) {
  std::string crd =
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
      "metadata:\n  name: spicepodsets.spice.ai\n  labels: {app.kubernetes.io/version: '1.2.0'}\n"
      "spec:\n  group: spice.ai\n  names: {kind: SpicepodSet, plural: spicepodsets}\n"
      "  versions:\n    - name: v1\n      served: true\n      storage: true\n"
      "      schema:\n        openAPIV3Schema:\n          type: object\n"
      "          properties:\n            spec:\n              type: object\n"
      "              additionalProperties:\n                type: object\n"
      "                properties: {known: {type: string}}\n";
  std::string inner;
  std::string outer;
  for (int i = 0; i < 900; ++i) {
    inner += (i ? ", k" : "k") + std::to_string(i) + ": x";
    outer += (i ? ", c" : "c") + std::to_string(i) + ": *a";
  }
  repo.Write("clusters/prod/crds/spicepodsets.yaml", crd);
  repo.Write(
      "clusters/prod/spiceai/wide.yaml",
      "apiVersion: spice.ai/v1\nkind: SpicepodSet\nmetadata: {name: wide, namespace: spice}\n"
      "x-anchor: &a {" +
          inner + "}\nspec: {" + outer + "}\n");
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
}

// forced-rollout compares the two revisions of a SpicepodSet key by key.
TEST_F(HostileTest, AWideMapEditedInTheChangeStaysLinear) {
  auto set = [](const std::string& last) {
    std::string text =
        "apiVersion: spice.ai/v2\nkind: SpicepodSet\nmetadata:\n  name: wide\n"
        "  namespace: spiceai\n  annotations:\n";
    for (int i = 0; i < 150000; ++i) text += "    a" + std::to_string(i) + ": x\n";
    return text + "    last: " + last + "\nspec:\n  replicas: 2\n  image:\n    tag: 1.0.0\n";
  };
  repo.Write(kAgent, SpireAgent("1.9.6"));
  repo.Git("checkout -q main");
  repo.Write("clusters/prod/spiceai/set.yaml", set("a"));
  repo.Commit("a wide SpicepodSet");
  repo.Git("checkout -q -B feature");
  repo.Write("clusters/prod/spiceai/set.yaml", set("b"));
  repo.Write(kAgent, SpireAgent("1.10.0"));
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
}

TEST_F(HostileTest, HundredThousandLevelsOfFlowNestingAreAParseError) {
  repo.Write("clusters/prod/spire/deep.yaml",
             std::string(100000, '[') + std::string(100000, ']') + "\n");
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  std::vector<std::string> deep = FindingsOn(run.out, "clusters/prod/spire/deep.yaml");
  ASSERT_EQ(deep.size(), 1u) << run.out;
  EXPECT_EQ(deep[0].rfind("parse-error 1:257: not valid YAML: nesting deeper than 256 levels", 0),
            0u)
      << deep[0];
}

TEST_F(HostileTest, HundredThousandLevelsOfBlockNestingAreAParseError) {
  std::string block;
  for (int i = 0; i < 100000; ++i) block += "- ";
  repo.Write("clusters/prod/spire/block.yaml", block + "x\n");
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  std::vector<std::string> found = FindingsOn(run.out, "clusters/prod/spire/block.yaml");
  ASSERT_EQ(found.size(), 1u) << run.out;
  EXPECT_EQ(found[0].rfind("parse-error 1:513: not valid YAML: nesting deeper than 256 levels", 0),
            0u)
      << found[0];
}

TEST_F(HostileTest, TwentyThousandDocumentsStopAtTheLimit) {
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    text += "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c" + std::to_string(i) + "}\n";
  }
  repo.Write("clusters/prod/spire/many.yaml", text);
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  std::vector<std::string> many = FindingsOn(run.out, "clusters/prod/spire/many.yaml");
  ASSERT_EQ(many.size(), 1u) << run.out;
  EXPECT_EQ(many[0].rfind("parse-error 40001:1: not valid YAML: more than 10000 documents", 0), 0u)
      << many[0];
}

TEST_F(HostileTest, ATenMegabyteFileIsSkippedWithANoticeNamingIt) {
  std::string big = SpireServer("0.1.0");
  big += "data:\n";
  while (big.size() < 10 * 1024 * 1024) big += "  # " + std::string(100, 'x') + "\n";
  repo.Write("clusters/prod/spire/big.yaml", big);
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  EXPECT_EQ(FindingsOn(run.out, "clusters/prod/spire/big.yaml"),
            (std::vector<std::string>{
                "parse-error 1:1: skewlint did not read this file: file is 10 MiB, over the limit "
                "of 4 MiB (limits.max_file_bytes); components in it are not checked; raise the "
                "limit, or exclude the path under paths.exclude if it holds no manifests"}));
  EXPECT_EQ(run.out.find("0.1.0"), std::string::npos);
}

// linter/extract.cc Deduplicate once compared every instance with every kept
// one: this 4 MB file of 60,000 images took 36 s (3.5 s with a hash set).
TEST_F(HostileTest, SixtyThousandImagesInOneFileStayLinear) {
  std::string text =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: many, namespace: spire}\n"
      "spec:\n  template:\n    spec:\n      containers:\n";
  for (int i = 0; i < 60000; ++i) {
    text += "        - {name: c" + std::to_string(i) + ", image: 'ghcr.io/spiffe/spire-agent:1.9." +
            std::to_string(i % 7) + "'}\n";
  }
  repo.Write("clusters/staging/spire/many.yaml", text);
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  std::vector<std::string> changes = Changes(run.out);
  EXPECT_EQ(std::count_if(changes.begin(), changes.end(),
                          [](const std::string& c) {
                            return c.find(" clusters/staging/spire/many.yaml:") !=
                                   std::string::npos;
                          }),
            60000);
  EXPECT_TRUE(Has(changes, "spire-agent staging 1.9.0 clusters/staging/spire/many.yaml:8"));
  EXPECT_TRUE(Has(changes, "spire-agent staging 1.9.2 clusters/staging/spire/many.yaml:60007"));
}

// linter/crd_schema.cc once scanned the comment lines above a property key on
// every visit, and aliases make one key visited 10,000 times, well under the
// node limit: this 1.6 MB CRD took over 5 minutes (0.3 s with markers
// remembered by line).
TEST_F(HostileTest, ACommentBlockAboveAnAliasedCrdPropertyStaysLinear) {
  std::string crd =
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
      "metadata:\n  name: spicepodsets.spice.ai\nx-anchors:\n  l0: &l0\n    type: object\n"
      "    properties:\n";
  for (int i = 0; i < 200000; ++i) crd += "      #\n";
  crd += "      a: {type: string}\n";
  for (int level = 1; level <= 4; ++level) {
    crd += "  l" + std::to_string(level) + ": &l" + std::to_string(level) +
           "\n    type: object\n    properties: {";
    for (int i = 0; i < 10; ++i) {
      crd += (i ? ", p" : "p") + std::to_string(i) + ": *l" + std::to_string(level - 1);
    }
    crd += "}\n";
  }
  crd +=
      "spec:\n  group: spice.ai\n  names: {kind: SpicepodSet, plural: spicepodsets}\n"
      "  versions:\n    - name: v1\n      served: true\n      storage: true\n"
      "      schema:\n        openAPIV3Schema: *l4\n";
  repo.Write("clusters/prod/crds/spicepodsets.yaml", crd);
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
}

// parse-error messages do not name the file, and the engine reports each
// finding identity (Finding::BaselineKey) once per run: for a finding about
// no component the identity holds the path, or of two files with the same
// problem only the first would be reported.
TEST_F(HostileTest, TwoFilesWithNulBytesAreBothReported) {
  const std::string text = "a: " + std::string(9000, 'x') + "\n";  // NUL past the first 8 KiB
  repo.Write("clusters/prod/spire/a.yaml", text + std::string("\0a", 2));
  repo.Write("clusters/prod/spire/b.yaml", text + std::string("\0b", 2));
  BoundedRun run = CheckCommitted();
  ExpectBoundedAndStillReported(run);
  const std::string skipped =
      "parse-error 1:1: skewlint did not read this file: binary file (it holds NUL bytes); "
      "components in it are not checked; exclude the path under paths.exclude if it holds no "
      "manifests";
  EXPECT_EQ(FindingsOn(run.out, "clusters/prod/spire/a.yaml"), std::vector<std::string>{skipped})
      << run.out;
  EXPECT_EQ(FindingsOn(run.out, "clusters/prod/spire/b.yaml"), std::vector<std::string>{skipped})
      << run.out;
}

}  // namespace
}  // namespace skewlint::testing
