#include "linter/extract_embedded.h"

#include <array>
#include <string_view>

namespace skewlint {
namespace {

constexpr std::array<std::string_view, 5> kListKeys = {"resources", "rawResources", "extraObjects",
                                                       "extraDeploy", "extraManifests"};

bool IsResource(const YamlNode& node) {
  return node.IsMap() && !node.ScalarAt("apiVersion").empty() && !node.ScalarAt("kind").empty();
}

// Items share ownership with the document they sit in.
void AddFrom(const YamlDocument& doc, const YamlNode* values, std::vector<YamlDocument>& out) {
  if (!values || !values->IsMap()) return;
  for (auto key : kListKeys) {
    const YamlNode* list = values->Get(key);
    if (!list || !list->IsSequence()) continue;
    for (const auto& item : list->items) {
      if (!IsResource(*item)) continue;
      YamlDocument embedded;
      embedded.root = YamlNodePtr(doc.root, item.get());
      embedded.first_line = item->line;
      embedded.index = doc.index;
      out.push_back(std::move(embedded));
    }
  }
}

void AddFromArgoSource(const YamlDocument& doc, const YamlNode* source,
                       std::vector<YamlDocument>& out) {
  if (source && source->IsMap()) AddFrom(doc, source->Path("helm.valuesObject"), out);
}

}  // namespace

std::vector<YamlDocument> EmbeddedResources(const DocContext& ctx) {
  std::vector<YamlDocument> out;
  const YamlNode& root = *ctx.doc.root;
  const std::string& api = ctx.resource.api_version;
  const std::string& kind = ctx.resource.kind;
  if (kind == "HelmRelease" && api.rfind("helm.toolkit.fluxcd.io/", 0) == 0) {
    AddFrom(ctx.doc, root.Path("spec.values"), out);
  } else if (kind == "Application" && api.rfind("argoproj.io/", 0) == 0) {
    AddFromArgoSource(ctx.doc, root.Path("spec.source"), out);
    const YamlNode* sources = root.Path("spec.sources");
    if (sources && sources->IsSequence()) {
      for (const auto& source : sources->items) AddFromArgoSource(ctx.doc, source.get(), out);
    }
  }
  return out;
}

}  // namespace skewlint
