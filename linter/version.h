#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace skewlint {

/// A component version parsed from a tag or label.
///
/// Accepted: `1.2.3`, `v1.2.3`, `1.2` (= 1.2.0), semver pre-releases
/// (`1.2.3-rc.1`), variant suffixes that are not pre-release markers
/// (`1.5.0-models`, `2.3.0-enterprise-models`: kept, ignored for ordering),
/// build metadata (`+build.5`, ignored, except the Kubernetes distributions'
/// build counters `+k3s2` and `+rke2r2`, read as a build revision), and
/// digests (`1.2.3@sha256:…`).
/// Anything else (`latest`, `main`, a bare digest, a commit SHA, a bare major
/// such as `15` or a date stamp, numbers that overflow 64 bits, `1.2.3.4`,
/// `1.10.0-`) is *unversioned*: `versioned()` is false and only `raw` and
/// `digest` are meaningful.
///
/// Decisions: leading zeros are accepted and dropped (`1.02.3` = 1.2.3, so
/// calendar tags such as `2024.01.15` order correctly); surrounding
/// whitespace is ignored. The text after the first '-' is split at '-':
/// leading parts whose first '.'-identifier is a number or starts with a
/// pre-release marker (alpha, beta, rc, pre, preview, dev, snapshot, nightly,
/// canary, milestone, m<digits>; any case; the marker followed by nothing or
/// a digit, so `rc1` is one but `devel` and `prebuilt` are not) form the
/// pre-release, split at '.' as in semver (`1.2.3-beta-2-debian-12`:
/// prerelease {"beta-2"}, variant "debian-12"); the remaining parts are the
/// variant (may contain '.' and '_'). A last part that is only a number or
/// `r` and a number, with no pre-release before it, is a build revision: a
/// rebuild of that release (`14.7-11`, `1.25.3-r4`, `2.4.1-debian-12-r3`:
/// revision 3, variant "debian-12"), ordered after the release and by its
/// number. A digest is `@algorithm:hex`; a tag that is only a digest is
/// unversioned with `digest` set.
struct Version {
  std::string raw;  ///< the text as written, digest included
  bool versioned = false;
  uint64_t major = 0;
  uint64_t minor = 0;
  uint64_t patch = 0;
  std::vector<std::string> prerelease;  ///< dot-separated identifiers, e.g. {"rc", "1"}
  std::string variant;                  ///< e.g. "enterprise-models"
  std::optional<uint64_t> revision;     ///< build revision, e.g. 4 for "-r4"
  std::string digest;                   ///< e.g. "sha256:abcd…", empty when none

  static Version Parse(std::string_view text);
  static Version Make(uint64_t major, uint64_t minor, uint64_t patch);

  /// "1.2.3" or "1.2.3-rc.1"; empty when unversioned. Variant and build
  /// revision are left out, except after a pre-release that is one number
  /// (`1.2.3-3-alpine`, `1.2.3-3-r1`), where they keep it from reading back
  /// as build revision 3. Parsing the normal form gives the same version.
  std::string Normalized() const;
  /// Semver precedence over major.minor.patch and pre-release, then the build
  /// revision (none first); variant, build metadata and digest do not take
  /// part. Unversioned values compare equal
  /// to each other and below every versioned one.
  std::strong_ordering Compare(const Version& other) const;
  bool SameMinor(const Version& other) const {
    return major == other.major && minor == other.minor;
  }
};

inline bool operator==(const Version& a, const Version& b) { return a.Compare(b) == 0; }
inline std::strong_ordering operator<=>(const Version& a, const Version& b) { return a.Compare(b); }
std::ostream& operator<<(std::ostream& os, const Version& v);

/// How far apart two versions are, in minors, as policies count them.
/// `adjacent` lists series pairs ("0.12", "1.0") that count as one step even
/// across a major. Returns nullopt when the versions are in different majors
/// and no adjacency links them (infinitely far for every policy), or when
/// either is unversioned. Across majors the walk goes from the lower version
/// to the pair's first series, one step over, and on from its second series;
/// pairs chain (("0.12","1.0"), ("1.5","2.0"): 0.12.x to 2.0.x is 7). With
/// ("0.12","1.0"): 0.12.x-1.0.x is 1, 0.12.x-1.1.x is 2, 0.11.x-1.0.x is 2.
struct Adjacency {
  std::vector<std::pair<std::string, std::string>> series;  // ("0.12", "1.0")
};
std::optional<uint64_t> MinorDistance(const Version& from, const Version& to,
                                      const Adjacency& adjacency);

}  // namespace skewlint
