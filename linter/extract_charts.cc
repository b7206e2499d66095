#include "linter/extract_charts.h"

namespace skewlint {
namespace {

bool IsChartYaml(std::string_view path) {
  return path == "Chart.yaml" ||
         (path.size() > 10 && path.substr(path.size() - 11) == "/Chart.yaml");
}

// True when the chart's values switch the component off (unless_values).
bool SwitchedOff(const Locator& locator, const YamlNode* values) {
  if (locator.unless_values.empty() || !values) return false;
  for (const auto& [key, expected] : locator.unless_values) {
    const YamlNode* v = values->Path(key);
    if (v && v->IsScalar() && v->scalar == expected) return true;
  }
  return false;
}

// False when the locator names values that switch the component on
// (if_values) and none of them is set so.
bool SwitchedOn(const Locator& locator, const YamlNode* values) {
  if (locator.if_values.empty()) return true;
  if (!values) return false;
  for (const auto& [key, expected] : locator.if_values) {
    const YamlNode* v = values->Path(key);
    if (v && v->IsScalar() && v->scalar == expected) return true;
  }
  return false;
}

void AddChart(const DocContext& ctx, std::string_view chart, const YamlNode* version_node,
              const YamlNode* values, FileInstances& out) {
  if (chart.empty() || IsTemplateExpression(chart)) return;
  if (version_node && version_node->IsScalar() && IsTemplateExpression(version_node->scalar))
    return;
  for (const auto& component : ctx.config.components) {
    for (const auto& locator : component.locators) {
      if (locator.kind != Locator::Kind::kChart || !Matches(locator.pattern, chart)) continue;
      if (SwitchedOff(locator, values) || !SwitchedOn(locator, values)) continue;
      std::string raw = version_node && version_node->IsScalar() ? version_node->scalar : "";
      Version version = Version::Parse(raw);
      const YamlNode* at = version_node ? version_node : ctx.doc.root.get();
      out.instances.push_back(ctx.Make(component.name, "chart", version, at));
      out.instances.back().pattern = locator.pattern_text;
      break;
    }
  }
}

// Argo CD passes values as an object or as a YAML string.
YamlNodePtr ArgoValues(const YamlNode& source) {
  const YamlNode* helm = source.Get("helm");
  if (!helm) return nullptr;
  if (const YamlNode* object = helm->Get("valuesObject")) {
    return std::shared_ptr<const YamlNode>(std::shared_ptr<const YamlNode>(), object);
  }
  const YamlNode* text = helm->Get("values");
  if (!text || !text->IsScalar()) return nullptr;
  ParsedYaml parsed = ParseYaml(text->scalar);
  return parsed.documents.empty() ? nullptr : parsed.documents.front().root;
}

void ReadArgoSource(const DocContext& ctx, const YamlNode& source, FileInstances& out) {
  YamlNodePtr values = ArgoValues(source);
  AddChart(ctx, source.ScalarAt("chart"), source.Get("targetRevision"), values.get(), out);
}

// Flux OCIRepository that a HelmRelease's chartRef points at: the chart is
// the last segment of spec.url, its version spec.ref (tag, else semver).
void ReadOciRepository(const DocContext& ctx, const YamlNode& spec, FileInstances& out) {
  std::string_view url = spec.ScalarAt("url");
  if (url.rfind("oci://", 0) != 0) return;
  std::string_view chart = url.substr(url.find_last_of('/') + 1);
  const YamlNode* ref = spec.Get("ref");
  const YamlNode* version = ref ? ref->Get("tag") : nullptr;
  if (!version && ref) version = ref->Get("semver");
  AddChart(ctx, chart, version, nullptr, out);
}

}  // namespace

void ReadCharts(const DocContext& ctx, FileInstances& out) {
  const YamlNode& root = *ctx.doc.root;
  const std::string& api = ctx.resource.api_version;
  const std::string& kind = ctx.resource.kind;
  if (kind == "HelmRelease" && api.rfind("helm.toolkit.fluxcd.io/", 0) == 0) {
    if (const YamlNode* spec = root.Path("spec.chart.spec")) {
      AddChart(ctx, spec->ScalarAt("chart"), spec->Get("version"), root.Path("spec.values"), out);
    }
  } else if (kind == "OCIRepository" && api.rfind("source.toolkit.fluxcd.io/", 0) == 0) {
    if (const YamlNode* spec = root.Get("spec")) ReadOciRepository(ctx, *spec, out);
  } else if (kind == "Application" && api.rfind("argoproj.io/", 0) == 0) {
    if (const YamlNode* source = root.Path("spec.source")) ReadArgoSource(ctx, *source, out);
    const YamlNode* sources = root.Path("spec.sources");
    if (sources && sources->IsSequence()) {
      for (const auto& source : sources->items) ReadArgoSource(ctx, *source, out);
    }
  }
  const YamlNode* charts = root.Get("helmCharts");
  bool kustomize = kind.empty() || kind == "Kustomization" || kind == "Component";
  if (charts && charts->IsSequence() && kustomize) {
    for (const auto& chart : charts->items) {
      AddChart(ctx, chart->ScalarAt("name"), chart->Get("version"), chart->Get("valuesInline"),
               out);
    }
  }
}

void ReadChartYaml(const FileFacts& file, const Config& config, FileInstances& out) {
  if (!IsChartYaml(file.path) || file.documents.empty()) return;
  const YamlDocument& doc = file.documents.front();
  DocContext ctx(file, config, doc);
  const YamlNode& root = *doc.root;
  out.chart_name = root.ScalarAt("name");
  const YamlNode* deps = root.Get("dependencies");
  if (deps && deps->IsSequence()) {
    for (const auto& dep : deps->items)
      AddChart(ctx, dep->ScalarAt("name"), dep->Get("version"), nullptr, out);
  }
  const YamlNode* app_version = root.Get("appVersion");
  if (app_version && app_version->IsScalar() && !app_version->scalar.empty()) {
    out.app_version = Version::Parse(app_version->scalar);
    out.app_version_at = ctx.At(app_version);
  }
  if (out.chart_name.empty() || !app_version || !app_version->IsScalar()) return;
  for (const auto& match :
       MatchingLocators(config, Locator::Kind::kChartAppVersion, out.chart_name)) {
    Instance instance = ctx.Make(match.component, "chart_app_version",
                                 Version::Parse(app_version->scalar), app_version);
    instance.pattern = match.locator->pattern_text;
    out.app_version_candidates.push_back(std::move(instance));
  }
}

}  // namespace skewlint
