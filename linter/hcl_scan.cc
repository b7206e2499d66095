#include "linter/hcl_scan.h"

#include <cctype>

namespace skewlint {
namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

struct Open {
  size_t block;
  int depth;
};

class Scanner {
 public:
  Scanner(std::string_view text, std::string_view name) : text_(text), name_(name) {}

  /// One pass: names that open a block are recorded with their start, and
  /// the brace that brings the depth back closes them.
  std::vector<HclBlock> Run() {
    while (pos_ < text_.size()) {
      size_t start = pos_;
      int line = line_;
      int column = column_;
      std::string word;
      if (SkipTrivia()) continue;
      if (ReadWord(word)) {
        if (word == name_ && OpensBlock()) {
          pending_ = blocks_.size();
          blocks_.push_back({line, column, ""});
          starts_.push_back(start);
          ends_.push_back(text_.size());
        }
        continue;
      }
      Brace(At(pos_));
      Advance();
    }
    for (size_t i = 0; i < blocks_.size(); ++i) {
      blocks_[i].text = std::string(text_.substr(starts_[i], ends_[i] - starts_[i]));
    }
    return std::move(blocks_);
  }

 private:
  char At(size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  void Advance() {
    if (At(pos_) == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }

  void Brace(char c) {
    if (c == '{') {
      ++depth_;
      if (pending_ != kNone) open_.push_back({pending_, depth_});
      pending_ = kNone;
    } else if (c == '}') {
      if (!open_.empty() && open_.back().depth == depth_) {
        ends_[open_.back().block] = pos_ + 1;
        open_.pop_back();
      }
      --depth_;
    }
  }

  /// Skips a comment at the cursor; true when there was one.
  bool SkipTrivia() {
    char c = At(pos_);
    if (c == '#' || (c == '/' && At(pos_ + 1) == '/')) {
      while (pos_ < text_.size() && At(pos_) != '\n') Advance();
      return true;
    }
    if (c == '/' && At(pos_ + 1) == '*') {
      Advance();
      Advance();
      while (pos_ < text_.size() && !(At(pos_) == '*' && At(pos_ + 1) == '/')) Advance();
      if (pos_ < text_.size()) Advance(), Advance();
      return true;
    }
    return false;
  }

  /// Reads an identifier or a quoted string at the cursor into `word`.
  bool ReadWord(std::string& word) {
    char c = At(pos_);
    if (c == '"') {
      Advance();
      while (pos_ < text_.size() && At(pos_) != '"') {
        if (At(pos_) == '\\') Advance();
        if (pos_ < text_.size()) word += At(pos_), Advance();
      }
      if (pos_ < text_.size()) Advance();
      return true;
    }
    if (!IsIdentStart(c)) return false;
    while (pos_ < text_.size() && IsIdentChar(At(pos_))) word += At(pos_), Advance();
    return true;
  }

  /// After a name: optional `=` or `:`, then `{`. Does not move the cursor.
  bool OpensBlock() const {
    size_t i = pos_;
    while (At(i) == ' ' || At(i) == '\t') ++i;
    if (At(i) == '=' || At(i) == ':') {
      ++i;
      while (At(i) == ' ' || At(i) == '\t' || At(i) == '\n' || At(i) == '\r') ++i;
    }
    return At(i) == '{';
  }

  static constexpr size_t kNone = static_cast<size_t>(-1);

  std::string_view text_;
  std::string_view name_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  int depth_ = 0;
  size_t pending_ = kNone;
  std::vector<Open> open_;
  std::vector<HclBlock> blocks_;
  std::vector<size_t> starts_;
  std::vector<size_t> ends_;
};

}  // namespace

std::vector<HclBlock> FindHclBlocks(std::string_view text, std::string_view name) {
  if (name.empty()) return {};
  return Scanner(text, name).Run();
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace skewlint
