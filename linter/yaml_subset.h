#pragma once

// The simple subset of block YAML that CertainlyParses vouches for and
// ParseFastSubset builds trees of: the pieces both read lines with.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace skewlint::yaml_subset {

/// yaml-cpp drops a simple key longer than 1024 bytes (and then fails).
inline constexpr size_t kMaxKeyLength = 1000;
/// A hard cap on nesting whatever the limits say, far inside yaml-cpp's own.
inline constexpr size_t kMaxDepth = 200;

inline constexpr std::string_view kBom = "\xEF\xBB\xBF";

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
inline bool IsAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// `-` alone or followed by a space: a block sequence entry.
inline bool IsDash(std::string_view s) { return s[0] == '-' && (s.size() == 1 || s[1] == ' '); }

/// Whether `s` (not empty, no leading space) may start a plain scalar here.
inline bool IsPlainStart(std::string_view s) {
  auto c = static_cast<unsigned char>(s[0]);
  if (c <= ' ' || c >= 0x80) return false;
  switch (c) {
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
    case '?':
    case ':':
      return false;
    case '-':
      return s.size() > 1 && s[1] != ' ';
    default:
      return true;
  }
}

/// What may follow a complete value: spaces, then the end or a comment.
inline bool IsTrailer(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return i == s.size() || (i > 0 && s[i] == '#');
}

/// Validates the escape at s[i] == '\\' of a double-quoted scalar; returns
/// the index after it, or npos when it is not one we know yaml-cpp reads.
inline size_t SkipEscape(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return std::string_view::npos;
  char e = s[i + 1];
  switch (e) {
    case '0':
    case 'a':
    case 'b':
    case 't':
    case 'n':
    case 'v':
    case 'f':
    case 'r':
    case 'e':
    case ' ':
    case '"':
    case '/':
    case '\\':
    case 'N':
    case '_':
    case 'L':
    case 'P':
      return i + 2;
    case 'x':
    case 'u': {
      size_t digits = e == 'x' ? 2 : 4;
      if (i + 2 + digits > s.size()) return std::string_view::npos;
      unsigned value = 0;
      for (size_t k = 0; k < digits; ++k) {
        char h = s[i + 2 + k];
        if (!IsHex(h)) return std::string_view::npos;
        value = value * 16 + static_cast<unsigned>(IsDigit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
      }
      if (value >= 0xD800 && value <= 0xDFFF) return std::string_view::npos;
      return i + 2 + digits;
    }
    default:
      return std::string_view::npos;
  }
}

/// `s` starts with a quote: the index after the closing quote on this line,
/// or npos (not closed on the line, or an escape we do not vouch for).
inline size_t QuotedEnd(std::string_view s) {
  if (s[0] == '\'') {
    for (size_t i = 1; i < s.size(); ++i) {
      if (s[i] != '\'') continue;
      if (i + 1 < s.size() && s[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i + 1;
    }
    return std::string_view::npos;
  }
  for (size_t i = 1; i < s.size();) {
    if (s[i] == '"') return i + 1;
    if (s[i] == '\\') {
      i = SkipEscape(s, i);
      if (i == std::string_view::npos) return i;
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

enum class KeyKind : uint8_t { kKey, kNotKey, kBad };

/// Whether `s` (not empty, no leading space) is `key: …` / `key:`; sets
/// `colon` to the index of the `:` of a key.
inline KeyKind ClassifyKey(std::string_view s, size_t* colon) {
  if (s[0] == '"' || s[0] == '\'') {
    size_t end = QuotedEnd(s);
    if (end == std::string_view::npos) return KeyKind::kBad;
    if (end < s.size() && s[end] == ':' && (end + 1 == s.size() || s[end + 1] == ' ')) {
      if (end > kMaxKeyLength) return KeyKind::kBad;
      *colon = end;
      return KeyKind::kKey;
    }
    return KeyKind::kNotKey;
  }
  if (!IsPlainStart(s)) return KeyKind::kNotKey;
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) {
      if (s[i - 1] == ' ' || i > kMaxKeyLength) return KeyKind::kBad;
      *colon = i;
      return KeyKind::kKey;
    }
    if (s[i] == '#' && s[i - 1] == ' ') return KeyKind::kNotKey;
  }
  return KeyKind::kNotKey;
}

inline bool IsFlowPlainChar(char c) {
  return IsAlnum(c) || c == '_' || c == '.' || c == '/' || c == '-' || c == '+' || c == '=';
}

/// A scalar inside a one-line flow collection at v[i]: quoted, or plain of
/// a few safe characters. Returns the index after it, or npos.
inline size_t FlowScalarEnd(std::string_view v, size_t i) {
  if (i >= v.size()) return std::string_view::npos;
  if (v[i] == '"' || v[i] == '\'') {
    size_t end = QuotedEnd(v.substr(i));
    return end == std::string_view::npos ? end : i + end;
  }
  bool dash = v[i] == '-';
  if (!IsFlowPlainChar(v[i]) || v[i] == '+' || v[i] == '=') return std::string_view::npos;
  size_t start = i;
  while (i < v.size() && IsFlowPlainChar(v[i])) ++i;
  if (dash && i == start + 1) return std::string_view::npos;  // `-` alone
  return i;
}

/// Scans `[]`/`{}`, or `[item, …]` / `{key: value, …}` of FlowScalarEnd
/// scalars, opening at v[0], on one line: `on_scalar(start, end)` is called
/// for each scalar in order (a map's key, then its value) and may refuse it
/// by returning false. Returns the index after the closing bracket, or npos.
template <typename OnScalar>
size_t ScanFlowCollection(std::string_view v, OnScalar on_scalar) {
  constexpr size_t npos = std::string_view::npos;
  bool map = v[0] == '{';
  char close = map ? '}' : ']';
  size_t i = 1;
  auto skip_spaces = [&] {
    while (i < v.size() && v[i] == ' ') ++i;
  };
  auto scalar = [&] {
    size_t start = i;
    i = FlowScalarEnd(v, i);
    return i != npos && on_scalar(start, i);
  };
  skip_spaces();
  if (i < v.size() && v[i] == close) return i + 1;
  while (true) {
    if (!scalar()) return npos;
    if (map) {
      if (i + 1 >= v.size() || v[i] != ':' || v[i + 1] != ' ') return npos;
      ++i;
      skip_spaces();
      if (!scalar()) return npos;
    }
    skip_spaces();
    if (i < v.size() && v[i] == ',') {
      ++i;
      skip_spaces();
      continue;
    }
    if (i < v.size() && v[i] == close) return i + 1;
    return npos;
  }
}

}  // namespace skewlint::yaml_subset
