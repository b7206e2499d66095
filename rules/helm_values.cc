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

std::vector<std::string> Split(const std::string& dir) {
  std::vector<std::string> parts;
  for (size_t start = 0; start < dir.size();) {
    size_t slash = std::min(dir.find('/', start), dir.size());
    parts.push_back(dir.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::string Join(const std::vector<std::string>& parts, size_t end) {
  std::string out;
  for (size_t i = 0; i < end; ++i) out += (i ? "/" : "") + parts[i];
  return out;
}

/// The charts a values file configures: the chart that owns it (the
/// nearest Chart.yaml at or above it in `state`: its name and dependency
/// names), and the names of the folders from that chart's folder down. A
/// subchart under `charts/<sub>/` owns its values: nothing above it is
/// looked at, so the agent subchart of a chart folder named `spire` is not
/// the server's. Without a Chart.yaml, every folder name counts
/// (`clusters/prod/spire-server/values.yaml`).
std::vector<std::string> ChartsForValuesFile(const std::string& path, const State& state) {
  std::vector<std::string> folders = Split(DirOf(path));
  size_t top = 0;  // the outermost folder that can own the file
  for (size_t i = 0; i + 1 < folders.size(); ++i) {
    if (folders[i] == "charts") top = i + 1;
  }
  std::vector<std::string> charts;
  for (size_t end = folders.size() + 1; end-- > top;) {
    std::string dir = Join(folders, end);
    auto chart_yaml = state.files.find(dir.empty() ? "Chart.yaml" : dir + "/Chart.yaml");
    if (chart_yaml == state.files.end() || !chart_yaml->second ||
        chart_yaml->second->documents.empty()) {
      continue;
    }
    const YamlNode& root = *chart_yaml->second->documents.front().root;
    charts.emplace_back(root.ScalarAt("name"));
    const YamlNode* deps = root.Get("dependencies");
    if (deps && deps->IsSequence()) {
      for (const auto& dep : deps->items) charts.emplace_back(dep->ScalarAt("name"));
    }
    top = end == 0 ? 0 : end - 1;
    break;
  }
  charts.insert(charts.end(), folders.begin() + static_cast<long>(std::min(top, folders.size())),
                folders.end());
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
