#include "linter/yaml_fastcheck.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "linter/yaml_subset.h"

// CertainlyParses accepts a strict subset of block YAML that yaml-cpp (as
// ParseYaml drives it) is known to read without error, and answers false on
// everything else. The subset, line by line:
//
//   - documents cut at `---` lines exactly as ParseYaml cuts them; the
//     marker line may only carry spaces and a ` #` comment; `...` lines,
//     directives, a BOM, CR and control characters are not in the subset;
//   - blank lines (spaces only) and comment lines (spaces, then `#`);
//   - block maps `key: value` / `key:` and block sequences `- value` / `-`,
//     nested by indentation (spaces only), with compact forms on one line
//     (`- key: v`, `- - v`) and a sequence at its key's indentation
//     (`key:\n- a`); every content line must continue an open collection at
//     exactly its indentation or open one under an empty value;
//   - keys: plain scalars (no ` #`, no space before the `:`) or single-line
//     quoted scalars, at most kMaxKeyLength bytes;
//   - values: plain scalars on one line (`:` only when not followed by a
//     space, `#` only when not after a space), single- or double-quoted
//     scalars on one line (a few simple escapes), one-line flow sequences
//     and maps of quoted or simple plain scalars (`[a, "b"]`, `{k: v}`, `[]`,
//     `{}`), and block scalars (`|`,
//     `>`, chomping and an indentation indicator) with their content lines;
//   - any value may be followed by spaces and a ` #` comment.
//
// Tabs are only accepted inside block scalar content (past its indentation);
// bytes >= 0x80 only inside scalars and comments, never as a scalar's first
// byte (yaml-cpp guesses the encoding from a document's first bytes).
// Depth, node and document counts are kept well inside `limits`.

namespace skewlint {
namespace {

using namespace yaml_subset;  // NOLINT(build/namespaces)

class FastChecker {
 public:
  FastChecker(std::string_view text, const YamlLimits& limits)
      : text_(text),
        max_documents_(limits.max_documents),
        max_nodes_(std::min(limits.max_nodes, limits.max_expanded_nodes)),
        max_depth_(std::min(limits.max_depth, kMaxDepth)) {
    frames_.reserve(32);
  }

  bool Run() {
    if (text_.substr(0, kBom.size()) == kBom) return false;
    const char* data = text_.data();
    size_t size = text_.size();
    size_t pos = 0;
    while (pos < size) {
      size_t end = pos;
      bool tab = false;
      for (; end < size; ++end) {
        auto c = static_cast<unsigned char>(data[end]);
        if (c >= 0x20 && c != 0x7F) continue;
        if (c == '\n') break;
        if (c != '\t') return false;  // CR, NUL and other control characters
        tab = true;
      }
      if (!Line(text_.substr(pos, end - pos), tab)) return false;
      pos = end + 1;
    }
    return true;
  }

 private:
  enum class Kind : uint8_t { kMap, kSeq };
  enum class Pending : uint8_t { kNone, kKey, kDash };
  struct Frame {
    int indent;
    Kind kind;
    bool indentless;  // a sequence at its parent key's indentation
  };

  bool Line(std::string_view line, bool tab) {
    // Document markers, cut exactly where ParseYaml's splitter cuts.
    if (line.size() >= 3 && (line.size() == 3 || line[3] == ' ' || line[3] == '\t')) {
      if (line.starts_with("---")) {
        if (tab || !IsTrailer(line.substr(3))) return false;
        StartDocument();
        return true;
      }
      if (line.starts_with("...")) return false;
    }
    if (in_block_ && BlockContent(line)) return true;
    if (!ok_) return false;
    if (tab) return false;
    size_t spaces = 0;
    while (spaces < line.size() && line[spaces] == ' ') ++spaces;
    if (spaces == line.size() || line[spaces] == '#') return true;  // blank or comment
    if (spaces == 0 && (line.starts_with("---") || line.starts_with("..."))) return false;
    if (!doc_started_) {
      doc_started_ = true;
      if (++documents_ >= max_documents_) return false;
    }
    if (spaces > 100000) return false;
    return Content(static_cast<int>(spaces), line.substr(spaces));
  }

  void StartDocument() {
    frames_.clear();
    pending_ = Pending::kNone;
    in_block_ = false;
    root_opened_ = false;
    doc_started_ = false;
  }

  /// A line while a block scalar is open: true when it is the scalar's
  /// content (or a blank line inside it). False ends the scalar, or sets
  /// ok_ = false when the line is a problem.
  bool BlockContent(std::string_view line) {
    size_t spaces = 0;
    while (spaces < line.size() && line[spaces] == ' ') ++spaces;
    if (spaces == line.size()) {
      if (block_indent_ == 0) block_blank_max_ = std::max(block_blank_max_, spaces);
      return true;
    }
    if (block_indent_ == 0) {  // indentation not detected yet
      if (line[spaces] == '\t' || (spaces >= block_min_ && block_blank_max_ > spaces)) {
        ok_ = false;
        return false;
      }
      if (spaces >= block_min_) {
        block_indent_ = spaces;
        return true;
      }
    } else if (spaces >= block_indent_) {
      return true;
    } else if (line[spaces] == '\t') {
      ok_ = false;  // yaml-cpp: tab in indentation
      return false;
    }
    in_block_ = false;
    return false;
  }

