#include "linter/yaml_fastparse.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "linter/yaml_subset.h"

// ParseFastSubset builds trees of a narrower subset than CertainlyParses
// vouches for, one where each node's value and place follow from its line
// alone:
//
//   - an optional first `---` line with nothing after it but a comment;
//     no directive, no tab anywhere;
//   - blank and comment lines;
//   - block maps and block sequences nested by indentation, with the
//     compact forms (`- key: v`, `- - v`) and a sequence at its key's
//     indentation (`key:\n- a`);
//   - keys: plain scalars, or one-line quoted scalars;
//   - values: plain scalars (over several lines when the lines below hold
//     nothing that could start a node), quoted scalars (over several
//     lines, without an escaped line break), one-line
//     flow sequences and maps of such scalars (CertainlyParses' forms),
//     literal block scalars (`|`, `|-`; the CRD descriptions of
//     controller-gen); an empty map value (null, placed at its key);
//   - not: folded block scalars (`>`), `|+` or an indentation indicator,
//     an escaped line break, an empty sequence entry, anchors,
//     aliases, tags, complex keys, a root scalar.
//
// Every node is placed where yaml-cpp's marks place it (ParseYaml): a
// collection at its first key, dash or bracket, a scalar at its first byte
// (its quote), a null map value at its key. The fuzz target fuzz_fastcheck
// holds the two to the same trees.

