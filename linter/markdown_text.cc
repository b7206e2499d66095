#include "linter/markdown_text.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "linter/utf8.h"

namespace skewlint {
namespace {

constexpr char kBold[] = "\033[1m";
constexpr char kCode[] = "\033[36m";
constexpr char kReset[] = "\033[0m";

// Terminal columns of `text`: one per UTF-8 character, escapes excluded.
size_t Width(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\033') {
      size_t end = text.find('m', i);
      i = end == std::string_view::npos ? text.size() : end + 1;
      continue;
    }
    i += std::max<size_t>(Utf8SequenceLength(text.substr(i)), 1);
    ++width;
  }
  return width;
}

std::string Styled(std::string_view text, const char* style, bool color) {
  return color ? style + std::string(text) + kReset : std::string(text);
}

class InlineRenderer {
 public:
  explicit InlineRenderer(bool color) : color_(color) {}

  std::string Render(std::string_view text) const {
    std::string out;
    for (size_t i = 0; i < text.size();) i = Step(text, i, out);
    return out;
  }

 private:
  // Renders the construct at `i`; returns where the next one starts.
  size_t Step(std::string_view text, size_t i, std::string& out) const {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() && std::ispunct(static_cast<unsigned char>(text[i + 1]))) {
      out += text[i + 1];
      return i + 2;
    }
    if (c == '`') {
      size_t run = text.find_first_not_of('`', i) - i;
      if (run > text.size()) run = text.size() - i;
      size_t close = text.find(std::string(run, '`'), i + run);
      if (close != std::string_view::npos) {
        std::string_view code = text.substr(i + run, close - i - run);
        if (run > 1 && code.size() > 1 && code.front() == ' ' && code.back() == ' ') {
          code = code.substr(1, code.size() - 2);
        }
        out += color_ ? Styled(code, kCode, true) : "'" + std::string(code) + "'";
        return close + run;
      }
      out.append(run, '`');
      return i + run;
    }
    if (text.compare(i, 2, "**") == 0) {
      size_t close = text.find("**", i + 2);
      if (close != std::string_view::npos && close > i + 2) {
        out += Styled(Render(text.substr(i + 2, close - i - 2)), kBold, color_);
        return close + 2;
      }
    }
    if (c == '[') {
      size_t middle = text.find("](", i);
      size_t close = middle == std::string_view::npos ? middle : text.find(')', middle);
      if (close != std::string_view::npos && text.find('\n', i) > close) {
        std::string label = Render(text.substr(i + 1, middle - i - 1));
        std::string_view url = text.substr(middle + 2, close - middle - 2);
        out += label == url ? label : label + " (" + std::string(url) + ")";
        return close + 1;
      }
    }
    out += c;
    return i + 1;
  }

  bool color_;
};

// The cells of a table row `| a | b \| c |`: split at unescaped pipes.
std::vector<std::string> Cells(std::string_view row) {
  std::vector<std::string> cells;
  std::string cell;
  size_t start = row.front() == '|' ? 1 : 0;
  for (size_t i = start; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell += '|';  // GitHub's tables: an escaped pipe, even in code
      ++i;
    } else if (row[i] == '|') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  if (cell.find_first_not_of(" \t") != std::string::npos) cells.push_back(cell);
  for (auto& c : cells) {
    size_t first = c.find_first_not_of(" \t");
    size_t last = c.find_last_not_of(" \t");
    c = first == std::string::npos ? "" : c.substr(first, last - first + 1);
  }
  return cells;
}

bool IsDelimiterRow(const std::vector<std::string>& cells) {
  return !cells.empty() && std::all_of(cells.begin(), cells.end(), [](const std::string& c) {
    return !c.empty() && c.find_first_not_of("-: ") == std::string::npos;
  });
}

// `text` cut into lines of at most `width` columns at spaces (a longer word
// stays whole).
std::vector<std::string> Wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines(1);
  size_t at = 0;
  while (at < text.size()) {
    size_t space = text.find(' ', at);
    std::string word = text.substr(at, space == std::string::npos ? std::string::npos : space - at);
    at = space == std::string::npos ? text.size() : space + 1;
    if (!lines.back().empty() && Width(lines.back()) + 1 + Width(word) > width)
      lines.emplace_back();
    lines.back() += (lines.back().empty() ? "" : " ") + word;
  }
  return lines;
}

