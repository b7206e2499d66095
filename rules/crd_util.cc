#include "rules/crd_util.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

#include "linter/scope.h"

namespace skewlint {

std::vector<std::string> CrdComponents(PolicyOptions& options, const Config& config) {
  std::vector<std::string> names = options.Components("component");
  for (const auto& name : names) {
    const Component* component = config.FindComponent(name);
    if (!component) continue;
    bool has_crd = false;
    for (const auto& locator : component->locators) has_crd |= locator.kind == Locator::Kind::kCrd;
    if (!has_crd) {
      options.FailAt("component", "component '" + name +
                                      "' has no crd: locator, so no CRD schema can be checked");
    }
  }
  return names;
}

std::vector<CrdView> CrdsOf(const State& state, const std::string& component) {
  std::vector<CrdView> out;
  for (const Instance& i : state.instances) {
    if (i.component != component || i.locator != "crd" || !i.document) continue;
    auto file = state.files.find(i.location.path);
    std::shared_ptr<const std::string> text;
    const YamlDocument* document = nullptr;
    if (file != state.files.end()) {
      text = file->second->text;
      document = file->second->DocumentOf(i.document.get());
    }
    auto schema = document ? CachedCrdSchema(*document, text) : CachedCrdSchema(i.document, text);
    out.push_back(CrdView{&i, schema, *schema, document ? document->content_id : 0});
  }
  return out;
}

namespace {

// The custom resource `root` of `path` is, its apiVersion's group part
// `group_size` characters long.
CustomResource MakeResource(const std::string& path, const YamlNode& root, std::string_view api,
                            size_t group_size, std::string_view kind, const Config& config) {
  CustomResource r;
  r.path = path;
  r.scope = ScopeOf(config, path);
  r.root = &root;
  r.version = api.substr(group_size + 1);
  r.ref = {std::string(api), std::string(kind), "", ""};
  if (const YamlNode* metadata = root.Get("metadata")) {
    r.ref.name = metadata->ScalarAt("name");
    r.ref.namespace_ = metadata->ScalarAt("namespace");
  }
  const YamlNode::Entry* entry = root.GetEntry("apiVersion");
  r.api_version_line = entry->key_line;
  r.api_version_column = entry->key_column;
  return r;
}

using GroupKind = std::pair<std::string_view, std::string_view>;

// Every resource of `state` of a `wanted` group and kind, by group and
// kind, each list in path and document order: what ResourcesOf gives for
// each CRD, read in one pass.
std::map<GroupKind, std::vector<CustomResource>> IndexResources(const State& state,
                                                                const Config& config,
                                                                const std::set<GroupKind>& wanted) {
  std::map<GroupKind, std::vector<CustomResource>> out;
  for (const auto& [path, file] : state.files) {
    for (const auto& doc : file->documents) {
      const YamlNode& root = *doc.root;
      if (!root.IsMap()) continue;
      std::string_view kind = root.ScalarAt("kind");
      std::string_view api = root.ScalarAt("apiVersion");
      size_t slash = api.find('/');
      if (kind.empty() || slash == std::string_view::npos || slash == 0) continue;
      if (!wanted.count({api.substr(0, slash), kind})) continue;
      CustomResource r = MakeResource(path, root, api, slash, kind, config);
      r.content_id = doc.content_id;
      out[{api.substr(0, slash), kind}].push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace

std::vector<CustomResource> ResourcesOf(const State& state, const CrdSchema& schema,
                                        const Config& config) {
  std::vector<CustomResource> out;
  if (schema.group.empty() || schema.kind.empty()) return out;
  std::string prefix = schema.group + "/";
  for (const auto& [path, file] : state.files) {
    for (const auto& doc : file->documents) {
      const YamlNode& root = *doc.root;
      if (!root.IsMap() || root.ScalarAt("kind") != schema.kind) continue;
      std::string_view api = root.ScalarAt("apiVersion");
      if (api.rfind(prefix, 0) != 0) continue;
      out.push_back(MakeResource(path, root, api, schema.group.size(), schema.kind, config));
    }
  }
  return out;
}

namespace {

bool OfCrd(const CrdView& crd, const CustomResource& resource) {
  return crd.schema.kind == resource.ref.kind &&
         resource.ref.api_version.rfind(crd.schema.group + "/", 0) == 0;
}

// How many leading folders two paths share ("config/crd/x.yaml" and
// "config/samples/y.yaml": 1).
size_t SharedFolders(std::string_view a, std::string_view b) {
  size_t shared = 0;
  for (size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i) {
    if (a[i] == '/') ++shared;
  }
  return shared;
}

// A versioned copy that another versioned copy is newer than lags behind.
bool Lags(const CrdView& crd, const std::vector<const CrdView*>& copies) {
  const Version& v = crd.instance->version;
  return v.versioned && std::any_of(copies.begin(), copies.end(), [&](const CrdView* other) {
           return other->instance->version.versioned && v < other->instance->version;
         });
}

}  // namespace

const CrdView* JudgeOf(const CustomResource& resource, const std::vector<CrdView>& all) {
  std::vector<const CrdView*> copies;
  for (const CrdView& crd : all) {
    if (OfCrd(crd, resource) && crd.instance->scope == resource.scope) copies.push_back(&crd);
  }
  if (copies.empty()) {
    for (const CrdView& crd : all) {
      if (OfCrd(crd, resource)) copies.push_back(&crd);
    }
  }
  const CrdView* best = nullptr;
  size_t best_shared = 0;
  for (const CrdView* crd : copies) {
    if (Lags(*crd, copies)) continue;
    const std::string& path = crd->instance->location.path;
    size_t shared = SharedFolders(path, resource.path);
    if (!best || shared > best_shared ||
        (shared == best_shared && path < best->instance->location.path)) {
      best = crd;
      best_shared = shared;
    }
  }
  return best;
}

const CrdView* Counterpart(const CrdView& from, const std::vector<CrdView>& others,
                           const std::vector<FileDelta>& changed, bool forward) {
  std::string path = from.instance->location.path;
  for (const FileDelta& d : changed) {
    const std::string& here = forward ? d.old_path : d.new_path;
    const std::string& there = forward ? d.new_path : d.old_path;
    if (here == path && !there.empty()) path = there;
  }
  for (const CrdView& other : others) {
    if (other.instance->Key() == from.instance->Key() && other.instance->location.path == path) {
      return &other;
    }
  }
  return nullptr;
}

void JudgeResources(
    const State& state, const Config& config, const std::vector<std::string>& components,
    const std::function<bool(const CustomResource&)>& keep,
    const std::function<std::vector<Finding>(const CrdView&, const CustomResource&)>& judge,
    std::vector<Finding>& out, JudgeMemo* memo) {
  std::vector<std::vector<CrdView>> crds_of;
  std::set<GroupKind> wanted;
  for (const auto& component : components) {
    crds_of.push_back(CrdsOf(state, component));
    for (const CrdView& crd : crds_of.back()) {
      if (!crd.schema.group.empty() && !crd.schema.kind.empty()) {
        wanted.emplace(crd.schema.group, crd.schema.kind);
      }
    }
  }
  if (wanted.empty()) return;
  auto index = IndexResources(state, config, wanted);
  for (const std::vector<CrdView>& crds : crds_of) {
    std::set<std::pair<std::string, std::string>> listed;  // group and kind
    std::set<std::tuple<std::string, int, int>> seen;      // aliases repeat a key
    for (const CrdView& crd : crds) {
      if (crd.schema.group.empty() || crd.schema.kind.empty() ||
          !listed.emplace(crd.schema.group, crd.schema.kind).second) {
        continue;
      }
      auto resources = index.find({crd.schema.group, crd.schema.kind});
      if (resources == index.end()) continue;
      for (const CustomResource& r : resources->second) {
        const CrdView* by = keep(r) ? JudgeOf(r, crds) : nullptr;
        if (!by) continue;
        std::string key = memo ? JudgeMemo::KeyOf(*by, r) : "";
        const std::vector<Finding>* known = key.empty() ? nullptr : memo->Find(key);
        std::vector<Finding> found;
        if (known) {
          found = *known;
        } else {
          found = judge(*by, r);
        }
        if (!known && !key.empty()) memo->Keep(std::move(key), found);  // copies only a few
        for (Finding& f : found) {
          if (seen.emplace(f.location.path, f.location.line, f.location.column).second) {
            out.push_back(std::move(f));
          }
        }
      }
    }
  }
}

const std::vector<Finding>* JudgeMemo::Find(const std::string& key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &it->second;
}

void JudgeMemo::Keep(std::string key, const std::vector<Finding>& findings) {
  // A resource with many findings is rare and its own cost: not kept twice.
  if (findings.size() > kMaxFindings) return;
  if (by_key_.size() >= kMaxEntries) by_key_.clear();  // a new walk of pairs, rarely
  by_key_.emplace(std::move(key), findings);
}

std::string JudgeMemo::KeyOf(const CrdView& crd, const CustomResource& resource) {
  if (crd.content_id == 0 || resource.content_id == 0) return "";
  const Instance& i = *crd.instance;
  return std::to_string(crd.content_id) + "\n" + i.location.path + "\n" + i.component + "\n" +
         i.version.raw + "\n" + std::to_string(resource.content_id) + "\n" +
         std::to_string(resource.root->line) + "\n" + resource.path + "\n" + resource.scope;
}

std::string PropertyRemovedCause(const CrdView& crd, const std::string& api_version,
                                 const std::string& path) {
  return "crd-property " + crd.instance->location.path + " " + crd.schema.name + " " + api_version +
         " " + path;
}

Finding CrdFinding(const CrdView& crd, int line, int column, std::string message) {
  Finding f;
  f.message = std::move(message);
  f.location = Location{crd.instance->location.path, line, column};
  f.component = crd.instance->component;
  f.scope = crd.instance->scope;
  f.about_file = true;
  return f;
}

Finding ResourceFinding(const CrdView& crd, const CustomResource& resource, int line, int column,
                        std::string message) {
  Finding f;
  f.message = std::move(message);
  f.location = Location{resource.path, line, column};
  f.component = crd.instance->component;
  f.scope = resource.scope;
  return f;
}

std::string DescribeResource(const CustomResource& resource) {
  std::string shown = resource.ref.ToString();
  return shown.empty() ? resource.ref.kind + " in " + resource.path : shown;
}

std::string DescribeCrd(const CrdSchema& schema, const std::string& api) {
  std::string name = schema.name.empty() ? schema.kind : schema.name;
  return api.empty() ? name : name + " " + api;
}

std::string ServedNames(const CrdSchema& schema) {
  std::string names;
  for (const CrdApiVersion* v : schema.Served()) names += (names.empty() ? "" : ", ") + v->name;
  return names.empty() ? "none" : names;
}

std::string ShortMarker(const DeprecationMarker& marker) {
  std::string text = marker.text.substr(0, marker.text.find('\n'));
  if (text.size() > 100) text = text.substr(0, 97) + "...";
  return text;
}

}  // namespace skewlint
