#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/config.h"
#include "linter/config_reader.h"
#include "linter/version.h"

namespace skewlint {

/// How far one version may be ahead of another: `none`, `patch`, `major`,
/// or `<N>-minor` (docs/config.md "Policies").
struct Allowance {
  enum class Kind { kNone, kPatch, kMinors, kMajor };
  Kind kind = Kind::kNone;
  uint64_t minors = 0;

  /// True when `ahead` exceeds `behind` by more than allowed. `ahead` not
  /// newer than `behind` never exceeds.
  bool Exceeded(const Version& ahead, const Version& behind, const Adjacency& adjacency) const;
  /// "patch-level skew", "1 minor", "no skew at all", "the same major".
  std::string Describe() const;
};

/// Series a version belongs to at a granularity: used by order rules.
enum class Granularity { kPatch, kMinor, kMajor };
/// -1, 0, 1 comparing the series of `a` and `b` at `granularity`.
int CompareSeries(const Version& a, const Version& b, Granularity granularity);
/// "1.5" for minor, "2" for major, "1.5.3" for patch.
std::string SeriesName(const Version& v, Granularity granularity);

/// True when two versions can be compared number to number: the same major,
/// or majors bridged by `adjacent` series. Components on different version
/// lines (Rook 1.6 and Ceph 16.2) need a matrix instead.
bool OnOneLine(const Version& a, const Version& b, const Adjacency& adjacency);

/// Reads a rule's keys out of its `policies:` entry, once, when the check is
/// built. The keys every policy may have (rule, id, severity, adjacent) are
/// accepted implicitly; any other unknown key is an error.
class PolicyOptions {
 public:
  PolicyOptions(const PolicyDef& policy, const Config& config,
                std::initializer_list<std::string_view> keys);

  /// A component name the config defines.
  std::string Component(std::string_view key, bool required = true);
  /// One name or a list of names, each a defined component.
  std::vector<std::string> Components(std::string_view key, bool required = true);
  std::optional<Allowance> AllowanceAt(std::string_view key, bool required = true);
  Granularity GranularityAt(std::string_view key, Granularity fallback);
  std::optional<double> Number(std::string_view key, bool required = true);
  std::optional<std::string> String(std::string_view key, bool required = true);
  std::vector<std::string> Strings(std::string_view key);
  const YamlNode* Node(std::string_view key) const;
  bool Has(std::string_view key) const { return Node(key) != nullptr; }
  /// Fails at the policy itself.
  void Fail(std::string message);
  void FailAt(std::string_view key, std::string message);

  Status status() const;
  /// For readers of composite keys (a matrix): the reader that keeps the
  /// first error, and the config the policy belongs to.
  ConfigReader& reader() { return reader_; }
  const Config& config() const { return config_; }

 private:
  const YamlNode* Required(std::string_view key, bool required);

  const PolicyDef& policy_;
  const Config& config_;
  ConfigReader reader_;
};

/// True when the config has a `policies:` entry for `rule`: rules that also
/// run by default step aside then, so a policy narrows them.
bool HasPolicyFor(const Config& config, std::string_view rule);

/// Parses "none", "patch", "major", "minor" (= 1-minor) or "<N>-minor".
std::optional<Allowance> ParseAllowance(std::string_view text);

}  // namespace skewlint