  bool Content(int col, std::string_view rest) {
    if (pending_ != Pending::kNone) {
      Pending pending = pending_;
      pending_ = Pending::kNone;
      if (col > pending_col_ || (pending == Pending::kKey && col == pending_col_ && IsDash(rest))) {
        return Open(col, rest, col == pending_col_);
      }
    }
    if (frames_.empty()) {
      if (root_opened_) return false;
      root_opened_ = true;
      return Open(col, rest, false);
    }
    while (!frames_.empty() && frames_.back().indent > col) frames_.pop_back();
    if (!frames_.empty() && frames_.back().indent == col && frames_.back().indentless &&
        !IsDash(rest)) {
      frames_.pop_back();
    }
    if (frames_.empty() || frames_.back().indent != col) return false;
    return frames_.back().kind == Kind::kSeq ? SeqEntry(col, rest) : MapEntry(col, rest);
  }

  /// A new collection starting at `col` with its first entry.
  bool Open(int col, std::string_view rest, bool indentless) {
    if (IsDash(rest)) return Push(col, Kind::kSeq, indentless) && SeqEntry(col, rest);
    size_t colon = 0;
    if (ClassifyKey(rest, &colon) != KeyKind::kKey) return false;
    return Push(col, Kind::kMap, false) && MapEntry(col, rest);
  }

  bool SeqEntry(int col, std::string_view rest) {
    if (!IsDash(rest) || !Spend(1)) return false;
    size_t i = 1;
    while (i < rest.size() && rest[i] == ' ') ++i;
    if (i == rest.size() || rest[i] == '#') {
      pending_ = Pending::kDash;
      pending_col_ = col;
      return true;
    }
    int inner = col + static_cast<int>(i);
    std::string_view item = rest.substr(i);
    if (IsDash(item)) return Push(inner, Kind::kSeq, false) && SeqEntry(inner, item);
    size_t colon = 0;
    switch (ClassifyKey(item, &colon)) {
      case KeyKind::kKey:
        return Push(inner, Kind::kMap, false) && MapEntry(inner, item);
      case KeyKind::kNotKey:
        return Value(item);
      case KeyKind::kBad:
        return false;
    }
    return false;
  }

  bool MapEntry(int col, std::string_view rest) {
    size_t colon = 0;
    if (ClassifyKey(rest, &colon) != KeyKind::kKey || !Spend(2)) return false;
    size_t i = colon + 1;
    while (i < rest.size() && rest[i] == ' ') ++i;
    if (i == rest.size() || rest[i] == '#') {
      pending_ = Pending::kKey;
      pending_col_ = col;
      return true;
    }
    return Value(rest.substr(i));
  }

  /// A scalar or one-line flow value (`v` not empty, no leading space).
  bool Value(std::string_view v) {
    switch (v[0]) {
      case '|':
      case '>':
        return BlockHeader(v);
      case '"':
      case '\'': {
        size_t end = QuotedEnd(v);
        return end != std::string_view::npos && IsTrailer(v.substr(end));
      }
      case '[':
      case '{':
        return FlowCollection(v);
      default:
        break;
    }
    if (!IsPlainStart(v)) return false;
    for (size_t i = 1; i < v.size(); ++i) {
      if (v[i] == ':' && (i + 1 == v.size() || v[i + 1] == ' ')) return false;  // a: b: c
      if (v[i] == '#' && v[i - 1] == ' ') break;
    }
    return true;
  }

  bool BlockHeader(std::string_view v) {
    size_t i = 1;
    size_t indicator = 0;
    bool chomp = false;
    for (; i < v.size() && i <= 2; ++i) {
      if ((v[i] == '-' || v[i] == '+') && !chomp) {
        chomp = true;
      } else if (v[i] >= '1' && v[i] <= '9' && indicator == 0) {
        indicator = static_cast<size_t>(v[i] - '0');
      } else {
        break;
      }
    }
    if (!IsTrailer(v.substr(i))) return false;
    // yaml-cpp measures the content from the innermost block collection.
    size_t top = static_cast<size_t>(frames_.back().indent);
    in_block_ = true;
    block_blank_max_ = 0;
    block_indent_ = indicator > 0 ? top + indicator : 0;
    block_min_ = top + 1;
    return true;
  }

  /// `[]`/`{}`, or `[item, …]` / `{key: value, …}` of quoted or simple
  /// plain scalars, on one line.
  bool FlowCollection(std::string_view v) {
    size_t nodes = 1;
    size_t end = ScanFlowCollection(v, [&nodes](size_t, size_t) {
      ++nodes;
      return true;
    });
    return end != std::string_view::npos && IsTrailer(v.substr(end)) && Spend(nodes) &&
           frames_.size() + 3 < max_depth_;
  }

  bool Push(int col, Kind kind, bool indentless) {
    if (frames_.size() + 3 >= max_depth_ || !Spend(1)) return false;
    frames_.push_back(Frame{col, kind, indentless});
    return true;
  }

  /// Counts nodes (never fewer than yaml-cpp builds) against the limits.
  bool Spend(size_t nodes) {
    nodes_ += nodes;
    return nodes_ < max_nodes_;
  }

  std::string_view text_;
  size_t max_documents_;
  size_t max_nodes_;
  size_t max_depth_;
  std::vector<Frame> frames_;
  Pending pending_ = Pending::kNone;
  int pending_col_ = 0;
  bool root_opened_ = false;
  bool doc_started_ = false;
  bool ok_ = true;
  size_t documents_ = 0;
  size_t nodes_ = 0;
  // The open block scalar, if any.
  bool in_block_ = false;
  size_t block_indent_ = 0;  // 0 while not yet detected
  size_t block_min_ = 0;     // the least indentation its content may have
  size_t block_blank_max_ = 0;
};

}  // namespace

bool CertainlyParses(std::string_view text, const YamlLimits& limits) {
  return FastChecker(text, limits).Run();
}

}  // namespace skewlint
