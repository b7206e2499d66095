#include "linter/report.h"

namespace skewlint {
namespace {

const char* Color(Severity s) {
  switch (s) {
    case Severity::kError: return "\033[1;31m";
    case Severity::kWarning: return "\033[1;33m";
    case Severity::kNotice: return "\033[1;36m";
  }
  return "";
}

std::string ShortId(const std::string& id) { return id.size() > 12 ? id.substr(0, 12) : id; }

std::string Plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string RenderChanges(const CheckOutcome& outcome) {
  if (outcome.changes.empty()) return "";
  std::string out = "changes:\n";
  for (const auto& c : outcome.changes) {
    out += "  " + c.component + (c.scope.empty() ? "" : " [" + c.scope + "]") + ": " +
           (c.from.empty() ? "(none)" : c.from) + " -> " + (c.to.empty() ? "(none)" : c.to) + " (" +
           c.kind + ") at " + c.location.ToString() + "\n";
  }
  return out + "\n";
}

}  // namespace

SeverityCounts Count(const CheckOutcome& outcome) {
  SeverityCounts counts;
  for (const auto& f : outcome.findings) {
    if (f.suppressed) {
      ++counts.suppressed;
    } else if (f.severity == Severity::kError) {
      ++counts.error;
    } else if (f.severity == Severity::kWarning) {
      ++counts.warning;
    } else {
      ++counts.notice;
    }
  }
  return counts;
}

std::string RenderText(const Report& report, bool color, bool quiet) {
  const CheckOutcome& outcome = *report.outcome;
  std::string out = RangeLine(report) + "\n";
  if (!quiet) out += RenderChanges(outcome);
  for (const auto& f : outcome.findings) {
    if (f.suppressed) continue;
    std::string severity(SeverityName(f.severity));
    if (color) severity = Color(f.severity) + severity + "\033[0m";
    out += f.location.ToString() + ": " + severity + ": " + f.message + " [" + f.rule + "]\n";
    if (!f.commit.empty() && !quiet) out += "  introduced by " + ShortId(f.commit) + "\n";
  }
  SeverityCounts c = Count(outcome);
  out += Plural(c.error, "error") + ", " + Plural(c.warning, "warning") + ", " + Plural(c.notice, "notice");
  if (c.suppressed) out += " (" + std::to_string(c.suppressed) + " suppressed)";
  out += "; " + Plural(outcome.changes.size(), "component change") + ", " +
         Plural(outcome.files_scanned, "file") + " read, " + Plural(outcome.commits, "commit") + "\n";
  return out;
}

}  // namespace skewlint
