#include "linter/config.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "linter/config_reader.h"
#include "linter/embedded_data.h"
#include "linter/glob.h"
#include "linter/locator_reader.h"
#include "rules/registry.h"

namespace skewlint {
namespace {

const std::vector<std::string_view> kTopKeys = {"version",    "presets",  "scopes", "paths",
                                                "components", "policies", "rules",  "promotion",
                                                "ignore",     "adjacent", "limits", "base"};

Adjacency ReadAdjacency(ConfigReader& reader, const YamlNode* node) {
  Adjacency adjacency;
  if (!node || !reader.ExpectSequence(node, "adjacent")) return adjacency;
  for (const auto& pair : node->items) {
    auto series = reader.Strings(pair.get(), "adjacent entry");
    if (reader.ok() && series.size() != 2) {
      reader.Fail(pair.get(), "adjacent entry: expected a pair of series such as ['0.12', '1.0']");
    }
    if (reader.ok()) adjacency.series.emplace_back(series[0], series[1]);
  }
  return adjacency;
}

void ReadScopes(ConfigReader& reader, const YamlNode* node, Config& config) {
  if (!node || !reader.ExpectSequence(node, "scopes")) return;
  for (const auto& item : node->items) {
    RegexPtr re = reader.Regex(item.get(), "scopes");
    if (re && re->NamedCapturingGroups().count("scope") == 0) {
      reader.Fail(item.get(), "scopes: the pattern needs a named group (?P<scope>...)");
    }
    if (reader.ok()) config.scopes.push_back(re);
  }
}

void ReadPaths(ConfigReader& reader, const YamlNode* node, Config& config) {
  if (!node || !reader.ExpectKeys(node, "paths", {"include", "exclude"})) return;
  for (auto [key, target] : {std::pair{"include", &config.include}, {"exclude", &config.exclude}}) {
    const YamlNode* list = node->Get(key);
    if (!list || !reader.ExpectSequence(list, std::string("paths.") + key)) continue;
    target->clear();
    for (const auto& item : list->items) {
      if (RegexPtr re = reader.Glob(item.get(), std::string("paths.") + key)) target->push_back(re);
    }
  }
}

void ReadComponents(ConfigReader& reader, const YamlNode* node, Config& config) {
  if (!node || !reader.ExpectSequence(node, "components")) return;
  for (const auto& item : node->items) {
    if (!reader.ExpectKeys(item.get(), "component", {"name", "locators"})) return;
    auto name = reader.String(reader.Require(item.get(), "name", "component"), "component name");
    const YamlNode* locators = item->Get("locators");
    if (!reader.ok()) return;
    Component* component = nullptr;
    for (auto& existing : config.components) {
      if (existing.name == *name) component = &existing;
    }
    if (!component) {
      config.components.push_back(Component{*name, {}, reader.At(item.get())});
      component = &config.components.back();
    }
    if (!locators || !reader.ExpectSequence(locators, "locators")) {
      if (reader.ok()) reader.Fail(item.get(), "component '" + *name + "': expected locators");
      return;
    }
    for (const auto& loc : locators->items) {
      if (auto locator = ReadLocator(reader, loc.get())) component->locators.push_back(*locator);
    }
  }
}

void ReadPolicies(ConfigReader& reader, const YamlNode* node, const Adjacency& adjacency,
                  const std::string& source, Config& config) {
  if (!node || !reader.ExpectSequence(node, "policies")) return;
  int n = 0;
  for (const auto& item : node->items) {
    ++n;
    if (!reader.ExpectMap(item.get(), "policy")) return;
    auto rule = reader.String(reader.Require(item.get(), "rule", "policy"), "rule");
    if (!reader.ok()) return;
    if (!FindRule(*rule)) {
      reader.Fail(item->Get("rule"), "unknown rule '" + *rule + "'; `skewlint rules` lists them");
      return;
    }
    PolicyDef policy{
        *rule, *rule + "-" + std::to_string(n), source, item, adjacency, {}, reader.At(item.get())};
    if (const YamlNode* id = item->Get("id")) {
      policy.id = reader.String(id, "policy id").value_or("");
      policy.id_given = true;
    }
    if (const YamlNode* sev = item->Get("severity"))
      policy.severity = reader.SeverityValue(sev, "severity");
    if (const YamlNode* adj = item->Get("adjacent")) {
      for (auto& pair : ReadAdjacency(reader, adj).series) policy.adjacency.series.push_back(pair);
    }
    if (reader.ok()) config.policies.push_back(std::move(policy));
  }
}

void ReadRuleSettings(ConfigReader& reader, const YamlNode* node, Config& config) {
  if (!node || !reader.ExpectMap(node, "rules")) return;
  for (const auto& entry : node->entries) {
    if (!FindRule(entry.key)) {
      reader.FailAt(entry.key_line, entry.key_column,
                    "unknown rule '" + entry.key + "'; `skewlint rules` lists them");
      return;
    }
    auto value = reader.String(entry.value.get(), "rules." + entry.key);
    if (!value) return;
    RuleSetting setting;
    if (*value == "off") {
      setting.enabled = false;
    } else if (auto severity = ParseSeverity(*value)) {
      setting.severity = severity;
    } else {
      reader.Fail(entry.value.get(), "rules." + entry.key +
                                         ": expected off, error, warning or notice, found '" +
                                         *value + "'");
      return;
    }
    config.rules[entry.key] = setting;
  }
}

void ReadPromotion(ConfigReader& reader, const YamlNode* node, Config& config) {
  if (!node || !reader.ExpectKeys(node, "promotion", {"order", "bake_hours"})) return;
  config.promotion.where = reader.At(node);
  config.promotion.order = reader.Strings(node->Get("order"), "promotion.order");
  if (const YamlNode* hours = node->Get("bake_hours")) {
    config.promotion.bake_hours = reader.Number(hours, "promotion.bake_hours").value_or(0);
  }
}

void ReadIgnores(ConfigReader& reader, const YamlNode* node, Config& config) {
  if (!node || !reader.ExpectSequence(node, "ignore")) return;
  for (const auto& item : node->items) {
    if (!reader.ExpectKeys(item.get(), "ignore entry",
                           {"rule", "path", "reason", "policy", "component"})) {
      return;
    }
    IgnoreEntry entry;
    entry.where = reader.At(item.get());
    entry.rule =
        reader.String(reader.Require(item.get(), "rule", "ignore entry"), "rule").value_or("");
    if (reader.ok() && entry.rule != "*" && !FindRule(entry.rule)) {
      reader.Fail(item->Get("rule"),
                  "unknown rule '" + entry.rule + "'; `skewlint rules` lists them");
    }
    if (const YamlNode* path = item->Get("path")) {
      entry.path_glob = reader.String(path, "ignore.path").value_or("");
      entry.path = reader.Glob(path, "ignore.path");
    }
    if (const YamlNode* p = item->Get("policy"))
      entry.policy = reader.String(p, "ignore.policy").value_or("");
    if (const YamlNode* c = item->Get("component"))
      entry.component = reader.String(c, "ignore.component").value_or("");
    const YamlNode* reason =
        reader.Require(item.get(), "reason", "ignore entry (say why it is ignored)");
    entry.reason = reader.String(reason, "reason").value_or("");
    if (reader.ok() && entry.reason.empty())
      reader.Fail(item.get(), "ignore: the reason must not be empty");
    if (reader.ok()) config.ignores.push_back(std::move(entry));
  }
}

// `base:` names a revision: a branch, tag or commit, as `--base` takes it.
void ReadBase(ConfigReader& reader, const YamlNode* node, Config& config) {
  if (!node) return;
  auto base = reader.String(node, "base");
  if (!base) return;
  bool blank = base->find_first_not_of(" \t") == std::string::npos;
  if (blank || base->front() == '-' || base->find_first_of(" \t\n") != std::string::npos) {
    reader.Fail(
        node, "base: expected a branch, tag or commit such as origin/main, found '" + *base + "'");
    return;
  }
  config.base = *base;
  config.base_where = reader.At(node);
}

// Limits are whole numbers from 1 to 2^50 (a petabyte of file, more nodes
// than memory holds): larger values would not fit the counters. max_nodes
// counts every YAML alias as a copy of what it refers to.
void ReadLimits(ConfigReader& reader, const YamlNode* node, Config& config) {
  if (!node || !reader.ExpectKeys(node, "limits",
                                  {"max_file_bytes", "max_depth", "max_documents", "max_nodes"})) {
    return;
  }
  constexpr double kMax = 1125899906842624.0;  // 2^50
  for (auto [key, target] : {std::pair{"max_file_bytes", &config.limits.max_file_bytes},
                             {"max_depth", &config.limits.max_depth},
                             {"max_documents", &config.limits.max_documents},
                             {"max_nodes", &config.limits.max_nodes}}) {
    if (const YamlNode* v = node->Get(key)) {
      auto n = reader.Number(v, std::string("limits.") + key);
      if (n && *n >= 1 && *n <= kMax && *n == static_cast<double>(static_cast<size_t>(*n))) {
        *target = static_cast<size_t>(*n);
      } else if (reader.ok()) {
        reader.Fail(v, std::string("limits.") + key + ": expected a whole number from 1 to 2^50");
      }
    }
  }
}

// Reads one config document into `config`; `source` tells policies where they
// came from. Presets named in it are returned for the caller to merge.
Status ReadConfigText(std::string_view text, const std::string& path, const std::string& source,
                      Config& config, std::vector<std::string>& presets) {
  ParsedYaml parsed = ParseYaml(text);
  ConfigReader reader(path);
  if (!parsed.problems.empty()) {
    const auto& p = parsed.problems.front();
    return Error::At({path, p.line, p.column}, "invalid YAML: " + p.message);
  }
  if (parsed.documents.size() > 1) {
    return Error::At({path, parsed.documents[1].first_line, 1}, "expected a single YAML document");
  }
  if (parsed.documents.empty() || parsed.documents[0].root->IsNull()) return Ok{};
  const YamlNode* root = parsed.documents[0].root.get();
  if (!reader.ExpectKeys(root, "the config", kTopKeys)) return reader.error();
  if (const YamlNode* version = root->Get("version")) {
    auto v = reader.String(version, "version");
    if (v && *v != "1") reader.Fail(version, "version: expected 1, found '" + *v + "'");
  }
  if (const YamlNode* p = root->Get("presets")) {
    for (auto& name : reader.Strings(p, "presets")) presets.push_back(name);
    auto names = PresetNames();
    for (size_t i = 0; reader.ok() && i < presets.size(); ++i) {
      if (!std::binary_search(names.begin(), names.end(), presets[i])) {
        std::string known;
        for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
        reader.Fail(p, "unknown preset '" + presets[i] + "'; built-in presets: " + known);
      }
    }
  }
  Adjacency adjacency = ReadAdjacency(reader, root->Get("adjacent"));
  ReadScopes(reader, root->Get("scopes"), config);
  ReadPaths(reader, root->Get("paths"), config);
  ReadComponents(reader, root->Get("components"), config);
  ReadPolicies(reader, root->Get("policies"), adjacency, source, config);
  ReadRuleSettings(reader, root->Get("rules"), config);
  ReadPromotion(reader, root->Get("promotion"), config);
  ReadIgnores(reader, root->Get("ignore"), config);
  ReadLimits(reader, root->Get("limits"), config);
  ReadBase(reader, root->Get("base"), config);
  if (!reader.ok()) return reader.error();
  return Ok{};
}

std::string_view PresetText(std::string_view name) {
  for (const auto& file : EmbeddedPresets()) {
    if (file.name == name) return file.text;
  }
  return {};
}

// Merges one preset and the presets it builds on (its own `presets:`).
Status MergePreset(const std::string& name, Config& config) {
  if (std::find(config.presets.begin(), config.presets.end(), name) != config.presets.end())
    return Ok{};
  std::string_view text = PresetText(name);
  if (text.empty()) {
    std::string known;
    for (const auto& n : PresetNames()) known += (known.empty() ? "" : ", ") + n;
    return Error::At({}, "unknown preset '" + name + "'; built-in presets: " + known);
  }
  config.presets.push_back(name);
  std::vector<std::string> nested;
  Status status = ReadConfigText(text, "preset:" + name, "preset:" + name, config, nested);
  if (!status.ok())
    return Error::Internal("built-in preset is invalid: " + status.error().ToString());
  for (const auto& base : nested) {
    Status merged = MergePreset(base, config);
    if (!merged.ok()) return merged;
  }
  return Ok{};
}

Status MergePresets(const std::vector<std::string>& names, Config& config) {
  std::vector<PolicyDef> user_policies = std::move(config.policies);
  config.policies.clear();
  for (const auto& name : names) {
    Status merged = MergePreset(name, config);
    if (!merged.ok()) return merged;
  }
  for (auto& policy : user_policies) config.policies.push_back(std::move(policy));
  return Ok{};
}

// "spire-server" stays; anything but letters, digits, '.', '_' becomes '-'.
std::string IdPart(std::string_view name) {
  std::string out;
  for (char c : name) {
    bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_';
    char next = plain ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '-';
    if (next != '-' || (!out.empty() && out.back() != '-')) out += next;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string DerivedId(const PolicyDef& policy) {
  static const std::set<std::string> kComponentKeys = {"component", "newer", "older", "within",
                                                       "first",     "then",  "than",  "with"};
  std::string id;
  auto add = [&id](const YamlNode* node) {
    std::string part = node && node->IsScalar() ? IdPart(node->scalar) : "";
    if (!part.empty()) id += part + "-";
  };
  if (policy.options && policy.options->IsMap()) {
    for (const auto& entry : policy.options->entries) {
      if (!kComponentKeys.count(entry.key)) continue;
      if (entry.value && entry.value->IsSequence()) {
        for (const auto& item : entry.value->items) add(item.get());
      } else {
        add(entry.value.get());
      }
    }
  }
  return id + policy.rule;
}

}  // namespace

void DerivePolicyIds(std::vector<PolicyDef>& policies) {
  std::set<std::string> taken;
  for (const auto& policy : policies) {
    if (policy.id_given) taken.insert(policy.id);
  }
  for (auto& policy : policies) {
    if (policy.id_given) continue;
    std::string id = DerivedId(policy);
    for (int n = 2; taken.count(id); ++n) id = DerivedId(policy) + "-" + std::to_string(n);
    policy.id = id;
    taken.insert(id);
  }
}

namespace {

Status CheckUniquePolicyIds(const Config& config) {
  std::set<std::string> seen;
  for (const auto& policy : config.policies) {
    if (!seen.insert(policy.id).second) {
      return Error::At(policy.where, "duplicate policy id '" + policy.id + "'");
    }
  }
  return Ok{};
}

void SetDefaultPaths(Config& config) {
  std::string error;
  if (config.include.empty()) {
    for (const char* glob : {"**/*.yaml", "**/*.yml"}) {
      config.include.push_back(CompileRegex(GlobToRegex(glob), &error));
    }
  }
}

Result<Config> Finish(Config config, const std::vector<std::string>& presets) {
  Status merged = MergePresets(presets, config);
  if (!merged.ok()) return merged.error();
  DerivePolicyIds(config.policies);
  Status unique = CheckUniquePolicyIds(config);
  if (!unique.ok()) return unique.error();
  SetDefaultPaths(config);
  std::stable_sort(config.components.begin(), config.components.end(),
                   [](const Component& a, const Component& b) { return a.name < b.name; });
  return config;
}

}  // namespace

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNotice:
      return "notice";
  }
  return "error";
}

std::optional<Severity> ParseSeverity(std::string_view text) {
  if (text == "error") return Severity::kError;
  if (text == "warning") return Severity::kWarning;
  if (text == "notice") return Severity::kNotice;
  return std::nullopt;
}

std::string_view Locator::KindName() const {
  switch (kind) {
    case Kind::kImage:
      return "image";
    case Kind::kField:
      return "field";
    case Kind::kChart:
      return "chart";
    case Kind::kChartAppVersion:
      return "chart_app_version";
    case Kind::kCrd:
      return "crd";
  }
  return "image";
}

const Component* Config::FindComponent(std::string_view name) const {
  for (const auto& c : components) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

bool Config::IncludesPath(std::string_view file) const {
  bool included = include.empty();
  for (const auto& re : include) included = included || GlobMatchesPath(*re, file);
  if (!included) return false;
  for (const auto& re : exclude) {
    if (GlobMatchesPath(*re, file)) return false;
  }
  return true;
}

std::vector<std::string> PresetNames() {
  std::vector<std::string> names;
  for (const auto& file : EmbeddedPresets()) names.emplace_back(file.name);
  std::sort(names.begin(), names.end());
  return names;
}

Result<Config> LoadConfig(std::string_view text, std::string_view path,
                          const std::vector<std::string>& extra_presets) {
  Config config;
  config.path = std::string(path);
  std::vector<std::string> presets;
  Status status = ReadConfigText(text, config.path, "config", config, presets);
  if (!status.ok()) return status.error();
  for (const auto& p : extra_presets) presets.push_back(p);
  return Finish(std::move(config), presets);
}

Result<Config> DefaultConfig(const std::vector<std::string>& presets) {
  return Finish(Config{}, presets.empty() ? PresetNames() : presets);
}

}  // namespace skewlint
