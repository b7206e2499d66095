#include "linter/locator_reader.h"

namespace skewlint {
namespace {

void ReadChart(ConfigReader& reader, const YamlNode* value, Locator& locator) {
  if (value->IsScalar()) {
    locator.pattern = reader.Regex(value, "chart");
    locator.pattern_text = value->scalar;
    return;
  }
  if (!reader.ExpectKeys(value, "chart locator", {"name", "unless_values", "if_values"})) return;
  locator.pattern = reader.Regex(reader.Require(value, "name", "chart locator"), "name");
  locator.pattern_text = value->ScalarAt("name");
  if (const YamlNode* unless = value->Get("unless_values")) {
    if (!reader.ExpectMap(unless, "unless_values")) return;
    for (const auto& entry : unless->entries) {
      auto v = reader.String(entry.value.get(), "unless_values." + entry.key);
      if (v) locator.unless_values[entry.key] = *v;
    }
  }
  if (const YamlNode* when = value->Get("if_values")) {
    if (!reader.ExpectMap(when, "if_values")) return;
    for (const auto& entry : when->entries) {
      auto v = reader.String(entry.value.get(), "if_values." + entry.key);
      if (v) locator.if_values[entry.key] = *v;
    }
  }
}

void ReadCrd(ConfigReader& reader, const YamlNode* value, Locator& locator) {
  if (value->IsScalar()) {
    locator.pattern = reader.Regex(value, "crd");
    locator.pattern_text = value->scalar;
    return;
  }
  if (!reader.ExpectKeys(value, "crd locator", {"group", "label", "annotation"})) return;
  locator.pattern = reader.Regex(reader.Require(value, "group", "crd locator"), "group");
  locator.pattern_text = value->ScalarAt("group");
  if (const YamlNode* l = value->Get("label"))
    locator.version_label = reader.String(l, "crd label").value_or("");
  if (const YamlNode* a = value->Get("annotation")) {
    locator.version_annotation = reader.String(a, "crd annotation").value_or("");
  }
}

void ReadField(ConfigReader& reader, const YamlNode* value, Locator& locator) {
  if (!reader.ExpectKeys(value, "field locator",
                         {"kind", "path", "apiVersion", "name", "namespace"}))
    return;
  locator.field_kind =
      reader.String(reader.Require(value, "kind", "field locator"), "kind").value_or("");
  locator.field_path =
      reader.String(reader.Require(value, "path", "field locator"), "path").value_or("");
  if (const YamlNode* api = value->Get("apiVersion")) {
    locator.field_api_version = reader.Regex(api, "field locator: key 'apiVersion'");
  }
  if (const YamlNode* name = value->Get("name")) {
    locator.field_name = reader.Regex(name, "field locator: key 'name'");
  }
  if (const YamlNode* ns = value->Get("namespace")) {
    locator.field_namespace = reader.Regex(ns, "field locator: key 'namespace'");
  }
  if (reader.ok() && (locator.field_path.empty() || locator.field_path.front() == '.' ||
                      locator.field_path.back() == '.')) {
    reader.Fail(value->Get("path"), "field locator: expected a dotted path such as spec.image.tag");
  }
}

}  // namespace

std::optional<Locator> ReadLocator(ConfigReader& reader, const YamlNode* node) {
  if (!reader.ExpectMap(node, "locator")) return std::nullopt;
  if (node->entries.size() != 1) {
    reader.Fail(node,
                "locator: expected exactly one of image, chart, chart_app_version, crd, field");
    return std::nullopt;
  }
  const auto& entry = node->entries.front();
  const YamlNode* value = entry.value.get();
  if (!value || value->IsNull()) {
    reader.FailAt(entry.key_line, entry.key_column, entry.key + ": expected a pattern or a map");
    return std::nullopt;
  }
  Locator locator;
  locator.where = reader.At(node);
  if (entry.key == "image" || entry.key == "chart_app_version") {
    locator.kind = entry.key == "image" ? Locator::Kind::kImage : Locator::Kind::kChartAppVersion;
    locator.pattern = reader.Regex(value, entry.key);
    if (value && value->IsScalar()) locator.pattern_text = value->scalar;
  } else if (entry.key == "chart") {
    locator.kind = Locator::Kind::kChart;
    ReadChart(reader, value, locator);
  } else if (entry.key == "crd") {
    locator.kind = Locator::Kind::kCrd;
    ReadCrd(reader, value, locator);
  } else if (entry.key == "field") {
    locator.kind = Locator::Kind::kField;
    ReadField(reader, value, locator);
  } else {
    reader.FailAt(entry.key_line, entry.key_column,
                  "unknown locator '" + entry.key +
                      "'; expected one of image, chart, chart_app_version, crd, field");
  }
  if (!reader.ok()) return std::nullopt;
  return locator;
}

}  // namespace skewlint
