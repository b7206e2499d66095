#include "linter/init_detect.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "linter/config.h"
#include "linter/scope.h"
#include "linter/state_builder.h"

namespace skewlint {
namespace {

// Locators that match every image, chart and CRD group.
constexpr char kEverything[] =
    "version: 1\n"
    "components:\n"
    "  - name: detected-image\n"
    "    locators:\n"
    "      - image: '.+'\n"
    "  - name: detected-chart\n"
    "    locators:\n"
    "      - chart: '.+'\n"
    "  - name: detected-crd\n"
    "    locators:\n"
    "      - crd: '.+'\n";

Result<State> StateWith(Repository& repository, const Config& config, std::string_view rev) {
  StateBuilder builder(repository, config);
  Result<Snapshot> snapshot = builder.Read(rev);
  if (!snapshot.ok()) return snapshot.error();
  return builder.MakeState(*snapshot);
}

// The map that holds `target` (by position) as one of its values.
const YamlNode* ParentOf(const YamlNode& node, int line, int column) {
  if (node.IsMap()) {
    for (const auto& e : node.entries) {
      if (e.value->line == line && e.value->column == column && e.value->IsScalar()) return &node;
    }
    for (const auto& e : node.entries) {
      if (const YamlNode* p = ParentOf(*e.value, line, column)) return p;
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node.items) {
      if (const YamlNode* p = ParentOf(*item, line, column)) return p;
    }
  }
  return nullptr;
}

// The chart an instance found by a chart locator stands for: the map that
// holds its version names it (`chart:` for Flux and Argo CD, `name:` for
// Kustomize helmCharts).
std::string ChartName(const Instance& instance) {
  if (!instance.document) return "";
  const YamlNode* parent =
      ParentOf(*instance.document, instance.location.line, instance.location.column);
  if (!parent) return "";
  std::string chart(parent->ScalarAt("chart"));
  return chart.empty() ? std::string(parent->ScalarAt("name")) : chart;
}

std::string ItemName(const Instance& instance) {
  if (instance.component == "detected-image") return instance.image;
  if (instance.component == "detected-chart") return ChartName(instance);
  if (!instance.document) return "";
  const YamlNode* group = instance.document->Path("spec.group");
  return group && group->IsScalar() ? group->scalar : "";
}

DetectedItem::Kind KindOf(const Instance& instance) {
  if (instance.component == "detected-chart") return DetectedItem::Kind::kChart;
  if (instance.component == "detected-crd") return DetectedItem::Kind::kCrd;
  return DetectedItem::Kind::kImage;
}

std::string_view KindName(DetectedItem::Kind kind) {
  switch (kind) {
    case DetectedItem::Kind::kImage:
      return "image";
    case DetectedItem::Kind::kChart:
      return "chart";
    case DetectedItem::Kind::kCrd:
      return "crd";
  }
  return "image";
}

// Escapes what re2 reads as syntax; '/' and '-' stay readable.
std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view(".^$|?*+()[]{}\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A component name from the last `segments` path segments of `name`.
std::string NameFrom(std::string_view name, int segments) {
  std::string out;
  size_t end = name.size();
  for (int i = 0; i < segments && end > 0; ++i) {
    size_t slash = name.rfind('/', end - 1);
    size_t start = slash == std::string_view::npos ? 0 : slash + 1;
    std::string part(name.substr(start, end - start));
    out = out.empty() ? part : part + "-" + out;
    if (slash == std::string_view::npos) break;
    end = slash;
  }
  std::string clean;
  for (char c : out) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    clean += ok ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '-';
  }
  return clean;
}

std::string BaseName(const DetectedItem& item, int segments) {
  switch (item.kind) {
    case DetectedItem::Kind::kImage:
      return NameFrom(item.name, segments);
    case DetectedItem::Kind::kChart:
      return NameFrom(item.name, 1) + "-chart";
    case DetectedItem::Kind::kCrd: {
      // foo.example.com: foo-crds, then foo-example-com-crds
      std::string group = segments == 1 ? item.name.substr(0, item.name.find('.')) : item.name;
      std::replace(group.begin(), group.end(), '.', '-');
      return NameFrom(group, 1) + "-crds";
    }
  }
  return item.name;
}

// Names every item no preset tracks, after the image (or chart, or group);
// a clash takes more of the name.
void NameComponents(std::vector<DetectedItem>& items, const Config& presets) {
  std::set<std::string> taken;
  for (const auto& c : presets.components) taken.insert(c.name);
  for (auto& item : items) {
    if (!item.preset_component.empty() || item.versions.empty()) continue;
    std::string name;
    for (int segments = 1; segments <= 8; ++segments) {
      name = BaseName(item, segments);
      if (!taken.count(name)) break;
    }
    for (int n = 2; taken.count(name); ++n) name = BaseName(item, 1) + "-" + std::to_string(n);
    taken.insert(name);
    item.component = name;
  }
}

std::string Scopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : ", ") + DescribeScope(s);
  return out;
}

