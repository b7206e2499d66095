#include "linter/version.h"

#include <algorithm>
#include <array>

#include "linter/image_ref.h"

namespace skewlint {
namespace {

constexpr std::array<std::string_view, 10> kPrereleaseMarkers = {
    "alpha", "beta", "rc", "pre", "preview", "dev", "snapshot", "nightly", "canary", "milestone"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
}

bool IsIdentifierChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::optional<uint64_t> ParseNumber(std::string_view text) {
  if (!IsDigits(text)) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    auto digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

/// A marker followed by nothing or a digit ("rc", "rc1", "M2"), or a number.
bool StartsWithPrereleaseMarker(std::string_view identifier) {
  std::string lower = ToLower(identifier);
  std::string_view text = lower;
  if (IsDigits(text)) return true;
  if (text.size() > 1 && text[0] == 'm' && IsDigits(text.substr(1))) return true;
  return std::any_of(kPrereleaseMarkers.begin(), kPrereleaseMarkers.end(), [&](auto marker) {
    return text.starts_with(marker) &&
           (text.size() == marker.size() || IsDigit(text[marker.size()]));
  });
}

bool IsPrereleasePart(std::string_view part) {
  return StartsWithPrereleaseMarker(part.substr(0, part.find('.')));
}

/// The number of a build revision: a suffix that is only a number
/// (`14.7-11`), or a last part `r` and a number (`-r4`, `-debian-12-r3`)
/// with no part before it starting with a pre-release marker (`1.2.3-rc-r1`
/// stays rc). A number after a variant is the variant's (`-debian-12`).
std::optional<uint64_t> BuildRevision(const std::vector<std::string_view>& parts) {
  std::string_view last = parts.back();
  bool r_number = last.size() > 1 && (last[0] == 'r' || last[0] == 'R');
  if (r_number) last.remove_prefix(1);
  if (!IsDigits(last) || (!r_number && parts.size() > 1)) return std::nullopt;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    std::string_view head = parts[i].substr(0, parts[i].find('.'));
    if (!IsDigits(head) && StartsWithPrereleaseMarker(head)) return std::nullopt;
  }
  return ParseNumber(last);
}

/// Dot-separated, non-empty identifiers of `[0-9A-Za-z-]`, plus '_' in a
/// variant (Docker tags allow it).
bool IsValidSuffixPart(std::string_view part) {
  for (std::string_view identifier : Split(part, '.')) {
    if (identifier.empty()) return false;
    for (char c : identifier) {
      if (!IsIdentifierChar(c) && c != '_') return false;
    }
  }
  return true;
}

std::string Join(const std::vector<std::string_view>& parts, size_t begin, size_t end,
                 char separator) {
  std::string joined;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) joined += separator;
    joined += parts[i];
  }
  return joined;
}

/// Splits what follows the first '-' into pre-release identifiers and a
/// variant: leading dash parts that start with a pre-release marker form the
/// pre-release, the rest is the variant.
bool ParseSuffix(std::string_view suffix, Version& version) {
  std::vector<std::string_view> parts = Split(suffix, '-');
  if (!std::all_of(parts.begin(), parts.end(), IsValidSuffixPart)) return false;
  if (std::optional<uint64_t> revision = BuildRevision(parts)) {
    version.revision = revision;
    parts.pop_back();
  }
  size_t prerelease_end = 0;
  while (prerelease_end < parts.size() && IsPrereleasePart(parts[prerelease_end]) &&
         parts[prerelease_end].find('_') == std::string_view::npos) {
    ++prerelease_end;
  }
  std::string prerelease = Join(parts, 0, prerelease_end, '-');
  if (!prerelease.empty()) {
    for (std::string_view identifier : Split(prerelease, '.')) {
      version.prerelease.emplace_back(identifier);
    }
  }
  version.variant = Join(parts, prerelease_end, parts.size(), '-');
  return true;
}

bool IsValidBuild(std::string_view build) {
  std::vector<std::string_view> identifiers = Split(build, '.');
  return std::all_of(identifiers.begin(), identifiers.end(), [](std::string_view identifier) {
    return !identifier.empty() &&
           std::all_of(identifier.begin(), identifier.end(), IsIdentifierChar);
  });
}

/// The release counter of a Kubernetes distribution in build metadata:
/// k3s's `+k3s2` and RKE2's `+rke2r2` are the second build of that
/// Kubernetes release. Other build metadata is not ordered (semver).
std::optional<uint64_t> DistributionRevision(std::string_view build) {
  for (std::string_view prefix : {"k3s", "rke2r"}) {
    if (build.starts_with(prefix) && IsDigits(build.substr(prefix.size())))
      return ParseNumber(build.substr(prefix.size()));
  }
  return std::nullopt;
}

