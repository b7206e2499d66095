#include "linter/glob.h"

#include <re2/re2.h>

#include "linter/utf8.h"

namespace skewlint {
namespace {

bool IsRegexSpecial(char c) {
  static constexpr std::string_view kSpecial = R"(\.+()|{}^$*?[])";
  return kSpecial.find(c) != std::string_view::npos;
}

// Copies a [...] class starting at glob[i]; returns the index after it, or
// i when the bracket is not closed (then it is a literal '[').
size_t CopyClass(std::string_view glob, size_t i, std::string& out) {
  size_t end = glob.find(']', i + 2);
  if (end == std::string_view::npos) return i;
  std::string_view body = glob.substr(i + 1, end - i - 1);
  out += '[';
  bool negated = !body.empty() && body[0] == '!';
  if (negated) {
    out += '^';
    body.remove_prefix(1);
  }
  for (char c : body) {
    if (c == '\\' || c == '[') out += '\\';
    out += c;
  }
  if (negated) out += '/';  // a class stays inside one segment
  out += ']';
  return end + 1;
}

}  // namespace

std::string GlobToRegex(std::string_view glob) {
  std::string out = "(?s)^";  // a name may hold a line break
  if (glob.find('/') == std::string_view::npos) out += "(?:.*/)?";
  if (!glob.empty() && glob[0] == '/') glob.remove_prefix(1);
  for (size_t i = 0; i < glob.size();) {
    if (glob.substr(i, 3) == "**/") {
      out += "(?:.*/)?";
      i += 3;
    } else if (glob.substr(i) == "**") {
      out += ".*";
      i += 2;
    } else if (glob[i] == '*') {
      out += "[^/]*";
      ++i;
    } else if (glob[i] == '?') {
      out += "[^/]";
      ++i;
    } else if (glob[i] == '[' && CopyClass(glob, i, out) != i) {
      i = glob.find(']', i + 2) + 1;
    } else {
      if (IsRegexSpecial(glob[i])) out += '\\';
      out += glob[i++];
    }
  }
  return out + "$";
}

bool GlobMatchesPath(const re2::RE2& glob, std::string_view path) {
  if (IsValidUtf8(path)) return RE2::FullMatch(re2::StringPiece(path.data(), path.size()), glob);
  return RE2::FullMatch(ReplaceInvalidUtf8(path), glob);
}

}  // namespace skewlint