std::string Versions(const std::vector<std::string>& versions) {
  if (versions.empty()) return "unversioned";
  std::string out;
  for (const auto& v : versions) out += (out.empty() ? "" : ", ") + v;
  return out;
}

// The words of a chart name that say which project it is:
// strimzi-kafka-operator -> strimzi, kafka.
std::vector<std::string> ProjectWords(std::string_view chart) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= chart.size()) {
    size_t dash = chart.find('-', start);
    std::string word(chart.substr(start, dash == std::string_view::npos ? dash : dash - start));
    static const std::set<std::string> kGeneric = {"operator", "controller", "crds", "crd",
                                                   "chart",    "helm",       "k8s",  "kube"};
    if (word.size() >= 4 && !kGeneric.count(word)) out.push_back(word);
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  return out;
}

bool LooksLikeItsCrds(const DetectedItem& chart, const DetectedItem& crd) {
  for (const auto& word : ProjectWords(chart.name)) {
    if (crd.name.find(word) != std::string::npos) return true;
  }
  return false;
}

// What found an instance: its component and its locator.
using LocatorKey = std::tuple<std::string, std::string, std::string>;

LocatorKey KeyOf(const std::string& component, const Locator& locator) {
  std::string pattern = locator.kind == Locator::Kind::kField
                            ? locator.field_kind + " " + locator.field_path
                            : locator.pattern_text;
  return {component, std::string(locator.KindName()), pattern};
}

// The presets whose own locators found the instances. A preset that builds
// on another (talos on kubernetes) owns only what it adds: a kubeadm
// repository's API server is no sign of Talos. A locator that several
// presets define counts for those of them that a locator of their own also
// found something for, and for all of them only when none did.
std::vector<std::string> PresetsThatApply(const std::vector<Instance>& instances) {
  std::map<LocatorKey, std::set<std::string>> owners;
  for (const auto& name : PresetNames()) {
    Result<Config> one = DefaultConfig({name});
    if (!one.ok()) continue;
    std::set<LocatorKey> inherited;
    for (size_t b = 1; b < one->presets.size(); ++b) {
      Result<Config> base = DefaultConfig({one->presets[b]});
      if (!base.ok()) continue;
      for (const auto& c : base->components) {
        for (const auto& locator : c.locators) inherited.insert(KeyOf(c.name, locator));
      }
    }
    for (const auto& c : one->components) {
      for (const auto& locator : c.locators) {
        LocatorKey key = KeyOf(c.name, locator);
        if (!inherited.count(key)) owners[key].insert(name);
      }
    }
  }
  std::set<std::string> own;
  std::vector<const std::set<std::string>*> shared;
  for (const auto& i : instances) {
    auto it = owners.find({i.component, i.locator, i.pattern});
    if (it == owners.end()) continue;
    if (it->second.size() == 1) {
      own.insert(*it->second.begin());
    } else {
      shared.push_back(&it->second);
    }
  }
  std::set<std::string> apply = own;
  for (const auto* presets : shared) {
    bool any_own = false;
    for (const auto& p : *presets) any_own = any_own || own.count(p);
    for (const auto& p : *presets) {
      if (!any_own || own.count(p)) apply.insert(p);
    }
  }
  return {apply.begin(), apply.end()};
}

}  // namespace