/// Parses `[v]MAJOR.MINOR[.PATCH][-SUFFIX][+BUILD]` into `version`.
bool ParseTag(std::string_view tag, Version& version) {
  size_t plus = tag.find('+');
  std::optional<uint64_t> distribution_revision;
  if (plus != std::string_view::npos) {
    if (!IsValidBuild(tag.substr(plus + 1))) return false;
    distribution_revision = DistributionRevision(tag.substr(plus + 1));
    tag = tag.substr(0, plus);
  }
  if (tag.starts_with('v') || tag.starts_with('V')) tag.remove_prefix(1);
  size_t dash = tag.find('-');
  std::vector<std::string_view> numbers = Split(tag.substr(0, dash), '.');
  if (numbers.size() < 2 || numbers.size() > 3) return false;
  std::array<uint64_t, 3> values = {0, 0, 0};
  for (size_t i = 0; i < numbers.size(); ++i) {
    std::optional<uint64_t> value = ParseNumber(numbers[i]);
    if (!value) return false;
    values[i] = *value;
  }
  if (dash != std::string_view::npos && !ParseSuffix(tag.substr(dash + 1), version)) return false;
  if (distribution_revision && !version.revision) version.revision = distribution_revision;
  version.major = values[0];
  version.minor = values[1];
  version.patch = values[2];
  return true;
}

std::strong_ordering CompareIdentifiers(std::string_view a, std::string_view b) {
  bool a_numeric = IsDigits(a);
  bool b_numeric = IsDigits(b);
  if (a_numeric != b_numeric)
    return a_numeric ? std::strong_ordering::less : std::strong_ordering::greater;
  if (a_numeric) {
    a.remove_prefix(std::min(a.find_first_not_of('0'), a.size()));
    b.remove_prefix(std::min(b.find_first_not_of('0'), b.size()));
    if (a.size() != b.size()) return a.size() <=> b.size();
  }
  return a.compare(b) <=> 0;
}

std::strong_ordering ComparePrerelease(const std::vector<std::string>& a,
                                       const std::vector<std::string>& b) {
  if (a.empty() != b.empty())
    return a.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (auto order = CompareIdentifiers(a[i], b[i]); order != 0) return order;
  }
  return a.size() <=> b.size();
}

}  // namespace

Version Version::Parse(std::string_view text) {
  Version version;
  version.raw = text;
  text = Trim(text);
  size_t at = text.find('@');
  if (at != std::string_view::npos) {
    if (!LooksLikeDigest(text.substr(at + 1))) return version;
    version.digest = text.substr(at + 1);
    text = text.substr(0, at);
  } else if (LooksLikeDigest(text)) {
    version.digest = text;
    return version;
  }
  Version parsed = version;
  if (!text.empty() && ParseTag(text, parsed)) {
    parsed.versioned = true;
    return parsed;
  }
  return version;
}

Version Version::Make(uint64_t major, uint64_t minor, uint64_t patch) {
  Version version;
  version.versioned = true;
  version.major = major;
  version.minor = minor;
  version.patch = patch;
  version.raw = version.Normalized();
  return version;
}

std::string Version::Normalized() const {
  if (!versioned) return "";
  std::string text =
      std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  for (size_t i = 0; i < prerelease.size(); ++i) {
    text += (i == 0 ? "-" : ".") + prerelease[i];
  }
  // A pre-release that is one number (`1.25.3-1-alpine` keeps "1") would
  // read back as a build revision: what told them apart stays.
  if (prerelease.size() == 1 && IsDigits(prerelease[0])) {
    if (!variant.empty()) text += "-" + variant;
    if (revision) text += "-r" + std::to_string(*revision);
  }
  return text;
}

std::strong_ordering Version::Compare(const Version& other) const {
  if (versioned != other.versioned) return versioned <=> other.versioned;
  if (!versioned) return std::strong_ordering::equal;
  if (auto order = major <=> other.major; order != 0) return order;
  if (auto order = minor <=> other.minor; order != 0) return order;
  if (auto order = patch <=> other.patch; order != 0) return order;
  if (auto order = ComparePrerelease(prerelease, other.prerelease); order != 0) return order;
  return revision <=> other.revision;
}

std::ostream& operator<<(std::ostream& os, const Version& v) {
  return os << (v.versioned ? v.Normalized() : v.raw);
}

namespace {

uint64_t AbsoluteDifference(uint64_t a, uint64_t b) { return a > b ? a - b : b - a; }

struct Series {
  uint64_t major = 0;
  uint64_t minor = 0;
};

/// The step out of `major` towards `target_major` that `adjacency` declares.
std::optional<std::pair<Series, Series>> StepFrom(uint64_t major, uint64_t target_major,
                                                  const Adjacency& adjacency) {
  for (const auto& [from_text, to_text] : adjacency.series) {
    Version from = Version::Parse(from_text);
    Version to = Version::Parse(to_text);
    if (!from.versioned || !to.versioned) continue;
    if (from.major == major && to.major > major && to.major <= target_major) {
      return std::pair{Series{from.major, from.minor}, Series{to.major, to.minor}};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<uint64_t> MinorDistance(const Version& from, const Version& to,
                                      const Adjacency& adjacency) {
  if (!from.versioned || !to.versioned) return std::nullopt;
  const Version& low = from.major <= to.major ? from : to;
  const Version& high = from.major <= to.major ? to : from;
  Series at{low.major, low.minor};
  uint64_t distance = 0;
  while (at.major < high.major) {
    auto step = StepFrom(at.major, high.major, adjacency);
    if (!step) return std::nullopt;
    distance += AbsoluteDifference(at.minor, step->first.minor) + 1;
    at = step->second;
  }
  return distance + AbsoluteDifference(at.minor, high.minor);
}

}  // namespace skewlint
