#include "linter/extract.h"

#include <algorithm>
#include <functional>
#include <unordered_set>

#include "linter/extract_charts.h"
#include "linter/extract_util.h"
#include "linter/image_ref.h"

namespace skewlint {
namespace {

constexpr size_t kVisitBudget = 200000;

bool IsCrd(const DocContext& ctx) { return ctx.resource.kind == "CustomResourceDefinition"; }

bool IsKustomizeFile(const FileFacts& file, const DocContext& ctx) {
  std::string_view path = file.path;
  std::string_view base =
      path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  if (base == "kustomization.yaml" || base == "kustomization.yml" || base == "Kustomization")
    return true;
  return ctx.resource.api_version.rfind("kustomize.config.k8s.io/", 0) == 0;
}

Version VersionOf(std::string_view tag, std::string_view digest) {
  std::string text(tag);
  if (!digest.empty()) text += "@" + std::string(digest);
  return Version::Parse(text);
}

void AddImage(const DocContext& ctx, const std::string& repository, const Version& version,
              const YamlNode* at, bool empty_tag, FileInstances& out) {
  for (const auto& match : MatchingLocators(ctx.config, Locator::Kind::kImage, repository)) {
    Instance instance = ctx.Make(match.component, "image", version, at);
    instance.image = repository;
    instance.pattern = match.locator->pattern_text;
    if (empty_tag) out.empty_tag_instances.push_back(out.instances.size());
    out.instances.push_back(std::move(instance));
  }
}

// The repository of a Helm values image map: `repository`, or `image` (the
// ingress-nginx layout); "" when it is not such a map.
std::string_view MapRepository(const YamlNode& value) {
  std::string_view repository = value.ScalarAt("repository");
  if (repository.empty()) {
    const YamlNode* image = value.Get("image");
    if (image && image->IsScalar()) repository = image->scalar;
  }
  return repository;
}

// The registry of an image map: `global.imageRegistry` of the values
// document overrides it (the Bitnami convention); `global.image.registry`
// is the default for maps that set none (ingress-nginx merges it in).
std::string RegistryOf(const DocContext& ctx, const YamlNode& value) {
  const YamlNode& root = *ctx.doc.root;
  const YamlNode* global = root.IsMap() ? root.Path("global.imageRegistry") : nullptr;
  if (global && global->IsScalar() && !global->scalar.empty()) return global->scalar;
  std::string_view own = value.ScalarAt("registry");
  if (!own.empty() || value.Get("repository")) return std::string(own);
  const YamlNode* fallback = root.IsMap() ? root.Path("global.image.registry") : nullptr;
  return fallback && fallback->IsScalar() ? fallback->scalar : "";
}

// `image: "repo:tag"`, or a map `{registry, repository | image, tag, digest}`.
void ReadImageValue(const DocContext& ctx, const YamlNode& value, FileInstances& out) {
  if (value.IsScalar()) {
    auto ref = ParseImageRef(value.scalar);
    if (!ref) return;
    Version version = VersionOf(ref->tag, ref->digest);
    version.raw = value.scalar;
    AddImage(ctx, ref->registry_and_repository, version, &value, false, out);
    return;
  }
  if (!value.IsMap()) return;
  std::string_view repository = MapRepository(value);
  if (repository.empty()) return;
  auto ref = ParseImageRef(repository);  // a repository may carry its own tag
  std::string repo = JoinImage(RegistryOf(ctx, value),
                               ref ? ref->registry_and_repository : std::string(repository));
  std::string tag(value.ScalarAt("tag"));
  if (tag.empty() && ref) tag = ref->tag;
  std::string_view digest = value.ScalarAt("digest");
  const YamlNode* tag_node = value.Get("tag");
  const YamlNode* at = tag_node && !tag_node->IsNull() ? tag_node : &value;
  Version version = VersionOf(tag, digest);
  version.raw =
      repo + (tag.empty() ? "" : ":" + tag) + (digest.empty() ? "" : "@" + std::string(digest));
  AddImage(ctx, repo, version, at, tag.empty() && digest.empty(), out);
}

void WalkImages(const DocContext& ctx, const YamlNode& node, VisitBudget& budget,
                FileInstances& out) {
  if (!budget.Spend()) return;
  if (node.IsSequence()) {
    for (const auto& item : node.items) WalkImages(ctx, *item, budget, out);
    return;
  }
  if (!node.IsMap()) return;
  for (const auto& entry : node.entries) {
    if (entry.key == "image") {
      ReadImageValue(ctx, *entry.value, out);
      if (entry.value->IsMap() && MapRepository(*entry.value).empty()) {
        WalkImages(ctx, *entry.value, budget, out);
      }
    } else {
      WalkImages(ctx, *entry.value, budget, out);
    }
  }
}

void CollectPath(const YamlNode& node, std::string_view path, std::vector<const YamlNode*>& out) {
  if (path.empty()) {
    out.push_back(&node);
    return;
  }
  size_t dot = path.find('.');
  std::string_view head = path.substr(0, dot);
  std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (head == "*") {
    if (node.IsSequence()) {
      for (const auto& item : node.items) CollectPath(*item, rest, out);
    } else if (node.IsMap()) {
      for (const auto& entry : node.entries) CollectPath(*entry.value, rest, out);
    }
  } else if (const YamlNode* child = node.Get(head)) {
    CollectPath(*child, rest, out);
  }
}

// A field holds a bare tag, an image reference, or an image map.
void ReadFieldValue(const DocContext& ctx, const std::string& component, const Locator& locator,
                    const YamlNode& value, FileInstances& out) {
  const YamlNode* at = &value;
  Version version;
  if (value.IsScalar()) {
    auto ref = ParseImageRef(value.scalar);
    bool is_ref = ref && value.scalar.find_first_of("/:") != std::string::npos &&
                  Version::Parse(value.scalar).versioned == false && !ref->tag.empty();
    version = is_ref ? VersionOf(ref->tag, ref->digest) : Version::Parse(value.scalar);
    version.raw = value.scalar;
  } else if (value.IsMap()) {
    const YamlNode* tag = value.Get("tag");
    if (!tag) return;
    at = tag;
    version = VersionOf(value.ScalarAt("tag"), value.ScalarAt("digest"));
  } else {
    return;
  }
  Instance instance = ctx.Make(component, "field", version, at);
  instance.pattern = locator.field_kind + " " + locator.field_path;
  if (value.IsMap())
    instance.image = JoinImage(std::string(value.ScalarAt("registry")),
                               std::string(value.ScalarAt("repository")));
  out.instances.push_back(std::move(instance));
}

void ReadFields(const DocContext& ctx, FileInstances& out) {
  for (const auto& component : ctx.config.components) {
    for (const auto& locator : component.locators) {
      if (locator.kind != Locator::Kind::kField || locator.field_kind != ctx.resource.kind)
        continue;
      if (locator.field_api_version &&
          !Matches(locator.field_api_version, ctx.resource.api_version)) {
        continue;
      }
      std::vector<const YamlNode*> nodes;
      CollectPath(*ctx.doc.root, locator.field_path, nodes);
      for (const YamlNode* node : nodes) ReadFieldValue(ctx, component.name, locator, *node, out);
    }
  }
}

std::string_view VersionInChartLabel(std::string_view label) {
  for (size_t i = 0; i + 1 < label.size(); ++i) {
    if (label[i] == '-' && (std::isdigit(static_cast<unsigned char>(label[i + 1])) ||
                            (label[i + 1] == 'v' && i + 2 < label.size() &&
                             std::isdigit(static_cast<unsigned char>(label[i + 2]))))) {
      return label.substr(i + 1);
    }
  }
  return {};
}

void ReadCrd(const DocContext& ctx, FileInstances& out) {
  const YamlNode& root = *ctx.doc.root;
  const YamlNode* group = root.Path("spec.group");
  if (!group || !group->IsScalar()) return;
  const YamlNode* labels = root.Path("metadata.labels");
  const YamlNode* annotations = root.Path("metadata.annotations");
  for (const auto& component : ctx.config.components) {
    for (const auto& locator : component.locators) {
      if (locator.kind != Locator::Kind::kCrd || !Matches(locator.pattern, group->scalar)) continue;
      const YamlNode* at = nullptr;
      if (!locator.version_label.empty() && labels) at = labels->Get(locator.version_label);
      if (!at && !locator.version_annotation.empty() && annotations) {
        at = annotations->Get(locator.version_annotation);
      }
      if (!at && labels) at = labels->Get("app.kubernetes.io/version");
      Version version;
      if (at && at->IsScalar()) {
        version = Version::Parse(at->scalar);
      } else if (const YamlNode* chart = labels ? labels->Get("helm.sh/chart") : nullptr) {
        at = chart;
        version = Version::Parse(VersionInChartLabel(chart->scalar));
        version.raw = chart->scalar;
      } else {
        at = group;
        version = Version::Parse("");
      }
      out.instances.push_back(ctx.Make(component.name, "crd", version, at));
      out.instances.back().pattern = locator.pattern_text;
      break;
    }
  }
}

void ReadKustomization(const DocContext& ctx, const YamlNode* images, FileInstances& out) {
  out.is_kustomization = true;
  if (images && images->IsSequence()) {
    for (const auto& item : images->items) {
      std::string name(item->ScalarAt("name"));
      if (name.empty()) continue;
      FileInstances::ImageOverride o;
      o.name = name;
      o.new_name = item->ScalarAt("newName");
      o.has_tag = item->Get("newTag") || item->Get("digest");
      o.version = VersionOf(item->ScalarAt("newTag"), item->ScalarAt("digest"));
      const YamlNode* at = item->Get("newTag") ? item->Get("newTag") : item->Get("digest");
      o.location = ctx.At(at ? at : item.get());
      std::string shown = o.new_name.empty() ? name : o.new_name;
      o.version.raw =
          shown +
          (item->ScalarAt("newTag").empty() ? "" : ":" + std::string(item->ScalarAt("newTag")));
      o.tracked = !MatchingComponents(ctx.config, Locator::Kind::kImage, shown).empty();
      out.overrides.push_back(std::move(o));
    }
  }
}

void ReadKustomizeResources(const DocContext& ctx, const YamlNode& root, FileInstances& out) {
  std::string dir = DirName(ctx.file.path);
  for (const char* key : {"resources", "bases", "components"}) {
    const YamlNode* list = root.Get(key);
    if (!list || !list->IsSequence()) continue;
    for (const auto& item : list->items) {
      if (!item->IsScalar() || item->scalar.find("://") != std::string::npos ||
          item->scalar.find("?ref=") != std::string::npos) {
        continue;
      }
      std::string path = NormalizePath(dir.empty() ? item->scalar : dir + "/" + item->scalar);
      if (!path.empty()) out.kustomize_resources.push_back(path);
    }
  }
}

void ExtractDocument(const FileFacts& file, const Config& config, const YamlDocument& doc,
                     FileInstances& out) {
  DocContext ctx(file, config, doc);
  const YamlNode& root = *doc.root;
  if (IsCrd(ctx)) {
    ReadCrd(ctx, out);
    return;
  }
  if (IsKustomizeFile(file, ctx)) {
    ReadKustomization(ctx, root.Get("images"), out);
    ReadKustomizeResources(ctx, root, out);
  } else if (ctx.resource.kind == "Kustomization" &&
             ctx.resource.api_version.rfind("kustomize.toolkit.fluxcd.io/", 0) == 0) {
    ReadKustomization(ctx, root.Path("spec.images"), out);
    std::string path = NormalizePath(root.Path("spec.path") ? root.Path("spec.path")->scalar : "");
    if (!path.empty()) out.kustomize_resources.push_back(path);
  } else {
    VisitBudget budget(kVisitBudget);
    WalkImages(ctx, root, budget, out);
  }
  ReadCharts(ctx, out);
  ReadFields(ctx, out);
}

// Instances found twice (the same component at the same place: aliases, or
// two locators reading one node) are kept once, at their first occurrence,
// in order. Linear: a hash set of what was kept.
void Deduplicate(FileInstances& out) {
  struct Hash {
    size_t operator()(const Instance* i) const {
      size_t h = std::hash<std::string>()(i->component);
      for (size_t part :
           {std::hash<std::string>()(i->location.path), std::hash<int>()(i->location.line),
            std::hash<int>()(i->location.column)}) {
        h ^= part + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
      }
      return h;
    }
  };
  struct Same {
    bool operator()(const Instance* a, const Instance* b) const {
      return a->component == b->component && a->location == b->location;
    }
  };
  std::vector<bool> empty_tag(out.instances.size(), false);
  for (size_t i : out.empty_tag_instances) {
    if (i < empty_tag.size()) empty_tag[i] = true;
  }
  std::vector<Instance> kept;
  kept.reserve(out.instances.size());  // the set points into it
  std::unordered_set<const Instance*, Hash, Same> seen;
  seen.reserve(out.instances.size());
  std::vector<size_t> empty_tags;
  for (size_t i = 0; i < out.instances.size(); ++i) {
    if (seen.count(&out.instances[i])) continue;
    if (empty_tag[i]) empty_tags.push_back(kept.size());
    kept.push_back(std::move(out.instances[i]));
    seen.insert(&kept.back());
  }
  out.instances = std::move(kept);
  out.empty_tag_instances = std::move(empty_tags);
}

}  // namespace

FileInstances ExtractInstances(const FileFacts& facts, const Config& config) {
  FileInstances out;
  if (facts.is_template) return out;
  for (const auto& doc : facts.documents) {
    if (doc.root) ExtractDocument(facts, config, doc, out);
  }
  ReadChartYaml(facts, config, out);
  Deduplicate(out);
  return out;
}

}  // namespace skewlint
