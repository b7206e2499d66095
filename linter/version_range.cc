#include "linter/version_range.h"

#include <charconv>
#include <cstdint>

namespace skewlint {
namespace {

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t start = text.find_first_not_of(" \t", at);
    if (start == std::string_view::npos) break;
    size_t end = text.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    at = end;
  }
  return out;
}

bool IsWildcard(std::string_view part) { return part == "x" || part == "X" || part == "*"; }

// "1.9.x" -> {1, 9}; "1.9.3" -> {1, 9, 3}; "*" -> {}. nullopt when malformed.
std::optional<std::vector<uint64_t>> Numbers(std::string_view text) {
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  std::vector<uint64_t> out;
  bool wild = false;
  size_t parts = 0;
  while (true) {
    size_t dot = text.find('.');
    std::string_view part = text.substr(0, dot);
    ++parts;
    if (IsWildcard(part)) {
      wild = true;
    } else {
      uint64_t n = 0;
      auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
      if (wild || part.empty() || ec != std::errc() || end != part.data() + part.size() ||
          n == UINT64_MAX) {
        return std::nullopt;  // UINT64_MAX: the series after it would not fit
      }
      out.push_back(n);
    }
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  if (parts > 3) return std::nullopt;
  return out;
}

}  // namespace

std::optional<VersionRange> VersionRange::Parse(std::string_view text, std::string* error) {
  VersionRange range;
  for (std::string_view word : Words(text)) {
    Term term;
    size_t op_size = 0;
    if (word.starts_with(">=")) {
      term.op = Term::Op::kGe, op_size = 2;
    } else if (word.starts_with("<=")) {
      term.op = Term::Op::kLe, op_size = 2;
    } else if (word.starts_with(">")) {
      term.op = Term::Op::kGt, op_size = 1;
    } else if (word.starts_with("<")) {
      term.op = Term::Op::kLt, op_size = 1;
    } else if (word.starts_with("=")) {
      term.op = Term::Op::kEq, op_size = 1;
    }
    auto numbers = Numbers(word.substr(op_size));
    if (!numbers) {
      *error = "expected a version range such as '>=1.6.0 <1.16.0' or '1.9.x', found '" +
               std::string(word) + "'";
      return std::nullopt;
    }
    const auto& n = *numbers;
    term.any = n.empty();
    term.exact = n.size() == 3;
    if (n.size() == 1) {
      term.low = Version::Make(n[0], 0, 0);
      term.high = Version::Make(n[0] + 1, 0, 0);
    } else if (n.size() == 2) {
      term.low = Version::Make(n[0], n[1], 0);
      term.high = Version::Make(n[0], n[1] + 1, 0);
    } else if (n.size() == 3) {
      term.low = Version::Make(n[0], n[1], n[2]);
    }
    range.terms_.push_back(term);
    range.text_ += (range.text_.empty() ? "" : " ") + std::string(word);
  }
  if (range.terms_.empty()) {
    *error = "expected a version range such as '>=1.6.0 <1.16.0' or '1.9.x', found nothing";
    return std::nullopt;
  }
  return range;
}

bool VersionRange::Holds(const Term& term, const Version& v) {
  if (term.any) return true;
  if (term.exact) {
    switch (term.op) {
      case Term::Op::kEq:
        return v == term.low;
      case Term::Op::kGt:
        return v > term.low;
      case Term::Op::kGe:
        return v >= term.low;
      case Term::Op::kLt:
        return v < term.low;
      case Term::Op::kLe:
        return v <= term.low;
    }
  }
  // A series: [low, high). Pre-releases of `low` sort before it and stay out.
  switch (term.op) {
    case Term::Op::kEq:
      return v >= term.low && v < term.high;
    case Term::Op::kGt:
    case Term::Op::kGe:
      return v >= (term.op == Term::Op::kGt ? term.high : term.low);
    case Term::Op::kLt:
    case Term::Op::kLe:
      return v < (term.op == Term::Op::kLt ? term.low : term.high);
  }
  return false;
}

Version VersionRange::Lowest() const {
  Version lowest = Version::Make(0, 0, 0);
  for (const auto& term : terms_) {
    if (term.any || term.op == Term::Op::kLt || term.op == Term::Op::kLe) continue;
    Version bound = term.low;
    if (term.op == Term::Op::kGt) {
      bound = term.exact ? Version::Make(term.low.major, term.low.minor, term.low.patch + 1)
                         : term.high;
    }
    if (bound > lowest) lowest = bound;
  }
  return lowest;
}

bool VersionRange::Contains(const Version& version) const {
  if (!version.versioned) return false;
  for (const auto& term : terms_) {
    if (!Holds(term, version)) return false;
  }
  return true;
}

}  // namespace skewlint