Result<Detection> Detect(Repository& repository, std::string_view rev) {
  Detection detection;
  detection.rev = std::string(rev);
  Result<Config> everything = LoadConfig(kEverything, "init --detect");
  if (!everything.ok()) return Error::Internal(everything.error().ToString());
  Result<Config> presets = DefaultConfig({});
  if (!presets.ok()) return presets.error();
  Result<State> found = StateWith(repository, *everything, rev);
  if (!found.ok()) return found.error();
  Result<State> tracked = StateWith(repository, *presets, rev);
  if (!tracked.ok()) return tracked.error();

  // Where the presets find something, by place.
  std::map<std::pair<std::string, int>, std::string> by_place;
  for (const auto& i : tracked->instances) {
    by_place.emplace(std::make_pair(i.location.path, i.location.line), i.component);
  }
  detection.presets = PresetsThatApply(tracked->instances);

  struct Acc {
    std::vector<Version> versions;
    std::set<std::string> scopes;
    Location first;
    std::string preset_component;
  };
  std::map<std::pair<DetectedItem::Kind, std::string>, Acc> acc;
  for (const auto& i : found->instances) {
    std::string name = ItemName(i);
    if (name.empty()) continue;
    Acc& a = acc[{KindOf(i), name}];
    if (a.first.empty() || i.location < a.first) a.first = i.location;
    if (i.version.versioned) a.versions.push_back(i.version);
    a.scopes.insert(i.scope);
    auto hit = by_place.find({i.location.path, i.location.line});
    if (hit != by_place.end() && a.preset_component.empty()) a.preset_component = hit->second;
  }
  for (auto& [key, a] : acc) {
    DetectedItem item;
    item.kind = key.first;
    item.name = key.second;
    std::sort(a.versions.begin(), a.versions.end());
    for (const auto& v : a.versions) {
      std::string n = v.Normalized();
      if (item.versions.empty() || item.versions.back() != n) item.versions.push_back(n);
    }
    item.scopes.assign(a.scopes.begin(), a.scopes.end());
    item.first = a.first;
    item.preset_component = a.preset_component;
    detection.items.push_back(std::move(item));
  }
  NameComponents(detection.items, *presets);
  return detection;
}

std::string DescribeDetection(const Detection& detection) {
  std::string out;
  for (const auto& item : detection.items) {
    out += std::string(KindName(item.kind)) + " " + item.name + " " + Versions(item.versions) +
           " [" + Scopes(item.scopes) + "] at " + item.first.ToString() + ": ";
    if (!item.preset_component.empty()) {
      out += "tracked by a preset (" + item.preset_component + ")\n";
    } else if (!item.component.empty()) {
      out += "component " + item.component + "\n";
    } else {
      out += "left out: no version to check\n";
    }
  }
  if (detection.items.empty()) out += "no image, chart or CRD found\n";
  return out;
}

std::string DetectedConfig(const Detection& detection) {
  std::string out =
      "# skewlint configuration written by `skewlint init --detect`; `skewlint explain RULE`\n"
      "# documents each rule. Components cover what the built-in presets do not track.\n"
      "version: 1\n";
  std::string presets;
  for (const auto& p : detection.presets) presets += (presets.empty() ? "" : ", ") + p;
  out += "presets: [" + presets + "]" +
         (presets.empty() ? "   # no built-in preset's vendor runs here\n"
                          : "   # the built-in presets whose vendors run here\n");
  std::string components;
  std::string policies;
  for (const auto& item : detection.items) {
    if (item.component.empty()) continue;
    components += "  # " + item.name + ": " + Versions(item.versions) + " [" + Scopes(item.scopes) +
                  "]\n  - name: " + item.component + "\n    locators:\n";
    switch (item.kind) {
      case DetectedItem::Kind::kImage:
        components += "      - image: '" + Escape(item.name) + "'\n";
        break;
      case DetectedItem::Kind::kChart:
        components += "      - chart: '^" + Escape(item.name) + "$'\n";
        break;
      case DetectedItem::Kind::kCrd:
        components += "      - crd: '^" + Escape(item.name) + "$'\n";
        break;
    }
    policies += "#   - rule: minor-jump\n#     id: " + item.component +
                "-one-minor-per-upgrade\n#     component: " + item.component + "\n#     max: 1\n";
  }
  for (const auto& chart : detection.items) {
    if (chart.kind != DetectedItem::Kind::kChart || chart.component.empty()) continue;
    for (const auto& crd : detection.items) {
      if (crd.kind != DetectedItem::Kind::kCrd || crd.component.empty()) continue;
      if (!LooksLikeItsCrds(chart, crd)) continue;
      policies += "#   # " + chart.name + " looks like the operator of the " + crd.name +
                  " CRDs: CRDs first\n#   - rule: upgrade-order\n#     id: " + crd.component +
                  "-before-" + chart.component + "\n#     first: [" + crd.component +
                  "]\n#     then: " + chart.component + "\n#     granularity: minor\n";
    }
  }
  if (!components.empty()) out += "components:\n" + components;
  if (!policies.empty()) {
    out +=
        "# Suggested policies: uncomment those your vendors' upgrade notes support.\n"
        "# policies:\n" +
        policies;
  }
  return out;
}

}  // namespace skewlint
