#include "linter/kustomize_patch.h"

#include <re2/re2.h>

#include <algorithm>
#include <optional>

#include "linter/extract_util.h"
#include "linter/image_ref.h"

namespace skewlint {
namespace {

// One step from a node to a child: a map key, or a list item (its index,
// and its `name` when it has one: strategic merge patches merge lists of
// named items, such as containers, by name).
struct Step {
  std::string key;
  int index = -1;
  std::string name;
};

bool IsFluxHelmRelease(const YamlNode& root) {
  return root.IsMap() && root.ScalarAt("kind") == "HelmRelease" &&
         root.ScalarAt("apiVersion").rfind("helm.toolkit.fluxcd.io/", 0) == 0;
}

ResourceRef TargetOf(const YamlNode* target) {
  ResourceRef ref;
  if (!target || !target->IsMap()) return ref;
  ref.kind = target->ScalarAt("kind");
  ref.name = target->ScalarAt("name");
  ref.namespace_ = target->ScalarAt("namespace");
  return ref;
}

// An inline patch: its text parsed, and where that text sits in the file.
KustomizePatch InlinePatch(const std::string& path, std::string_view text, const YamlNode& node) {
  KustomizePatch patch;
  patch.text = node.scalar;
  patch.at = Location{path, node.line, node.column};
  auto documents = std::make_shared<std::vector<YamlDocument>>(ParseYaml(node.scalar).documents);
  patch.documents = std::move(documents);
  // A block scalar (`|`, `>`) starts on the line after its indicator, at
  // the indentation of its first line.
  size_t start = 0;
  for (int line = 1; line < node.line && start != std::string_view::npos; ++line) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos) return patch;
  size_t indicator = start + static_cast<size_t>(node.column) - 1;
  if (indicator >= text.size() || (text[indicator] != '|' && text[indicator] != '>')) return patch;
  size_t next = text.find('\n', indicator);
  if (next == std::string_view::npos) return patch;
  size_t indent = text.find_first_not_of(' ', next + 1);
  if (indent == std::string_view::npos) return patch;
  patch.block = true;
  patch.at = Location{path, node.line, static_cast<int>(indent - next - 1)};
  return patch;
}

// Where a node of the patch sits in the repository.
Location Place(const KustomizePatch& patch, const YamlNode& node) {
  if (!patch.file.empty()) return Location{patch.file, node.line, node.column};
  if (!patch.block) return patch.at;
  return Location{patch.at.path, patch.at.line + node.line, patch.at.column + node.column};
}

// The steps from `node` to the node written at `line`:`column`.
bool FindSteps(const YamlNode& node, int line, int column, std::vector<Step>& steps,
               VisitBudget& budget) {
  if (!budget.Spend()) return false;
  if (node.line == line && node.column == column && !node.IsMap() && !node.IsSequence()) {
    return true;
  }
  if (node.IsMap()) {
    for (const auto& entry : node.entries) {
      steps.push_back(Step{entry.key, -1, ""});
      if (FindSteps(*entry.value, line, column, steps, budget)) return true;
      steps.pop_back();
    }
  } else if (node.IsSequence()) {
    for (size_t i = 0; i < node.items.size(); ++i) {
      const YamlNode& item = *node.items[i];
      steps.push_back(
          Step{"", static_cast<int>(i), item.IsMap() ? std::string(item.ScalarAt("name")) : ""});
      if (FindSteps(item, line, column, steps, budget)) return true;
      steps.pop_back();
    }
  }
  if (node.line == line && node.column == column) return true;  // an image map with no tag
  return false;
}

// The node a strategic merge patch writes at `steps` (lists of named maps
// merge by name, other lists are replaced whole, so a position counts).
const YamlNode* Follow(const YamlNode* node, const std::vector<Step>& steps, size_t from) {
  for (size_t i = from; node && i < steps.size(); ++i) {
    const Step& step = steps[i];
    if (step.index < 0) {
      node = node->IsMap() ? node->Get(step.key) : nullptr;
    } else if (!node->IsSequence()) {
      node = nullptr;
    } else if (!step.name.empty()) {
      auto it = std::find_if(node->items.begin(), node->items.end(), [&](const YamlNodePtr& item) {
        return item->IsMap() && item->ScalarAt("name") == step.name;
      });
      node = it == node->items.end() ? nullptr : it->get();
    } else {
      node = static_cast<size_t>(step.index) < node->items.size()
                 ? node->items[static_cast<size_t>(step.index)].get()
                 : nullptr;
    }
  }
  return node;
}

// "/spec/template/spec/containers/0/image" (RFC 6901), one entry per step.
std::vector<std::string> Pointer(const std::vector<Step>& steps) {
  std::vector<std::string> out;
  for (const Step& step : steps) {
    if (step.index >= 0) {
      out.push_back(std::to_string(step.index));
      continue;
    }
    std::string key;
    for (char c : step.key) key += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    out.push_back(key);
  }
  return out;
}

std::vector<std::string> SplitPointer(std::string_view path) {
  std::vector<std::string> out;
  if (path.empty() || path.front() != '/') return out;
  size_t start = 1;
  while (true) {
    size_t slash = path.find('/', start);
    out.emplace_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

// The value a JSON 6902 patch (`add` or `replace`) writes at `steps`: the
// operation's value at its path, or inside it for a path above.
const YamlNode* FollowOperations(const YamlNode& ops, const std::vector<Step>& steps) {
  std::vector<std::string> pointer = Pointer(steps);
  const YamlNode* found = nullptr;
  for (const auto& op : ops.items) {
    if (!op->IsMap()) continue;
    std::string_view kind = op->ScalarAt("op");
    if (kind != "add" && kind != "replace") continue;
    std::vector<std::string> path = SplitPointer(op->ScalarAt("path"));
    if (path.empty() || path.size() > pointer.size() ||
        !std::equal(path.begin(), path.end(), pointer.begin())) {
      continue;
    }
    if (const YamlNode* value = Follow(op->Get("value"), steps, path.size())) found = value;
  }
  return found;
}

bool NameMatches(const std::string& pattern, const std::string& name) {
  if (pattern.empty() || pattern == name) return true;
  RE2 re(pattern, RE2::Quiet);
  return re.ok() && RE2::FullMatch(name, re);
}

// Whether the patch document `doc` applies to the resource `r`.
bool Targets(const KustomizePatch& patch, const YamlNode& doc, const ResourceRef& r) {
  ResourceRef want = patch.target;
  if (want.kind.empty() && want.name.empty() && doc.IsMap()) {
    want.kind = doc.ScalarAt("kind");
    if (const YamlNode* metadata = doc.Get("metadata")) {
      want.name = metadata->ScalarAt("name");
      want.namespace_ = metadata->ScalarAt("namespace");
    }
  }
  if (want.kind.empty() && want.name.empty()) return false;
  if (!want.kind.empty() && want.kind != r.kind) return false;
  if (!want.namespace_.empty() && !r.namespace_.empty() && want.namespace_ != r.namespace_) {
    return false;
  }
  return NameMatches(want.name, r.name);
}

Version TagVersion(std::string_view tag, std::string_view digest) {
  std::string text(tag);
  if (!digest.empty()) text += "@" + std::string(digest);
  return Version::Parse(text);
}

// Moves `i` to what the patch writes at `node`; false when it cannot be
// read as this instance's version.
bool Move(Instance& i, const YamlNode& node, const std::vector<Step>& steps, const Config& config) {
  const YamlNode* value = &node;
  bool tag = !steps.empty() && steps.back().key == "tag";
  if (value->IsMap() && i.locator == "image") {
    value = value->Get("tag");
    tag = true;
  }
  if (!value || !value->IsScalar() || IsTemplateExpression(value->scalar)) return false;
  const std::string& text = value->scalar;
  Version version;
  if (i.locator == "image" && tag) {
    version = TagVersion(text, "");
    version.raw = i.image + (text.empty() ? "" : ":" + text);
  } else if (i.locator == "image") {
    auto ref = ParseImageRef(text);
    if (!ref) return false;
    auto components =
        MatchingComponents(config, Locator::Kind::kImage, ref->registry_and_repository);
    if (std::find(components.begin(), components.end(), i.component) == components.end()) {
      return false;
    }
    i.image = ref->registry_and_repository;
    version = TagVersion(ref->tag, ref->digest);
    version.raw = text;
  } else {
    // As a field locator reads it: a bare version, or an image reference.
    auto ref = ParseImageRef(text);
    bool is_ref = ref && text.find_first_of("/:") != std::string::npos &&
                  !Version::Parse(text).versioned && !ref->tag.empty();
    version = is_ref ? TagVersion(ref->tag, ref->digest) : Version::Parse(text);
    version.raw = text;
  }
  i.version = version;
  i.version_from.clear();
  return true;
}

}  // namespace

std::vector<KustomizePatch> ReadKustomizePatches(const std::string& path, std::string_view text,
                                                 const YamlNode& owner) {
  std::vector<KustomizePatch> out;
  std::string dir = DirName(path);
  auto file_patch = [&](std::string_view name, const YamlNode* target) {
    std::string file =
        NormalizePath(dir.empty() ? std::string(name) : dir + "/" + std::string(name));
    if (file.empty()) return;
    KustomizePatch patch;
    patch.file = std::move(file);
    patch.target = TargetOf(target);
    out.push_back(std::move(patch));
  };
  auto items = [&](const char* key) {
    const YamlNode* list = owner.Get(key);
    return list && list->IsSequence() ? list->items : std::vector<YamlNodePtr>{};
  };
  for (const auto& item : items("patchesStrategicMerge")) {
    if (!item->IsScalar()) continue;
    if (item->scalar.find('\n') == std::string::npos) {
      file_patch(item->scalar, nullptr);
    } else {
      out.push_back(InlinePatch(path, text, *item));
    }
  }
  for (const char* key : {"patches", "patchesJson6902"}) {
    for (const auto& item : items(key)) {
      if (!item->IsMap()) continue;
      const YamlNode* target = item->Get("target");
      const YamlNode* inline_patch = item->Get("patch");
      if (inline_patch && inline_patch->IsScalar()) {
        out.push_back(InlinePatch(path, text, *inline_patch));
        out.back().target = TargetOf(target);
      } else if (!item->ScalarAt("path").empty()) {
        file_patch(item->ScalarAt("path"), target);
      }
    }
  }
  return out;
}

bool IsPatchLike(const YamlNode& root) {
  if (IsFluxHelmRelease(root)) {
    const YamlNode* chart = root.Path("spec.chart.spec");
    return !root.Path("spec.chartRef") && (!chart || chart->ScalarAt("chart").empty());
  }
  if (root.IsMap() && root.ScalarAt("kind") == "Application" &&
      root.ScalarAt("apiVersion").rfind("argoproj.io/", 0) == 0) {
    const YamlNode* source = root.Path("spec.source");
    return !root.Path("spec.sources") && (!source || source->ScalarAt("repoURL").empty());
  }
  return root.IsSequence() && !root.items.empty() &&
         std::all_of(root.items.begin(), root.items.end(), [](const YamlNodePtr& op) {
           return op->IsMap() && op->Get("op") && op->Get("path");
         });
}

std::vector<Location> ApplyKustomizePatches(const std::vector<PatchSource>& patches,
                                            const Config& config, std::vector<Instance>& out) {
  // Where each instance sits in its document, read before any patch moves
  // it: later patches of the same kustomization write the same place.
  std::vector<std::optional<std::vector<Step>>> places(out.size());
  for (size_t n = 0; n < out.size(); ++n) {
    const Instance& i = out[n];
    if (i.resource.kind.empty() || !i.document) continue;
    if (i.locator == "chart" && i.resource.kind == "HelmRelease") {
      places[n] = std::vector<Step>{{"spec"}, {"chart"}, {"spec"}, {"version"}};
    } else if (!i.overlay) {  // an inner overlay's place is no node of the document
      std::vector<Step> steps;
      VisitBudget budget(200000);
      if (FindSteps(*i.document, i.location.line, i.location.column, steps, budget)) {
        places[n] = std::move(steps);
      }
    }
  }
  std::vector<Location> used;
  for (const PatchSource& source : patches) {
    const KustomizePatch& patch = *source.patch;
    for (const YamlDocument& doc : *source.documents) {
      const YamlNode& root = *doc.root;
      bool operations = root.IsSequence();
      if (operations && patch.target.kind.empty() && patch.target.name.empty()) continue;
      for (size_t n = 0; n < out.size(); ++n) {
        Instance& i = out[n];
        if (!places[n] || !Targets(patch, root, i.resource) ||
            (!patch.built_by.empty() && i.hints.built_by != patch.built_by)) {
          continue;
        }
        const std::vector<Step>& steps = *places[n];
        const YamlNode* node = operations ? FollowOperations(root, steps) : Follow(&root, steps, 0);
        if (!node || !Move(i, *node, steps, config)) continue;
        const YamlNode* at = node->IsMap() && node->Get("tag") ? node->Get("tag") : node;
        i.location = Place(patch, *at);
        i.overlay = true;
        used.push_back(i.location);
      }
    }
  }
  return used;
}

}  // namespace skewlint
