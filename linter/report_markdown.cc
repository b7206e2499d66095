#include <algorithm>

#include "linter/report_formats.h"

namespace skewlint {
namespace {

// Text in a table cell: Markdown punctuation escaped, so that names and
// messages read literally and cannot open links, emphasis or new cells.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "<br>";
    } else if (c == '\r') {
      continue;
    } else {
      if (std::string_view("\\`*_[]<>|~&#!").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

std::string Plural(size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

std::string Header(const Report& report) {
  const CheckOutcome& outcome = *report.outcome;
  SeverityCounts c = Count(outcome);
  std::string out = "## skewlint\n\n";
  out += "**" + Plural(c.error, "error") + "**, " + Plural(c.warning, "warning") + ", " +
         Plural(c.notice, "notice");
  if (c.suppressed) out += " (" + std::to_string(c.suppressed) + " suppressed)";
  out += " · " + Plural(outcome.changes.size(), "component change") + " · " +
         Plural(outcome.files_scanned, "file") + " read · " + Plural(outcome.commits, "commit") +
         "\n\n";
  std::string range = RangeLine(report);  // "checking a..b (…)"
  range.replace(0, std::string_view("checking").size(), "Checked");
  out += (EmptyRange(report) ? "**Warning:** " : "") + Cell(range) + ".\n";
  return out;
}

std::string LeftOut(size_t total, std::string_view what) {
  if (total <= kMarkdownRows) return "";
  return "\n_" + std::to_string(total - kMarkdownRows) + " more " + std::string(what) +
         " not shown; run `skewlint check` or see the SARIF results for all of them._\n";
}

std::string Changes(const CheckOutcome& outcome) {
  if (outcome.changes.empty()) return "\nNo component changes.\n";
  std::string out =
      "\n### Component changes\n\n| component | scope | from | to | kind | location |\n";
  out += "|---|---|---|---|---|---|\n";
  size_t shown = std::min(outcome.changes.size(), kMarkdownRows);
  for (size_t i = 0; i < shown; ++i) {
    const ComponentChange& c = outcome.changes[i];
    out += "| " + Cell(c.component) + " | " + Cell(c.scope) + " | " +
           (c.from.empty() ? "(none)" : Cell(c.from)) + " | " +
           (c.to.empty() ? "(none)" : Cell(c.to)) + " | " + Cell(c.kind) + " | " +
           Cell(c.location.ToString()) + " |\n";
  }
  return out + LeftOut(outcome.changes.size(), "changes");
}

// Unsuppressed findings, most severe first, in report order within a
// severity, so that a capped table keeps the errors.
std::vector<const Finding*> Shown(const CheckOutcome& outcome) {
  std::vector<const Finding*> shown;
  for (const Finding& f : outcome.findings) {
    if (!f.suppressed) shown.push_back(&f);
  }
  std::stable_sort(shown.begin(), shown.end(),
                   [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
  return shown;
}

std::string Findings(const CheckOutcome& outcome) {
  std::vector<const Finding*> findings = Shown(outcome);
  if (findings.empty()) return "\nNo findings.\n";
  std::string out = "\n### Findings\n\n| rule | severity | location | message |\n";
  out += "|---|---|---|---|\n";
  for (size_t i = 0; i < findings.size() && i < kMarkdownRows; ++i) {
    const Finding& f = *findings[i];
    std::string rule = "`" + f.rule + "`";
    if (!f.policy.empty()) rule += "<br>" + Cell(f.policy);
    out += "| " + rule + " | " + std::string(SeverityName(f.severity)) + " | " +
           Cell(f.location.ToString()) + " | " + Cell(f.message) + " |\n";
  }
  return out + LeftOut(findings.size(), "findings");
}

}  // namespace

std::string RenderMarkdown(const Report& report) {
  return Header(report) + Changes(*report.outcome) + Findings(*report.outcome);
}

}  // namespace skewlint
