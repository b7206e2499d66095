#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/engine.h"

namespace skewlint {

/// Everything a report needs to print one check run.
struct Report {
  std::string base;  ///< resolved base commit
  std::string head;  ///< resolved head commit, or :index / :worktree
  CheckRequest::Mode mode = CheckRequest::Mode::kNet;
  const CheckOutcome* outcome = nullptr;
  std::string base_from;  ///< where the base came from: "--base main", "push event", "origin/HEAD"
};

/// True when a commit range (net or per-commit) holds no commit: nothing
/// was checked, which reports say instead of passing silently.
bool EmptyRange(const Report& report);
/// What was checked, as the text output's first line says it:
/// `checking <base>..<head> (<N> commits, <mode>; base from <where>)`, with
/// 12-digit commit ids, and `: empty range, nothing was checked` after it
/// when EmptyRange.
std::string RangeLine(const Report& report);

struct SeverityCounts {
  size_t error = 0, warning = 0, notice = 0, suppressed = 0;
};
SeverityCounts Count(const CheckOutcome& outcome);

/// SPEC §6 text: the changes, then `path:line:col: severity: message [rule]`
/// and its commit per finding, then a summary; ANSI colour when `color`.
std::string RenderText(const Report& report, bool color, bool quiet);
/// SPEC §6 JSON (stable: tools and tests depend on it).
std::string RenderJson(const Report& report);

}  // namespace skewlint

namespace skewlint {

struct RenderOptions {
  bool color = false;
  bool quiet = false;
};

/// Formats `check` can write (SPEC §2 --format), sorted.
std::vector<std::string> ReportFormats();
/// Renders one format; unknown formats fail with the list of known ones.
Result<std::string> RenderFormat(std::string_view format, const Report& report,
                                 const RenderOptions& options);

}  // namespace skewlint
