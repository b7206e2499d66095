#include "linter/extract.h"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <unordered_set>

#include "linter/extract_charts.h"
#include "linter/extract_embedded.h"
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

// The values a chart release passes to its chart (a Flux HelmRelease's
// spec.values, an Argo CD source's helm.valuesObject, a Kustomize
// helmCharts[].valuesInline), and the chart: an image there with no tag
// takes the chart's appVersion, which the repository does not hold.
struct Release {
  const YamlNode* values = nullptr;
  std::string chart;  ///< the chart's name, "" when unknown
  std::string from;   ///< "chart rook-ceph v1.17.7", as messages name it
};

// What the image walk of one document carries along.
struct ImageWalk {
  VisitBudget budget{kVisitBudget};
  const YamlNode* values_root = nullptr;  ///< a values file's document
  std::vector<Release> releases;
  const Release* release = nullptr;  ///< the release whose values the walk is in
};

// `helm test` hooks: images under a `tests:`/`test:` key at the top of chart
// values run only when someone runs `helm test`, never in an upgrade.
bool IsTestKey(std::string_view key) { return key == "tests" || key == "test"; }

// `image`, or a named image such as `cephImage`, `sidecarImage`.
bool IsImageKey(std::string_view key) {
  return key == "image" || (key.size() > 5 && key.ends_with("Image"));
}

