#include "linter/report.h"

#include "linter/report_formats.h"

namespace skewlint {

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