std::string Pad(const std::string& text, size_t width) {
  return text + std::string(width - std::min(width, Width(text)), ' ');
}

using Table = std::vector<std::vector<std::string>>;

// The rows of a table, inline markup rendered, the delimiter row dropped,
// every row as wide as the widest.
Table ReadTable(const std::vector<std::string_view>& rows, const InlineRenderer& inline_text) {
  Table table;
  size_t columns = 1;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::string> cells = Cells(rows[r]);
    if (r == 1 && IsDelimiterRow(cells)) continue;
    for (auto& cell : cells) cell = inline_text.Render(cell);
    columns = std::max(columns, cells.size());
    table.push_back(std::move(cells));
  }
  for (auto& row : table) row.resize(columns);
  return table;
}

// Column widths; the last column is wrapped to what `width` leaves of it
// (at least 30 columns), then as wide as its widest line.
std::vector<size_t> ColumnWidths(const Table& table, size_t width) {
  std::vector<size_t> widths(table.front().size(), 0);
  for (const auto& row : table) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], Width(row[c]));
  }
  size_t before_last = 0;
  for (size_t c = 0; c + 1 < widths.size(); ++c) before_last += widths[c] + 2;
  size_t last = width > before_last + 30 ? width - before_last : 30;
  size_t widest = 0;
  for (const auto& row : table) {
    for (const auto& line : Wrap(row.back(), last)) widest = std::max(widest, Width(line));
  }
  widths.back() = widest;
  return widths;
}

std::string RenderTable(const std::vector<std::string_view>& rows,
                        const InlineRenderer& inline_text, bool color, size_t width) {
  Table table = ReadTable(rows, inline_text);
  std::vector<size_t> widths = ColumnWidths(table, width);
  std::string out;
  for (size_t r = 0; r < table.size(); ++r) {
    std::vector<std::string> wrapped = Wrap(table[r].back(), widths.back());
    for (size_t l = 0; l < wrapped.size(); ++l) {
      std::string line;
      for (size_t c = 0; c + 1 < widths.size(); ++c) {
        line += Pad(l == 0 ? table[r][c] : "", widths[c]) + "  ";
      }
      line += wrapped[l];
      line.erase(line.find_last_not_of(' ') + 1);
      out += (r == 0 ? Styled(line, kBold, color) : line) + "\n";
    }
    if (r == 0) {
      std::string rule;
      for (size_t c = 0; c < widths.size(); ++c)
        rule += (c ? "  " : "") + std::string(widths[c], '-');
      out += rule + "\n";
    }
  }
  return out;
}

std::string RenderHeading(std::string_view line, const InlineRenderer& plain, bool color) {
  size_t level = line.find_first_not_of('#');
  std::string title = plain.Render(line.substr(std::min(line.size(), level + 1)));
  std::string out = Styled(title, kBold, color) + "\n";
  if (level <= 2) out += std::string(Width(title), level == 1 ? '=' : '-') + "\n";
  return out;
}

bool IsHeading(std::string_view line) {
  size_t level = line.find_first_not_of('#');
  return level >= 1 && level <= 6 && level < line.size() && line[level] == ' ';
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return lines;
}

}  // namespace

std::string MarkdownToText(std::string_view markdown, bool color, size_t width) {
  InlineRenderer styled(color);
  InlineRenderer plain(false);
  std::vector<std::string_view> lines = Lines(markdown);
  std::string out;
  bool code = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.rfind("```", 0) == 0) {
      code = !code;
      continue;
    }
    if (code) {
      out += (line.empty() ? "" : "    " + std::string(line)) + "\n";
    } else if (IsHeading(line)) {
      out += RenderHeading(line, plain, color);
    } else if (!line.empty() && line.front() == '|') {
      std::vector<std::string_view> rows;
      while (i < lines.size() && !lines[i].empty() && lines[i].front() == '|')
        rows.push_back(lines[i++]);
      --i;
      out += RenderTable(rows, styled, color, width);
    } else {
      out += styled.Render(line) + "\n";
    }
  }
  return out;
}

}  // namespace skewlint
