#include "linter/report.h"

#include "linter/report_formats.h"

namespace skewlint {

bool EmptyRange(const Report& report) {
  bool commits =
      report.mode == CheckRequest::Mode::kNet || report.mode == CheckRequest::Mode::kPerCommit;
  return commits && report.outcome && report.outcome->commits == 0;
}

namespace {

// A commit id cut to 12 digits; :index and :worktree as they are.
std::string ShortRev(const std::string& rev) { return rev.size() == 40 ? rev.substr(0, 12) : rev; }

}  // namespace

std::string RangeLine(const Report& report) {
  std::string line = "checking " + (report.base.empty() ? "(no commit)" : ShortRev(report.base)) +
                     ".." + ShortRev(report.head) + " (";
  bool commits =
      report.mode == CheckRequest::Mode::kNet || report.mode == CheckRequest::Mode::kPerCommit;
  if (commits && report.outcome) {
    size_t n = report.outcome->commits;
    line += std::to_string(n) + (n == 1 ? " commit, " : " commits, ");
  }
  line += std::string(ModeName(report.mode));
  if (!report.base_from.empty()) line += "; base from " + report.base_from;
  line += ")";
  if (EmptyRange(report)) line += ": empty range, nothing was checked";
  return line;
}

std::vector<std::string> ReportFormats() { return {"github", "json", "markdown", "sarif", "text"}; }

Result<std::string> RenderFormat(std::string_view format, const Report& report,
                                 const RenderOptions& options) {
  if (format == "text") return RenderText(report, options.color, options.quiet);
  if (format == "json") return RenderJson(report);
  if (format == "sarif") return RenderSarif(report);
  if (format == "github") return RenderGithub(report);
  if (format == "markdown") return RenderMarkdown(report);
  std::string known;
  for (const auto& f : ReportFormats()) known += (known.empty() ? "" : ", ") + f;
  return Error::At({}, "unknown format '" + std::string(format) + "'; expected one of: " + known);
}

}  // namespace skewlint
