#pragma once

// A git repository in a temporary folder, built by the test itself with the
// git command line (tests may use git; the product never does).

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "linter/yaml_tree.h"

namespace skewlint::testing {

/// Runs a shell command; returns its exit status and fills `out` with stdout.
inline int RunCommand(const std::string& command, std::string* out = nullptr) {
  std::string full = command + (out ? "" : " >/dev/null");
  FILE* pipe = popen((full + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  int status = pclose(pipe);
  if (out) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "skewlint-test-XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    if (made) path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class TempRepo {
 public:
  TempRepo() {
    Git("init -q -b main .");
    Git("config user.email test@example.invalid");
    Git("config user.name test");
    Git("config commit.gpgsign false");
  }

  const std::filesystem::path& path() const { return dir_.path(); }
  std::string root() const { return dir_.path().string(); }

  void Write(const std::string& relative, const std::string& content) {
    auto file = dir_.path() / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
  }
  void Remove(const std::string& relative) { std::filesystem::remove(dir_.path() / relative); }

  /// Runs `git ARGS` in the repository; fails the test when git fails.
  std::string Git(const std::string& args) {
    std::string out;
    int rc = RunCommand("cd " + ShellQuote(root()) + " && git " + args, &out);
    EXPECT_EQ(rc, 0) << "git " << args << "\n" << out;
    return out;
  }

  /// Stages everything and commits; returns the new commit id. `date` (unix
  /// seconds) sets author and committer dates when non-zero.
  std::string Commit(const std::string& message, long long date = 0) {
    Git("add -A");
    std::string env;
    if (date) {
      std::string d = std::to_string(date) + " +0000";
      env = "GIT_AUTHOR_DATE=" + ShellQuote(d) + " GIT_COMMITTER_DATE=" + ShellQuote(d) + " ";
    }
    std::string out;
    int rc = RunCommand("cd " + ShellQuote(root()) + " && " + env +
                            "git commit -q --allow-empty -m " + ShellQuote(message),
                        &out);
    EXPECT_EQ(rc, 0) << out;
    return Head();
  }

  std::string Head() { return Trim(Git("rev-parse HEAD")); }

  static std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
  }

 private:
  TempDir dir_;
};

/// Result of running the built skewlint binary.
struct RunResult {
  int exit_code = -1;
  std::string out;  ///< stdout and stderr together unless split
};

#ifdef SKEWLINT_BINARY
/// Runs the skewlint binary in `dir` with `args` (already shell-quoted as
/// needed). stderr is merged into the output unless `stderr_to_null`.
inline RunResult RunSkewlint(const std::string& dir, const std::string& args,
                             bool stderr_to_null = false, const std::string& env = "") {
  RunResult r;
  std::string cmd = "cd " + ShellQuote(dir) + " && " + env + " " + SKEWLINT_BINARY + " " + args +
                    (stderr_to_null ? " 2>/dev/null" : " 2>&1");
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}
#endif

/// The findings of a `check --format json` output, in report order; each
/// is "rule path:line:column", with " message" when `with_message`, for the
/// findings `keep` accepts (by rule id).
template <typename Keep>
std::vector<std::string> FindingsIn(const std::string& json, bool with_message, Keep keep) {
  ParsedYaml parsed = ParseYaml(json);
  EXPECT_TRUE(parsed.problems.empty() && !parsed.documents.empty()) << json;
  std::vector<std::string> out;
  if (parsed.documents.empty()) return out;
  const YamlNode* findings = parsed.documents[0].root->Get("findings");
  for (const auto& f : findings ? findings->items : std::vector<YamlNodePtr>{}) {
    if (!keep(f->ScalarAt("rule"))) continue;
    out.push_back(std::string(f->ScalarAt("rule")) + " " + std::string(f->ScalarAt("path")) + ":" +
                  std::string(f->ScalarAt("line")) + ":" + std::string(f->ScalarAt("column")) +
                  (with_message ? " " + std::string(f->ScalarAt("message")) : ""));
  }
  return out;
}

inline std::vector<std::string> FindingsIn(const std::string& json, bool with_message = false) {
  return FindingsIn(json, with_message, [](std::string_view) { return true; });
}

}  // namespace skewlint::testing
