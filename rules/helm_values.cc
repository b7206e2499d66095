#include "rules/helm_values.h"

#include <algorithm>

namespace skewlint {
namespace {

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string DirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

bool IsValuesFile(const std::string& path) {
  std::string base = BaseName(path);
  auto ends = [&base](std::string_view suffix) {
    return base.size() >= suffix.size() &&
           base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return base.rfind("values", 0) == 0 && (ends(".yaml") || ends(".yml"));
}

/// Chart.yaml name and dependency names of `dir`, then the folder names.
std::vector<std::string> ChartsForValuesFile(const std::string& path, const State& state) {
  std::vector<std::string> charts;
  std::string dir = DirOf(path);
  auto chart_yaml = state.files.find(dir.empty() ? "Chart.yaml" : dir + "/Chart.yaml");
  if (chart_yaml != state.files.end() && chart_yaml->second &&
      !chart_yaml->second->documents.empty()) {
    const YamlNode& root = *chart_yaml->second->documents.front().root;
    charts.emplace_back(root.ScalarAt("name"));
    const YamlNode* deps = root.Get("dependencies");
    if (deps && deps->IsSequence()) {
      for (const auto& dep : deps->items) charts.emplace_back(dep->ScalarAt("name"));
    }
  }
  size_t start = 0;
  while (start < dir.size()) {
    size_t slash = std::min(dir.find('/', start), dir.size());
    charts.push_back(dir.substr(start, slash - start));
    start = slash + 1;
  }
  return charts;
}

std::string ResourceName(const YamlNode& root) {
  const YamlNode* metadata = root.Get("metadata");
  std::string ns(metadata ? metadata->ScalarAt("namespace") : "");
  std::string name(metadata ? metadata->ScalarAt("name") : "");
  return std::string(root.ScalarAt("kind")) + "/" + ns + "/" + name;
}

void AddArgoSource(const std::string& where, const YamlNode* source,
                   std::vector<ValuesSource>& out) {
  if (!source || !source->IsMap()) return;
  const YamlNode* values = source->Path("helm.valuesObject");
  if (values) out.push_back({where, {std::string(source->ScalarAt("chart"))}, values});
}

void FromDocument(const YamlNode& root, std::vector<ValuesSource>& out) {
  if (!root.IsMap()) return;
  std::string kind(root.ScalarAt("kind"));
  std::string api(root.ScalarAt("apiVersion"));
  std::string name = ResourceName(root);
  if (kind == "HelmRelease" && api.rfind("helm.toolkit.fluxcd.io/", 0) == 0) {
    const YamlNode* chart = root.Path("spec.chart.spec");
    const YamlNode* values = root.Path("spec.values");
    if (chart && values)
      out.push_back({name + " spec.values", {std::string(chart->ScalarAt("chart"))}, values});
  } else if (kind == "Application" && api.rfind("argoproj.io/", 0) == 0) {
    AddArgoSource(name + " spec.source", root.Path("spec.source"), out);
    const YamlNode* sources = root.Path("spec.sources");
    for (size_t i = 0; sources && sources->IsSequence() && i < sources->items.size(); ++i) {
      AddArgoSource(name + " spec.sources[" + std::to_string(i) + "]", sources->items[i].get(),
                    out);
    }
  }
  const YamlNode* charts = root.Get("helmCharts");
  for (size_t i = 0; charts && charts->IsSequence() && i < charts->items.size(); ++i) {
    const YamlNode& chart = *charts->items[i];
    if (const YamlNode* values = chart.Get("valuesInline")) {
      out.push_back({name + " helmCharts[" + std::to_string(i) + "]",
                     {std::string(chart.ScalarAt("name"))},
                     values});
    }
  }
}

}  // namespace

std::vector<ValuesSource> FindValues(const FileFacts& file, const State& state) {
  std::vector<ValuesSource> out;
  if (IsValuesFile(file.path)) {
    std::vector<std::string> charts = ChartsForValuesFile(file.path, state);
    for (const auto& doc : file.documents) {
      out.push_back({"document " + std::to_string(doc.index), charts, doc.root.get()});
    }
    return out;
  }
  for (const auto& doc : file.documents) FromDocument(*doc.root, out);
  return out;
}

}  // namespace skewlint
