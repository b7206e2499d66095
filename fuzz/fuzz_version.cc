// Version parsing: Version::Parse, Normalized, Compare and MinorDistance, plus
// ParseImageRef on the same text. The input is lines: three versions, then
// adjacency pairs ("0.12 1.0") for MinorDistance.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "linter/image_ref.h"
#include "linter/version.h"

namespace skewlint::fuzz {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Adjacency AdjacencyOf(const std::vector<std::string_view>& lines) {
  Adjacency adjacency;
  for (size_t i = 3; i < lines.size() && adjacency.series.size() < 8; ++i) {
    size_t space = lines[i].find(' ');
    if (space == std::string_view::npos) continue;
    adjacency.series.emplace_back(std::string(lines[i].substr(0, space)),
                                  std::string(lines[i].substr(space + 1)));
  }
  return adjacency;
}

std::string Both(const Version& a, const Version& b) { return "'" + a.raw + "' '" + b.raw + "'"; }

void CheckOrder(const Version& a, const Version& b) {
  auto ab = a.Compare(b);
  auto ba = b.Compare(a);
  FUZZ_CHECK((ab < 0) == (ba > 0) && (ab == 0) == (ba == 0), "asymmetric order " + Both(a, b));
  if (a.versioned && b.versioned && ab == 0) {
    FUZZ_CHECK(a.major == b.major && a.minor == b.minor && a.patch == b.patch,
               "equal versions with different numbers " + Both(a, b));
  }
  if (a.versioned != b.versioned) {
    FUZZ_CHECK((ab < 0) == b.versioned, "unversioned must order first " + Both(a, b));
  }
}

void CheckTransitive(const Version& a, const Version& b, const Version& c) {
  if (a.Compare(b) <= 0 && b.Compare(c) <= 0) {
    FUZZ_CHECK(a.Compare(c) <= 0, "order is not transitive " + Both(a, b) + " '" + c.raw + "'");
  }
}

void CheckDistance(const Version& a, const Version& b, const Adjacency& adjacency) {
  auto plain = MinorDistance(a, b, Adjacency{});
  if (!a.versioned || !b.versioned) {
    FUZZ_CHECK(!plain, "distance with an unversioned value " + Both(a, b));
    FUZZ_CHECK(!MinorDistance(a, b, adjacency), "adjacent distance with unversioned " + Both(a, b));
    return;
  }
  if (a.major == b.major) {
    uint64_t expected = a.minor > b.minor ? a.minor - b.minor : b.minor - a.minor;
    FUZZ_CHECK(plain && *plain == expected, "same-major distance " + Both(a, b));
  } else {
    FUZZ_CHECK(!plain, "a distance across majors without adjacency " + Both(a, b));
  }
  auto forward = MinorDistance(a, b, adjacency);
  auto backward = MinorDistance(b, a, adjacency);
  FUZZ_CHECK(forward == backward, "distance is not symmetric " + Both(a, b));
}

void CheckImageRef(std::string_view text) {
  auto ref = ParseImageRef(text);
  if (!ref) return;
  FUZZ_CHECK(!ref->registry_and_repository.empty(),
             "image without a repository: " + std::string(text));
  FUZZ_CHECK(ref->digest.empty() || LooksLikeDigest(ref->digest), "bad digest kept");
  std::string again = ref->registry_and_repository;
  if (!ref->tag.empty()) again += ":" + ref->tag;
  if (!ref->digest.empty()) again += "@" + ref->digest;
  auto reparsed = ParseImageRef(again);
  FUZZ_CHECK(reparsed && *reparsed == *ref, "image ref does not round-trip: " + again);
}

}  // namespace
}  // namespace skewlint::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skewlint;
  using namespace skewlint::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines = Lines(text);
  std::vector<Version> versions;
  for (size_t i = 0; i < 3; ++i) {
    std::string_view line = i < lines.size() ? lines[i] : std::string_view();
    versions.push_back(Version::Parse(line));
    FUZZ_CHECK(versions.back().raw == line, "raw text not kept");
    CheckVersion(versions.back());
    CheckImageRef(line);
  }
  Adjacency adjacency = AdjacencyOf(lines);
  for (const Version& a : versions) {
    for (const Version& b : versions) {
      CheckOrder(a, b);
      CheckDistance(a, b, adjacency);
      for (const Version& c : versions) CheckTransitive(a, b, c);
    }
  }
  return 0;
}
