#include "linter/cli/man_page.h"

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <vector>

#include "linter/config.h"
#include "rules/registry.h"

namespace skewlint {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  return lines;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Length of the UTF-8 sequence that starts with `lead`, 0 when it is not a
// lead byte.
size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 0;
  if (lead >= 0xC0) return 2;
  return 0;
}

// Non-ASCII characters become groff's \[uXXXX], so the page renders the
// same whatever the reader's locale.
std::string EscapeChars(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (size_t n = Utf8Length(c); n && i + n <= text.size()) {
      uint32_t code = c & (0x7F >> n);
      for (size_t k = 1; k < n; ++k) code = (code << 6) | (text[i + k] & 0x3F);
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "\\[u%04X]", code);
      out += buffer;
      i += n - 1;
    } else {
      out += "?";
    }
  }
  return out;
}

// `code` and **strong** become bold; the rest is escaped.
std::string Inline(std::string_view text) {
  std::string out;
  bool bold = false;
  size_t plain = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    size_t width = text[i] == '`' ? 1 : (text.compare(i, 2, "**") == 0 ? 2 : 0);
    if (width == 0) continue;
    out += EscapeChars(text.substr(plain, i - plain));
    out += bold ? "\\fR" : "\\fB";
    bold = !bold;
    i += width - 1;
    plain = i + 1;
  }
  out += EscapeChars(text.substr(plain));
  if (bold) out += "\\fR";
  return out;
}

std::string Line(std::string_view roff) {
  std::string out(roff);
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out + "\n";
}

bool IsTableSeparator(std::string_view line) {
  return line.find_first_not_of("|-: ") == std::string_view::npos;
}

// The cells of a table row, with `\|` read as a literal bar.
std::vector<std::string> Cells(std::string_view row) {
  std::vector<std::string> cells;
  row = Trim(row);
  if (!row.empty() && row.front() == '|') row.remove_prefix(1);
  if (!row.empty() && row.back() == '|') row.remove_suffix(1);
  std::string cell;
  for (size_t i = 0; i <= row.size(); ++i) {
    if (i == row.size() || row[i] == '|') {
      cells.emplace_back(Trim(cell));
      cell.clear();
    } else if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell += '|';
      ++i;
    } else {
      cell += row[i];
    }
  }
  return cells;
}

// One table row as a tagged paragraph: the first cell, then the others.
std::string TableRow(std::string_view row) {
  auto cells = Cells(row);
  std::string out = ".TP\n" + Line(cells.empty() ? "" : Inline(cells[0]));
  std::string rest;
  for (size_t i = 1; i < cells.size(); ++i) {
    rest += (rest.empty() ? "" : "; ") + Inline(cells[i]);
  }
  return out + Line(rest);
}

// The help CLI11 prints for `app`, as `skewlint ...` would show it.
std::string HelpBlock(const CLI::App& app, const std::string& name) {
  std::string help = app.get_formatter()->make_help(&app, name, CLI::AppFormatMode::Normal);
  std::string out = ".PP\n.nf\n";
  for (auto line : Lines(help)) out += Line(EscapeChars(line));
  return out + ".fi\n";
}

}  // namespace

std::string RoffEscape(std::string_view text) {
  std::string out;
  for (auto line : Lines(text)) out += Line(EscapeChars(line));
  return out;
}

std::string MarkdownToRoff(std::string_view markdown) {
  std::string out;
  bool code = false;
  bool table_header = true;
  bool paragraph = false;  // inside a paragraph or list item: lines continue it
  for (auto raw : Lines(markdown)) {
    std::string_view line = Trim(raw);
    if (line.substr(0, 3) == "```") {
      out += code ? ".fi\n.RE\n" : ".PP\n.RS 4\n.nf\n";
      code = !code;
      paragraph = false;
    } else if (code) {
      out += Line(EscapeChars(raw));
    } else if (line.empty()) {
      table_header = true;
      paragraph = false;
    } else if (line.substr(0, 2) == "# ") {
      continue;  // the title: the caller names the rule
    } else if (line.front() == '#') {
      out += ".PP\n" + Line("\\fB" + Inline(Trim(line.substr(line.find(' ') + 1))) + "\\fR");
      paragraph = false;
    } else if (line.front() == '|') {
      if (!IsTableSeparator(line) && !table_header) out += TableRow(line);
      table_header = false;
      paragraph = false;
    } else if (line.substr(0, 2) == "- " || line.substr(0, 2) == "* ") {
      out += ".IP \\(bu 2\n" + Line(Inline(line.substr(2)));
      paragraph = true;
    } else {
      if (!paragraph) out += ".PP\n";
      out += Line(Inline(line));
      paragraph = true;
    }
  }
  if (code) out += ".fi\n.RE\n";
  return out;
}

std::string ManPage(const CLI::App& app) {
  std::ostringstream out;
  out << ".TH SKEWLINT 1 \"\" \"skewlint " << SKEWLINT_VERSION << "\" \"User Commands\"\n";
  out << ".SH NAME\nskewlint \\- "
      << EscapeChars(app.get_description().substr(app.get_description().find(':') + 2)) << "\n";
  auto visible = app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
  out << ".SH SYNOPSIS\n";
  for (const CLI::App* sub : visible) {
    out << ".B skewlint " << sub->get_name() << "\n.RI [ OPTIONS ]\n.br\n";
  }
  out << ".B skewlint \\-\\-version\n";
  out << ".SH DESCRIPTION\n" << HelpBlock(app, "skewlint");
  out << ".SH COMMANDS\n";
  for (const CLI::App* sub : visible) {
    out << ".SS " << sub->get_name() << "\n" << HelpBlock(*sub, "skewlint " + sub->get_name());
  }
  out << ".SH RULES\n";
  for (const RuleSpec& rule : AllRules()) {
    out << ".SS " << EscapeChars(rule.id) << " (" << SeverityName(rule.default_severity) << ")\n"
        << RoffEscape(rule.summary) << MarkdownToRoff(RuleDoc(rule.id));
  }
  out << ".SH FILES\n.TP\n.I .skewlint.yaml\nthe configuration, at the root of the repository; "
         "with none, every built\\-in preset applies (";
  std::string presets;
  for (const auto& name : PresetNames()) presets += (presets.empty() ? "" : ", ") + name;
  out << EscapeChars(presets) << ")\n";
  out << ".SH SEE ALSO\n.BR git (1).\n"
         "The configuration reference, the preset guide and the CI recipes are "
         "docs/config.md, docs/presets.md and docs/ci.md in the skewlint source.\n";
  return out.str();
}

}  // namespace skewlint
