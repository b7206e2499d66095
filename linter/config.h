#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/location.h"
#include "linter/result.h"
#include "linter/version.h"
#include "linter/yaml_tree.h"

namespace re2 {
class RE2;
}

namespace skewlint {

enum class Severity { kNotice = 0, kWarning = 1, kError = 2 };
std::string_view SeverityName(Severity severity);
std::optional<Severity> ParseSeverity(std::string_view text);

using RegexPtr = std::shared_ptr<const re2::RE2>;

/// How an instance of a component is found in a file (SPEC §3 "Locator").
struct Locator {
  enum class Kind { kImage, kField, kChart, kChartAppVersion, kCrd };
  Kind kind = Kind::kImage;
  std::string pattern_text;  ///< the re2 source, for messages
  RegexPtr pattern;          ///< image repository / chart name / Chart.yaml name / CRD group
  // kField
  std::string field_kind;     ///< resource kind, exact
  RegexPtr field_api_version; ///< optional
  std::string field_path;     ///< dotted; `*` matches any key or item
  // kCrd: where the CRD's version is written, besides the standard labels
  std::string version_label;
  std::string version_annotation;
  // kChart: the chart does not carry this component when its values set
  // these keys to these scalars (e.g. installCRDs: "false")
  std::map<std::string, std::string> unless_values;
  Location where;

  std::string_view KindName() const;
};

struct Component {
  std::string name;
  std::vector<Locator> locators;
  Location where;
};

/// One entry of `policies:`: which rule, its id, and its own keys, which the
/// rule validates (rules/registry).
struct PolicyDef {
  std::string rule;
  std::string id;        ///< defaults to "<rule>-<n>" when not given
  std::string source;    ///< "config" or "preset:<name>"
  YamlNodePtr options;   ///< the whole policy map
  Adjacency adjacency;   ///< `adjacent:` of the file that declared it + its own
  std::optional<Severity> severity;  ///< `severity:` on the policy
  Location where;
};

/// `rules:` entry: a rule switched off or given another severity.
struct RuleSetting {
  bool enabled = true;
  std::optional<Severity> severity;
};

struct IgnoreEntry {
  std::string rule;       ///< rule id, or "*" for every rule
  std::string path_glob;  ///< "" for every path
  RegexPtr path;          ///< compiled path_glob
  std::string policy;     ///< "" for every policy
  std::string component;  ///< "" for every component
  std::string reason;
  Location where;
};

struct Promotion {
  std::vector<std::string> order;
  double bake_hours = 0;
  Location where;
};

struct Limits {
  size_t max_file_bytes = 4 * 1024 * 1024;
  size_t max_depth = 256;
  size_t max_documents = 10000;
  size_t max_nodes = 2000000;
};

/// A loaded, validated `.skewlint.yaml`, with its presets merged in.
struct Config {
  std::string path;  ///< where it was read from ("" for built-in defaults)
  std::vector<std::string> presets;
  std::vector<RegexPtr> scopes;           ///< each has a named group `scope`
  std::vector<RegexPtr> include;          ///< compiled `paths.include` globs
  std::vector<RegexPtr> exclude;          ///< compiled `paths.exclude` globs
  std::vector<Component> components;      ///< sorted by name
  std::vector<PolicyDef> policies;        ///< presets' first, then the config's
  std::map<std::string, RuleSetting> rules;
  std::vector<IgnoreEntry> ignores;
  Promotion promotion;
  Limits limits;
  std::string base;     ///< `base:`, the default --base ("" when not set)
  Location base_where;  ///< where `base:` is written

  const Component* FindComponent(std::string_view name) const;
  /// True when `path` passes `paths.include` / `paths.exclude`.
  bool IncludesPath(std::string_view path) const;
};

/// Parses and validates config text. Unknown keys, bad patterns and bad
/// values fail with "file:line:col: what was expected". `extra_presets` are
/// added to the file's own `presets:`.
Result<Config> LoadConfig(std::string_view text, std::string_view path,
                          const std::vector<std::string>& extra_presets = {});

/// The configuration used when the repository has no config file: the given
/// presets, or every built-in preset when `presets` is empty.
Result<Config> DefaultConfig(const std::vector<std::string>& presets);

/// Names of the built-in presets, sorted.
std::vector<std::string> PresetNames();

}  // namespace skewlint
