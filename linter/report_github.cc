#include "linter/report_formats.h"

namespace skewlint {
namespace {

std::string Escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Properties(const Finding& f) {
  std::string props;
  auto add = [&props](std::string_view key, const std::string& value) {
    props += (props.empty() ? "" : ",") + std::string(key) + "=" + EscapeCommandProperty(value);
  };
  if (!f.location.path.empty()) add("file", f.location.path);
  if (f.location.line > 0) add("line", std::to_string(f.location.line));
  if (f.location.column > 0) add("col", std::to_string(f.location.column));
  add("title", RuleTitle(f));
  return props;
}

std::string Plural(size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

std::string EscapeCommandData(std::string_view text) { return Escape(text, false); }
std::string EscapeCommandProperty(std::string_view text) { return Escape(text, true); }

std::string RenderGithub(const Report& report) {
  const CheckOutcome& outcome = *report.outcome;
  std::string out;
  for (const Finding& f : outcome.findings) {
    if (f.suppressed) continue;
    std::string message = f.message;
    if (!f.commit.empty()) message += "\n\nintroduced by " + f.commit.substr(0, 12);
    out += "::" + std::string(SeverityName(f.severity)) + " " + Properties(f) +
           "::" + EscapeCommandData(message) + "\n";
  }
  // A log line, no annotation: a step shows ten notices at most, and an
  // empty range is already a warning annotation of its own.
  out += "skewlint: " + RangeLine(report) + "\n";
  SeverityCounts c = Count(outcome);
  out += "skewlint: " + Plural(c.error, "error") + ", " + Plural(c.warning, "warning") + ", " +
         Plural(c.notice, "notice");
  if (c.suppressed) out += " (" + std::to_string(c.suppressed) + " suppressed)";
  return out + "; " + Plural(outcome.changes.size(), "component change") + "\n";
}

}  // namespace skewlint
