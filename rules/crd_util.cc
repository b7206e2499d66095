#include "rules/crd_util.h"

#include <set>
#include <tuple>

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
    if (file != state.files.end()) text = file->second->text;
    auto schema = CachedCrdSchema(i.document, text);
    out.push_back(CrdView{&i, schema, *schema});
  }
  return out;
}

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
      CustomResource r;
      r.path = path;
      r.scope = ScopeOf(config, path);
      r.root = &root;
      r.version = api.substr(prefix.size());
      r.ref = {std::string(api), schema.kind, "", ""};
      if (const YamlNode* metadata = root.Get("metadata")) {
        r.ref.name = metadata->ScalarAt("name");
        r.ref.namespace_ = metadata->ScalarAt("namespace");
      }
      const YamlNode::Entry* entry = root.GetEntry("apiVersion");
      r.api_version_line = entry->key_line;
      r.api_version_column = entry->key_column;
      out.push_back(std::move(r));
    }
  }
  return out;
}

void JudgeResources(
    const State& state, const Config& config, const std::vector<std::string>& components,
    const std::function<bool(const CustomResource&)>& keep,
    const std::function<std::vector<Finding>(const CrdView&, const CustomResource&)>& judge,
    std::vector<Finding>& out) {
  for (const auto& component : components) {
    std::vector<CrdView> crds = CrdsOf(state, component);
    std::set<std::tuple<std::string, int, int>> seen;
    for (const CrdView& crd : crds) {
      for (const CustomResource& r : ResourcesOf(state, crd.schema, config)) {
        if (!keep(r) || !Judges(crd, r, crds)) continue;
        for (Finding& f : judge(crd, r)) {
          if (seen.emplace(f.location.path, f.location.line, f.location.column).second) {
            out.push_back(std::move(f));
          }
        }
      }
    }
  }
}

bool Judges(const CrdView& crd, const CustomResource& resource, const std::vector<CrdView>& all) {
  if (crd.schema.kind != resource.ref.kind ||
      resource.ref.api_version.rfind(crd.schema.group + "/", 0) != 0) {
    return false;
  }
  if (crd.instance->scope == resource.scope) return true;
  for (const CrdView& other : all) {
    if (other.schema.name == crd.schema.name && other.instance->scope == resource.scope) {
      return false;
    }
  }
  return true;
}

std::string PropertyRemovedCause(const CrdSchema& schema, const std::string& api_version,
                                 const std::string& path) {
  return "crd-property " + schema.name + " " + api_version + " " + path;
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