void AddImage(const DocContext& ctx, const std::string& repository, const Version& version,
              const YamlNode* at, bool empty_tag, const ImageWalk& walk, bool takes_app_version,
              FileInstances& out) {
  for (const auto& match : MatchingLocators(ctx.config, Locator::Kind::kImage, repository)) {
    Instance instance = ctx.Make(match.component, "image", version, at);
    instance.image = repository;
    instance.pattern = match.locator->pattern_text;
    // A chart named by a path (a Git source: `./charts/app`) or not at all
    // is no packaged chart whose appVersion is elsewhere.
    const Release* release = walk.release;
    bool packaged =
        release && !release->chart.empty() && release->chart.find('/') == std::string::npos;
    if (empty_tag && packaged) {
      // The release's chart stands for a component that tracks it.
      auto charts = MatchingComponents(ctx.config, Locator::Kind::kChart, release->chart);
      if (std::find(charts.begin(), charts.end(), match.component) != charts.end()) continue;
      instance.version_from = release->from;
    } else if (empty_tag && takes_app_version && !release) {
      out.empty_tag_instances.push_back(out.instances.size());
    }
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

// A tag written `{{ .Chart.AppVersion }}` (a chart that renders its values
// with `tpl`) names the chart's appVersion, as an empty tag does.
bool IsAppVersionTemplate(std::string_view text) {
  static const RE2 pattern(R"(\{\{-?\s*\$?\.Chart\.AppVersion\s*-?\}\})");
  return RE2::FullMatch(re2::StringPiece(text.data(), text.size()), pattern);
}

// `image: "repo:{{ .Chart.AppVersion }}"`: the repository, its tag the
// chart's appVersion.
void ReadAppVersionImage(const DocContext& ctx, const YamlNode& value, const ImageWalk& walk,
                         FileInstances& out) {
  size_t open = value.scalar.find("{{");
  if (open == 0 || value.scalar[open - 1] != ':' ||
      !IsAppVersionTemplate(std::string_view(value.scalar).substr(open))) {
    return;
  }
  std::string repository = value.scalar.substr(0, open - 1);
  auto ref = ParseImageRef(repository);
  if (!ref || IsTemplateExpression(repository) || !ref->tag.empty() || !ref->digest.empty()) return;
  Version version = Version::Parse("");
  version.raw = ref->registry_and_repository;
  AddImage(ctx, ref->registry_and_repository, version, &value, true, walk, true, out);
}

// `image: "repo:tag"`, or a map `{registry, repository | image, tag, digest}`.
// Only an `image` map with an empty tag takes its chart's appVersion (the
// Helm convention `.Values.image.tag | default .Chart.AppVersion`), or any
// image whose tag is `{{ .Chart.AppVersion }}`. Values holding other template
// expressions are rendered later: not read.
void ReadImageValue(const DocContext& ctx, const YamlNode& value, bool takes_app_version,
                    const ImageWalk& walk, FileInstances& out) {
  if (value.IsScalar()) {
    if (IsTemplateExpression(value.scalar)) {
      ReadAppVersionImage(ctx, value, walk, out);
      return;
    }
    auto ref = ParseImageRef(value.scalar);
    if (!ref) return;
    Version version = VersionOf(ref->tag, ref->digest);
    version.raw = value.scalar;
    AddImage(ctx, ref->registry_and_repository, version, &value, false, walk, false, out);
    return;
  }
  if (!value.IsMap()) return;
  std::string_view repository = MapRepository(value);
  if (repository.empty()) return;
  std::string tag(value.ScalarAt("tag"));
  if (IsAppVersionTemplate(tag)) {
    tag.clear();
    takes_app_version = true;
  }
  std::string_view digest = value.ScalarAt("digest");
  std::string_view registry = value.ScalarAt("registry");
  if (IsTemplateExpression(repository) || IsTemplateExpression(tag) ||
      IsTemplateExpression(digest) || IsTemplateExpression(registry)) {
    return;
  }
  auto ref = ParseImageRef(repository);  // a repository may carry its own tag
  std::string repo = JoinImage(RegistryOf(ctx, value),
                               ref ? ref->registry_and_repository : std::string(repository));
  if (tag.empty() && ref) tag = ref->tag;
  const YamlNode* tag_node = value.Get("tag");
  const YamlNode* at = tag_node && !tag_node->IsNull() ? tag_node : &value;
  Version version = VersionOf(tag, digest);
  version.raw =
      repo + (tag.empty() ? "" : ":" + tag) + (digest.empty() ? "" : "@" + std::string(digest));
  AddImage(ctx, repo, version, at, tag.empty() && digest.empty(), walk, takes_app_version, out);
}

void WalkImages(const DocContext& ctx, const YamlNode& node, ImageWalk& walk, FileInstances& out) {
  if (!walk.budget.Spend()) return;
  if (node.IsSequence()) {
    for (const auto& item : node.items) WalkImages(ctx, *item, walk, out);
    return;
  }
  if (!node.IsMap()) return;
  const Release* outer = walk.release;
  bool values_root = &node == walk.values_root;
  for (const Release& release : walk.releases) {
    if (release.values == &node) {
      walk.release = &release;
      values_root = true;
    }
  }
  for (const auto& entry : node.entries) {
    if (values_root && IsTestKey(entry.key)) continue;
    if (IsImageKey(entry.key)) {
      ReadImageValue(ctx, *entry.value, entry.key == "image", walk, out);
      if (entry.value->IsMap() && MapRepository(*entry.value).empty()) {
        WalkImages(ctx, *entry.value, walk, out);
      }
    } else {
      WalkImages(ctx, *entry.value, walk, out);
    }
  }
  walk.release = outer;
}

// The chart of a Flux HelmRelease: spec.chart.spec, or the OCIRepository
// its spec.chartRef names, read from the same file.
Release FluxRelease(const DocContext& ctx, const YamlNode& spec) {
  Release release;
  release.values = spec.Get("values");
  std::string version;
  if (const YamlNode* chart = spec.Path("chart.spec")) {
    release.chart = chart->ScalarAt("chart");
    version = chart->ScalarAt("version");
  } else if (const YamlNode* ref = spec.Get("chartRef")) {
    std::string name(ref->ScalarAt("name"));
    release.from = "the chart of " + std::string(ref->ScalarAt("kind")) + " " + name;
    release.chart = name;  // an OCIRepository is usually named after its chart
    for (const auto& doc : ctx.file.documents) {
      if (ref->ScalarAt("kind") != "OCIRepository" || !doc.root) continue;
      const YamlNode& root = *doc.root;
      if (!root.IsMap() || root.ScalarAt("kind") != "OCIRepository" || !root.Get("metadata") ||
          root.Get("metadata")->ScalarAt("name") != name) {
        continue;
      }
      std::string_view url = root.Get("spec") ? root.Get("spec")->ScalarAt("url") : "";
      if (!url.empty()) release.chart = url.substr(url.find_last_of('/') + 1);
      const YamlNode* oci_ref = root.Path("spec.ref");
      version = oci_ref ? oci_ref->ScalarAt("tag") : "";
      if (version.empty() && oci_ref) version = oci_ref->ScalarAt("semver");
      release.from.clear();
    }
  }
  if (release.from.empty()) {
    release.from = "chart " + (release.chart.empty() ? "(unnamed)" : release.chart) +
                   (version.empty() ? "" : " " + version);
  }
  return release;
}

// The chart releases of a document, with the values each passes.
std::vector<Release> ReleasesOf(const DocContext& ctx) {
  std::vector<Release> out;
  const YamlNode& root = *ctx.doc.root;
  const std::string& api = ctx.resource.api_version;
  const std::string& kind = ctx.resource.kind;
  auto add = [&out](const YamlNode* values, std::string chart, std::string_view version) {
    if (!values || !values->IsMap()) return;
    std::string from = "chart " + (chart.empty() ? "(unnamed)" : chart) +
                       (version.empty() ? "" : " " + std::string(version));
    out.push_back(Release{values, std::move(chart), std::move(from)});
  };
  if (kind == "HelmRelease" && api.rfind("helm.toolkit.fluxcd.io/", 0) == 0) {
    if (const YamlNode* spec = root.Get("spec")) {
      Release release = FluxRelease(ctx, *spec);
      if (release.values && release.values->IsMap()) out.push_back(std::move(release));
    }
  } else if (kind == "Application" && api.rfind("argoproj.io/", 0) == 0) {
    std::vector<const YamlNode*> sources;
    if (const YamlNode* source = root.Path("spec.source")) sources.push_back(source);
    const YamlNode* list = root.Path("spec.sources");
    for (const auto& item : list && list->IsSequence() ? list->items : std::vector<YamlNodePtr>{})
      sources.push_back(item.get());
    for (const YamlNode* source : sources) {
      add(source->Path("helm.valuesObject"), std::string(source->ScalarAt("chart")),
          source->ScalarAt("targetRevision"));
    }
  }
  const YamlNode* charts = root.IsMap() ? root.Get("helmCharts") : nullptr;
  for (const auto& chart :
       charts && charts->IsSequence() ? charts->items : std::vector<YamlNodePtr>{}) {
    add(chart->Get("valuesInline"), std::string(chart->ScalarAt("name")),
        chart->ScalarAt("version"));
  }
  return out;
}

// A `helm test` hook (helm.sh/hook: test, test-success, test-failure): run
// by `helm test`, never by an install or upgrade.
bool IsTestHook(const YamlNode& root) {
  const YamlNode* hook = root.IsMap() ? root.Path("metadata.annotations") : nullptr;
  std::string_view hooks = hook ? hook->ScalarAt("helm.sh/hook") : "";
  for (size_t start = 0; start < hooks.size();) {
    size_t comma = hooks.find(',', start);
    std::string_view one = hooks.substr(start, comma - start);
    while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
    if (one.starts_with("test")) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
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
  if (value.IsScalar() && IsTemplateExpression(value.scalar)) return;
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
      if ((locator.field_name && !Matches(locator.field_name, ctx.resource.name)) ||
          (locator.field_namespace && !Matches(locator.field_namespace, ctx.resource.namespace_))) {
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

// A Docker Compose file: each service is a resource of its own (kind
// `service`), ordered after the services its `depends_on` names (a list,
// or a map of name -> condition), which Compose starts first.
bool ReadComposeServices(const DocContext& ctx, FileInstances& out) {
  const YamlNode& root = *ctx.doc.root;
  const YamlNode* services = root.Get("services");
  if (!ctx.resource.kind.empty() || !services || !services->IsMap()) return false;
  for (const auto& entry : services->entries) {
    const std::string& name = entry.key;
    const YamlNode* service = entry.value.get();
    if (!service) continue;
    DocContext service_ctx = ctx;
    service_ctx.resource.kind = "service";
    service_ctx.resource.name = name;
    service_ctx.hints = OrderingHints{};
    if (const YamlNode* depends = service->Get("depends_on")) {
      for (const auto& item : depends->items) {
        if (item->IsScalar()) service_ctx.hints.depends_on.push_back("/" + item->scalar);
      }
      for (const auto& dep : depends->entries) {
        service_ctx.hints.depends_on.push_back("/" + dep.key);
      }
    }
    ImageWalk walk;
    WalkImages(service_ctx, *service, walk, out);
  }
  for (const auto& entry : root.entries) {  // a values file may merely have a `services:` key
    if (entry.key == "services" || IsTestKey(entry.key)) continue;
    ImageWalk walk;
    WalkImages(ctx, *entry.value, walk, out);
  }
  return true;
}

void ExtractDocument(const FileFacts& file, const Config& config, const YamlDocument& doc,
                     FileInstances& out, bool embedded = false) {
  DocContext ctx(file, config, doc);
  const YamlNode& root = *doc.root;
  if (IsTestHook(root)) return;
  // Resources written into chart values first: found again by the walk of
  // the whole release below, they keep their own resource.
  for (const YamlDocument& inner :
       embedded ? std::vector<YamlDocument>{} : EmbeddedResources(ctx)) {
    ExtractDocument(file, config, inner, out, true);
  }
  if (IsCrd(ctx)) {
    ReadCrd(ctx, out);
    return;
  }
  std::string_view text = file.text ? std::string_view(*file.text) : std::string_view();
  out.patch_like |= IsPatchLike(root);
  if (IsKustomizeFile(file, ctx)) {
    ReadKustomization(ctx, root.Get("images"), out);
    ReadKustomizeResources(ctx, root, out);
    if (root.IsMap()) {
      for (auto& patch : ReadKustomizePatches(file.path, text, root)) {
        out.patches.push_back(std::move(patch));
      }
    }
  } else if (ctx.resource.kind == "Kustomization" &&
             ctx.resource.api_version.rfind("kustomize.toolkit.fluxcd.io/", 0) == 0) {
    ReadKustomization(ctx, root.Path("spec.images"), out);
    if (const YamlNode* spec = root.Get("spec"); spec && spec->IsMap()) {
      for (auto& patch : ReadKustomizePatches(file.path, text, *spec)) {
        patch.built_by = ctx.resource.namespace_ + "/" + ctx.resource.name;
        out.patches.push_back(std::move(patch));
      }
    }
    std::string path = NormalizePath(root.Path("spec.path") ? root.Path("spec.path")->scalar : "");
    if (!path.empty()) {
      out.kustomize_resources.push_back(path);
      out.flux_builders.emplace_back(path, ctx.resource.namespace_ + "/" + ctx.resource.name);
    }
  } else if (!ReadComposeServices(ctx, out)) {
    ImageWalk walk;
    walk.releases = ReleasesOf(ctx);
    if (ctx.resource.kind.empty()) walk.values_root = &root;
    WalkImages(ctx, root, walk, out);
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