namespace skewlint {
namespace {

using namespace yaml_subset;  // NOLINT(build/namespaces)
using Kind = YamlNode::Kind;

/// Maps with more entries than this get an index, as ParseYaml's do.
constexpr size_t kIndexedMapSize = 32;

struct Line {
  int number = 0;  // 0-based in the document
  int indent = 0;  // of `text`, in bytes
  std::string_view text;
};

bool IsNullLiteral(std::string_view s) {
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool StartsWithNullLiteral(std::string_view s) {
  for (std::string_view literal : {"~", "null", "Null", "NULL"}) {
    if (s.starts_with(literal) &&
        (s.size() == literal.size() ||
         std::string_view(" \t,]}").find(s[literal.size()]) != std::string_view::npos)) {
      return true;
    }
  }
  return false;
}

void AppendUtf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

uint32_t HexValue(std::string_view digits) {
  uint32_t value = 0;
  for (char h : digits) {
    value = value * 16 + static_cast<uint32_t>(IsDigit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
  }
  return value;
}

/// One-character escapes of double-quoted scalars, and what each stands
/// for (yaml-cpp writes \N and \_ as single bytes, not as UTF-8).
constexpr std::string_view kEscapes = "0abtnvfreN_ \"/\\";
constexpr std::string_view kEscaped{"\0\a\b\t\n\v\f\r\x1B\x85\xA0 \"/\\", 15};

/// The value of a quoted scalar `q` (QuotedEnd vouched for it, quotes
/// included).
std::string Unquote(std::string_view q) {
  std::string out;
  std::string_view body = q.substr(1, q.size() - 2);
  out.reserve(body.size());
  if (q[0] == '\'') {
    for (size_t i = 0; i < body.size(); ++i) {
      out += body[i];
      if (body[i] == '\'') ++i;  // '' stands for '
    }
    return out;
  }
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    char e = body[++i];
    if (e == 'x' || e == 'u') {
      size_t digits = e == 'x' ? 2 : 4;
      AppendUtf8(out, HexValue(body.substr(i + 1, digits)));
      i += digits;
    } else if (e == 'L' || e == 'P') {
      AppendUtf8(out, e == 'L' ? 0x2028 : 0x2029);
    } else {
      size_t at = kEscapes.find(e);  // QuotedEnd vouched for it
      if (at != std::string_view::npos) out += kEscaped[at];
    }
  }
  return out;
}

class Builder {
 public:
  Builder(std::string_view text, int first_line, size_t max_depth, size_t budget)
      : first_line_(first_line), max_depth_(std::min(max_depth, kMaxDepth)), budget_(budget) {
    Split(text);
  }

  YamlNodePtr Run() {
    if (!ok_ || lines_.empty()) return nullptr;
    YamlNodePtr root = Block(0);
    if (!ok_ || at_ != lines_.size()) return nullptr;
    return root;
  }

  size_t nodes() const { return nodes_; }

 private:
  void Split(std::string_view text) {
    if (text.find('\t') != std::string_view::npos) {
      ok_ = false;
      return;
    }
    ends_with_newline_ = text.ends_with('\n');
    int number = 0;
    for (size_t pos = 0; pos < text.size(); ++number) {
      size_t end = std::min(text.find('\n', pos), text.size());
      std::string_view line = text.substr(pos, end - pos);
      pos = end + 1;
      raw_.push_back(line);
      if (number == 0 && line.starts_with("---") && (line.size() == 3 || line[3] == ' ')) {
        if (!IsTrailer(line.substr(3))) ok_ = false;
        continue;
      }
      size_t spaces = line.find_first_not_of(' ');
      if (spaces == std::string_view::npos || line[spaces] == '#') continue;
      if (spaces == 0 && (line[0] == '%' || line.starts_with("---") || line.starts_with("..."))) {
        ok_ = false;
        return;
      }
      lines_.push_back(Line{number, static_cast<int>(spaces), line.substr(spaces)});
    }
  }

  std::shared_ptr<YamlNode> NewNode(Kind kind, int number, int column0) {
    if (++nodes_ > budget_) ok_ = false;
    auto node = std::make_shared<YamlNode>();
    node->kind = kind;
    node->line = first_line_ + number;
    node->column = column0 + 1;
    return node;
  }

  // Moves past the content lines up to line `last`, which a scalar over
  // several lines took.
  void ConsumeThrough(size_t last) {
    while (at_ < lines_.size() && static_cast<size_t>(lines_[at_].number) <= last) ++at_;
  }

  bool Fail() {
    ok_ = false;
    return false;
  }

  // The collection whose first line is lines_[at_], at `depth` collections
  // deep.
  YamlNodePtr Block(size_t depth) {
    if (depth >= max_depth_) return Fail(), nullptr;
    const Line& first = lines_[at_];
    if (IsDash(first.text)) return Sequence(first.indent, false, depth);
    size_t colon = 0;
    if (ClassifyKey(first.text, &colon) != KeyKind::kKey) return Fail(), nullptr;
    return Map(first.indent, depth);
  }

  YamlNodePtr Sequence(int col, bool indentless, size_t depth) {
    if (depth >= max_depth_) return Fail(), nullptr;
    auto node = NewNode(Kind::kSequence, lines_[at_].number, col);
    while (ok_ && at_ < lines_.size() && lines_[at_].indent == col && IsDash(lines_[at_].text)) {
      Line line = lines_[at_];
      size_t i = 1;
      while (i < line.text.size() && line.text[i] == ' ') ++i;
      std::string_view rest = line.text.substr(i);
      YamlNodePtr item;
      if (rest.empty() || rest[0] == '#') {
        ++at_;
        if (at_ == lines_.size() || lines_[at_].indent <= col) return Fail(), nullptr;
        item = Block(depth + 1);
      } else if (size_t colon = 0; IsDash(rest) || ClassifyKey(rest, &colon) == KeyKind::kKey) {
        lines_[at_] = Line{line.number, col + static_cast<int>(i), rest};  // compact
        item = Block(depth + 1);
      } else {
        ++at_;
        item = Value(line.number, col + static_cast<int>(i), rest, depth + 1, col);
        if (at_ < lines_.size() && lines_[at_].indent > col) return Fail(), nullptr;
      }
      if (!item) return Fail(), nullptr;
      node->items.push_back(std::move(item));
    }
    if (at_ < lines_.size() && lines_[at_].indent >= col &&
        !(indentless && lines_[at_].indent == col)) {
      return Fail(), nullptr;
    }
    return node;
  }

  YamlNodePtr Map(int col, size_t depth) {
    if (depth >= max_depth_) return Fail(), nullptr;
    auto node = NewNode(Kind::kMap, lines_[at_].number, col);
    while (ok_ && at_ < lines_.size() && lines_[at_].indent == col && !IsDash(lines_[at_].text)) {
      Line line = lines_[at_++];
      size_t colon = 0;
      if (ClassifyKey(line.text, &colon) != KeyKind::kKey) return Fail(), nullptr;
      YamlNode::Entry entry;
      if (!Key(line.text.substr(0, colon), &entry.key)) return Fail(), nullptr;
      entry.key_line = first_line_ + line.number;
      entry.key_column = col + 1;
      size_t i = colon + 1;
      while (i < line.text.size() && line.text[i] == ' ') ++i;
      std::string_view rest = line.text.substr(i);
      if (rest.empty() || rest[0] == '#') {
        if (at_ < lines_.size() && lines_[at_].indent > col) {
          entry.value = Block(depth + 1);
        } else if (at_ < lines_.size() && lines_[at_].indent == col && IsDash(lines_[at_].text)) {
          entry.value = Sequence(col, true, depth + 1);
        } else {
          // Placed at its key, unless the next line starts with a null
          // literal: yaml-cpp then places it there (ParseYaml judges an
          // empty value by the text at yaml-cpp's mark, the next token).
          if (at_ < lines_.size() && StartsWithNullLiteral(lines_[at_].text)) {
            return Fail(), nullptr;
          }
          entry.value = NewNode(Kind::kNull, line.number, col);
        }
      } else {
        entry.value = Value(line.number, col + static_cast<int>(i), rest, depth + 1, col);
        if (at_ < lines_.size() && lines_[at_].indent > col) return Fail(), nullptr;
      }
      if (!entry.value) return Fail(), nullptr;
      node->entries.push_back(std::move(entry));
    }
    if (at_ < lines_.size() && lines_[at_].indent >= col) return Fail(), nullptr;
    if (node->entries.size() > kIndexedMapSize) {
      auto index = std::make_shared<std::unordered_map<std::string, size_t>>();
      for (size_t i = 0; i < node->entries.size(); ++i) {
        index->emplace(node->entries[i].key, i);  // keeps the first of equal keys
      }
      node->index = std::move(index);
    }
    return node;
  }

  // A key's text: a plain scalar (a null one is the key ""), or a quoted one
  // alone. Counts its node.
  bool Key(std::string_view text, std::string* key) {
    ++nodes_;
    if (text[0] == '"' || text[0] == '\'') {
      if (QuotedEnd(text) != text.size()) return false;
      *key = Unquote(text);
    } else if (!IsNullLiteral(text)) {
      *key = std::string(text);
    }
    return nodes_ <= budget_;
  }

  // A value at (number, column0), in a collection indented `top`: a
  // one-line scalar, a one-line flow collection, or a literal block scalar.
  YamlNodePtr Value(int number, int column0, std::string_view v, size_t depth, int top) {
    switch (v[0]) {
      case '|':
        return Literal(number, column0, v, top);
      case '"':
      case '\'': {
        size_t end = QuotedEnd(v);
        if (end == std::string_view::npos) return MultiLineQuoted(number, column0, v, top);
        if (!IsTrailer(v.substr(end))) return nullptr;
        return Scalar(number, column0, Unquote(v.substr(0, end)), true);
      }
      case '[':
      case '{':
        return Flow(number, column0, v, depth);
      default:
        break;
    }
    if (!IsPlainStart(v)) return nullptr;
    size_t end = v.size();
    bool comment = false;
    for (size_t i = 1; i < v.size(); ++i) {
      if (v[i] == ':' && (i + 1 == v.size() || v[i + 1] == ' ')) return nullptr;  // a: b: c
      if (v[i] == '#' && v[i - 1] == ' ') {
        end = i;
        comment = true;
        break;
      }
    }
    while (end > 0 && v[end - 1] == ' ') --end;
    if (comment) return Plain(number, column0, v.substr(0, end));
    return MultiLinePlain(number, column0, v.substr(0, end), top);
  }

  // A quoted scalar that `v` opens and a line below, indented more than
  // `top`, closes: its line breaks are folded as a plain scalar's. A
  // double-quoted one may hold the escapes CertainlyParses knows, but no
  // escaped line break. Consumes its lines.
  YamlNodePtr MultiLineQuoted(int number, int column0, std::string_view v, int top) {
    char quote = v[0];
    bool bad = false;
    // Where the line's closing quote is, or npos (and `bad` for an escape
    // not known, or one at the line's end).
    auto closing = [quote, &bad](std::string_view t) {
      for (size_t i = 0; i < t.size(); ++i) {
        if (quote == '"' && t[i] == '\\') {
          size_t next = SkipEscape(t, i);
          if (next == std::string_view::npos) {
            bad = true;
            return std::string_view::npos;
          }
          i = next - 1;
          continue;
        }
        if (t[i] != quote) continue;
        if (quote == '\'' && i + 1 < t.size() && t[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i;
      }
      return std::string_view::npos;
    };
    // A line's text before its break: trailing spaces are folded away,
    // unless escaped.
    auto trim_end = [&bad](std::string_view t) {
      while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
      if (!t.empty() && t.back() == '\\') bad = true;
      return t;
    };
    std::string_view first = v.substr(1);
    if (closing(first) != std::string_view::npos || bad) return nullptr;
    first = trim_end(first);
    if (first.empty() || bad) return nullptr;
    std::string body(first);
    size_t blank = 0;
    for (size_t n = static_cast<size_t>(number) + 1; n < raw_.size(); ++n) {
      std::string_view line = raw_[n];
      size_t spaces = line.find_first_not_of(' ');
      if (spaces == std::string_view::npos) {
        ++blank;
        continue;
      }
      if (static_cast<int>(spaces) <= top) return nullptr;
      std::string_view text = line.substr(spaces);
      size_t end = closing(text);
      if (bad) return nullptr;
      body += blank ? std::string(blank, '\n') : " ";
      blank = 0;
      if (end == std::string_view::npos) {
        body += trim_end(text);
        if (bad) return nullptr;
        continue;
      }
      if (!IsTrailer(text.substr(end + 1))) return nullptr;
      body += text.substr(0, end);
      ConsumeThrough(n);
      return Scalar(number, column0, Unquote(quote + body + quote), true);
    }
    return nullptr;
  }

  // A line that can go on a plain scalar (`text`: past its indentation,
  // trailing spaces dropped): nothing that could start another node or a
  // comment.
  static bool IsContinuation(std::string_view text) {
    // (Indicators only matter at a scalar's first byte.)
    if (text[0] == '#' || IsDash(text) || text.starts_with("? ") || text == "?" ||
        text.back() == ':') {
      return false;
    }
    return text.find(": ") == std::string_view::npos && text.find(" #") == std::string_view::npos;
  }

  // A plain scalar whose first line is `first`, continued on the lines below
  // indented more than `top` (blank lines between them are line breaks,
  // other line breaks a space). Consumes those lines.
  YamlNodePtr MultiLinePlain(int number, int column0, std::string_view first, int top) {
    std::string value;
    size_t blank = 0;
    size_t last = static_cast<size_t>(number);
    for (size_t n = last + 1; n < raw_.size(); ++n) {
      std::string_view line = raw_[n];
      size_t spaces = line.find_first_not_of(' ');
      if (spaces == std::string_view::npos) {
        ++blank;
        continue;
      }
      if (static_cast<int>(spaces) <= top) break;
      std::string_view text = line.substr(spaces);
      while (text.back() == ' ') text.remove_suffix(1);
      if (!IsContinuation(text)) return nullptr;
      if (value.empty()) value = first;
      value += blank ? std::string(blank, '\n') : " ";
      value += text;
      blank = 0;
      last = n;
    }
    if (value.empty()) return Plain(number, column0, first);
    ConsumeThrough(last);
    return Scalar(number, column0, std::move(value), false);
  }

  // A literal block scalar whose header `v` (`|` or `|-`, no indentation
  // indicator, no `+`) is on line `number`: its content is the lines below
  // indented more than `top`, as deep as the first that is not blank.
  // Consumes those lines.
  YamlNodePtr Literal(int number, int column0, std::string_view v, int top) {
    size_t i = 1;
    bool strip = i < v.size() && v[i] == '-';
    if (strip) ++i;
    if (!IsTrailer(v.substr(i))) return nullptr;
    size_t indent = 0;  // 0 until the first line that is not blank
    size_t leading_blank = 0;
    size_t last = 0;  // its last line with content
    for (size_t n = static_cast<size_t>(number) + 1; n < raw_.size(); ++n) {
      size_t spaces = raw_[n].find_first_not_of(' ');
      if (spaces == std::string_view::npos) {
        if (indent == 0) leading_blank = std::max(leading_blank, raw_[n].size());
        // Spaces past the indentation are content, even on a blank line.
        if (indent > 0 && raw_[n].size() > indent) last = n;
        continue;
      }
      if (indent == 0) {
        // Blank lines deeper than the content before it are an error.
        if (static_cast<int>(spaces) <= top || leading_blank > spaces) break;
        indent = spaces;
      } else if (spaces < indent) {
        break;
      }
      last = n;
    }
    // No content (yaml-cpp's empty value), or the file's last line with no
    // line break: left to yaml-cpp.
    if (indent == 0 || (last + 1 == raw_.size() && !ends_with_newline_)) return nullptr;
    std::string value;
    for (size_t n = static_cast<size_t>(number) + 1; n <= last; ++n) {
      if (raw_[n].size() > indent) value.append(raw_[n].substr(indent));
      if (n < last || !strip) value += '\n';
    }
    ConsumeThrough(last);
    return Scalar(number, column0, std::move(value), false);
  }

  YamlNodePtr Plain(int number, int column0, std::string_view text) {
    if (IsNullLiteral(text)) return NewNode(Kind::kNull, number, column0);
    return Scalar(number, column0, std::string(text), false);
  }

  YamlNodePtr Scalar(int number, int column0, std::string value, bool quoted) {
    auto node = NewNode(Kind::kScalar, number, column0);
    node->scalar = std::move(value);
    node->quoted = quoted;
    return node;
  }

  // The scalar [start, end) of a flow collection on line `number`.
  YamlNodePtr FlowScalar(int number, int column0, std::string_view v, size_t start, size_t end) {
    std::string_view text = v.substr(start, end - start);
    int column = column0 + static_cast<int>(start);
    if (text[0] == '"' || text[0] == '\'') return Scalar(number, column, Unquote(text), true);
    return Plain(number, column, text);
  }

  // `[]`/`{}`, or `[item, …]` / `{key: value, …}` of quoted or simple plain
  // scalars (ScanFlowCollection), on one line.
  YamlNodePtr Flow(int number, int column0, std::string_view v, size_t depth) {
    if (depth >= max_depth_) return nullptr;
    bool map = v[0] == '{';
    auto node = NewNode(map ? Kind::kMap : Kind::kSequence, number, column0);
    YamlNodePtr key;
    size_t end = ScanFlowCollection(v, [&](size_t start, size_t stop) {
      YamlNodePtr scalar = FlowScalar(number, column0, v, start, stop);
      if (!map) {
        node->items.push_back(std::move(scalar));
      } else if (!key) {
        key = std::move(scalar);
      } else {
        node->entries.push_back(YamlNode::Entry{key->IsScalar() ? key->scalar : "", key->line,
                                                key->column, std::move(scalar)});
        key = nullptr;
      }
      return true;
    });
    if (end == std::string_view::npos || !IsTrailer(v.substr(end))) return nullptr;
    if (map && node->entries.size() > kIndexedMapSize) return nullptr;  // rare: yaml-cpp's
    return node;
  }

  int first_line_;
  size_t max_depth_;
  size_t budget_;
  std::vector<std::string_view> raw_;  // every line, by number
  bool ends_with_newline_ = false;
  std::vector<Line> lines_;  // those with content
  size_t at_ = 0;
  size_t nodes_ = 0;
  bool ok_ = true;
};

}  // namespace

YamlNodePtr ParseFastSubset(std::string_view text, int first_line, size_t max_depth,
                            size_t node_budget, size_t* nodes) {
  Builder builder(text, first_line, max_depth, node_budget);
  YamlNodePtr root = builder.Run();
  *nodes = builder.nodes();
  return root;
}

}  // namespace skewlint
