#include "linter/report.h"

namespace skewlint {

std::vector<std::string> ReportFormats() { return {"json", "text"}; }

Result<std::string> RenderFormat(std::string_view format, const Report& report,
                                 const RenderOptions& options) {
  if (format == "text") return RenderText(report, options.color, options.quiet);
  if (format == "json") return RenderJson(report);
  std::string known;
  for (const auto& f : ReportFormats()) known += (known.empty() ? "" : ", ") + f;
  return Error::At({}, "unknown format '" + std::string(format) + "'; expected one of: " + known);
}

}  // namespace skewlint
