#include "linter/kustomize.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "linter/extract_util.h"
#include "linter/scope.h"

namespace skewlint {
namespace {

constexpr int kMaxDepth = 32;

bool IsKustomizationFile(std::string_view path) {
  std::string_view base =
      path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  return base == "kustomization.yaml" || base == "kustomization.yml" || base == "Kustomization";
}

class Resolver {
 public:
  Resolver(const Snapshot& snapshot, const std::map<std::string, std::vector<Instance>>& by_file,
           const Config& config)
      : snapshot_(snapshot), by_file_(by_file), config_(config), graph_(GraphOf(snapshot)) {}

  KustomizeResult Run() {
    const std::unordered_set<std::string>& productive = Productive();
    for (const auto& path : graph_.roots) {
      if (!productive.count(path)) continue;  // it builds no instance
      std::set<std::string> stack;
      std::string scope = ScopeOf(config_, path);
      for (Instance& instance : Resolve(path, 0, stack)) {
        if (instance.scope.empty()) instance.scope = scope;
        result_.instances.push_back(std::move(instance));
      }
    }
    return std::move(result_);
  }

 private:
  static const KustomizeGraph& GraphOf(const Snapshot& snapshot) {
    if (!snapshot.kustomize_graph) snapshot.kustomize_graph = BuildKustomizeGraph(snapshot);
    return *snapshot.kustomize_graph;
  }

  // The kustomizations whose build can hold an instance: those that name a
  // file with instances (or a folder holding one), hold a tracked `images:`
  // entry, or build on one that can; the others are not built at all, which
  // on a repository of many apps is nearly all of them.
  // Depends only on the graph and on which files have instances: kept with
  // the graph while those stay.
  const std::unordered_set<std::string>& Productive() const {
    std::vector<std::string> with_instances;
    with_instances.reserve(by_file_.size());
    for (const auto& [path, instances] : by_file_) with_instances.push_back(path);
    KustomizeGraph::ProductiveCache& cache = graph_.productive;
    if (cache.valid && cache.with_instances == with_instances) return cache.kustomizations;
    std::vector<std::string> work = graph_.flux;
    for (const auto& [dir, path] : graph_.dirs) work.push_back(path);
    std::unordered_set<std::string> out;
    std::vector<std::string> queue;
    for (const auto& path : work) {
      if (Yields(path)) queue.push_back(path);
    }
    while (!queue.empty()) {
      std::string path = std::move(queue.back());
      queue.pop_back();
      if (!out.insert(path).second) continue;
      auto it = graph_.included_by.find(path);
      if (it == graph_.included_by.end()) continue;
      for (const auto& parent : it->second) queue.push_back(parent);
    }
    cache = {true, std::move(with_instances), std::move(out)};
    return cache.kustomizations;
  }

  // Whether `path` itself, or what it names directly, can give an instance.
  bool Yields(const std::string& path) const {
    if (by_file_.count(path) || graph_.tracked.count(path)) return true;
    auto resources = graph_.resources.find(path);
    if (resources == graph_.resources.end()) return false;
    for (const auto& res : resources->second) {
      if (by_file_.count(res)) return true;
      auto it = by_file_.lower_bound(res + "/");
      if (it != by_file_.end() && it->first.compare(0, res.size() + 1, res + "/") == 0) return true;
    }
    return false;
  }

  void AddFile(const std::string& path, std::vector<Instance>& out) {
    auto it = by_file_.find(path);
    if (it == by_file_.end()) return;
    result_.covered.insert(path);
    std::string scope = ScopeOf(config_, path);
    for (Instance instance : it->second) {
      instance.scope = scope;
      out.push_back(std::move(instance));
    }
  }

  void AddResource(const std::string& res, int depth, std::set<std::string>& stack,
                   std::vector<Instance>& out) {
    if (snapshot_.files.count(res)) {
      AddFile(res, out);
      return;
    }
    if (auto it = graph_.by_dir.find(res); it != graph_.by_dir.end()) {
      for (Instance& i : Resolve(it->second, depth + 1, stack)) out.push_back(std::move(i));
      return;
    }
    // A folder with no kustomization: Flux builds every manifest under it.
    std::string prefix = res + "/";
    for (auto it = snapshot_.files.lower_bound(prefix);
         it != snapshot_.files.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      if (!it->second.found->is_kustomization) AddFile(it->first, out);
    }
  }

  std::vector<Instance> Resolve(const std::string& path, int depth, std::set<std::string>& stack) {
    std::vector<Instance> out;
    if (depth > kMaxDepth || !stack.insert(path).second) return out;
    const FileInstances& found = *snapshot_.files.at(path).found;
    AddFile(path, out);
    for (const auto& res : found.kustomize_resources) {
      size_t first = out.size();
      AddResource(res, depth, stack, out);
      StampBuilder(found, res, out, first);
    }
    ApplyPatches(found, out);
    ApplyOverrides(path, found, out);
    stack.erase(path);
    return out;
  }

  // Patches before `images:`, as kustomize orders its transformers. A patch
  // file is applied, never deployed on its own: what it holds that moves no
  // instance of the build (an image the base lacks) joins the build.
  void ApplyPatches(const FileInstances& found, std::vector<Instance>& out) {
    std::vector<PatchSource> sources;
    for (const KustomizePatch& patch : found.patches) {
      if (patch.file.empty()) {
        if (patch.documents) sources.push_back(PatchSource{&patch, patch.documents.get()});
      } else if (auto file = snapshot_.files.find(patch.file); file != snapshot_.files.end()) {
        sources.push_back(PatchSource{&patch, &file->second.facts->documents});
      }
    }
    if (sources.empty()) return;
    std::vector<Location> used = ApplyKustomizePatches(sources, config_, out);
    std::set<std::string> added;
    for (const PatchSource& source : sources) {
      if (source.patch->file.empty() || !added.insert(source.patch->file).second) continue;
      std::vector<Instance> own;
      AddFile(source.patch->file, own);
      for (Instance& instance : own) {
        if (std::find(used.begin(), used.end(), instance.location) == used.end()) {
          out.push_back(std::move(instance));
        }
      }
    }
  }

  // Instances a Flux Kustomization applies (the innermost one, when they
  // nest) are ordered by its dependsOn.
  static void StampBuilder(const FileInstances& found, const std::string& res,
                           std::vector<Instance>& out, size_t first) {
    for (const auto& [path, id] : found.flux_builders) {
      if (path != res) continue;
      for (size_t i = first; i < out.size(); ++i) {
        if (out[i].hints.built_by.empty()) out[i].hints.built_by = id;
      }
      return;
    }
  }

  void ApplyOverrides(const std::string& path, const FileInstances& found,
                      std::vector<Instance>& out) {
    for (const auto& o : found.overrides) {
      bool used = false;
      for (Instance& instance : out) {
        if (instance.image.empty() || instance.image != o.name) continue;
        used = true;
        if (!o.new_name.empty()) instance.image = o.new_name;
        if (!o.has_tag) continue;
        instance.version = o.version;
        instance.location = o.location;
        instance.overlay = true;
      }
      if (!used) AddStandalone(path, o, out);
    }
  }

  // An `images:` entry whose image is not in the bases (remote, or a chart).
  void AddStandalone(const std::string& path, const FileInstances::ImageOverride& o,
                     std::vector<Instance>& out) {
    std::string image = o.new_name.empty() ? o.name : o.new_name;
    for (const auto& match : MatchingLocators(config_, Locator::Kind::kImage, image)) {
      Instance instance;
      instance.component = match.component;
      instance.pattern = match.locator->pattern_text;
      instance.version = o.version;
      instance.locator = "image";
      instance.image = image;
      instance.location = o.location;
      instance.resource.kind = "Kustomization";
      instance.scope = ScopeOf(config_, path);
      out.push_back(std::move(instance));
    }
  }

  const Snapshot& snapshot_;
  const std::map<std::string, std::vector<Instance>>& by_file_;
  const Config& config_;
  const KustomizeGraph& graph_;
  KustomizeResult result_;
};

}  // namespace

bool HasTrackedImage(const FileInstances& found) {
  return std::any_of(found.overrides.begin(), found.overrides.end(),
                     [](const FileInstances::ImageOverride& o) { return o.tracked; });
}

std::shared_ptr<const KustomizeGraph> BuildKustomizeGraph(const Snapshot& snapshot) {
  auto graph = std::make_shared<KustomizeGraph>();
  for (const auto& [path, file] : snapshot.files) {
    if (!file.found->is_kustomization) continue;
    graph->resources[path] = file.found->kustomize_resources;
    if (HasTrackedImage(*file.found)) graph->tracked.insert(path);
    if (IsKustomizationFile(path)) {
      graph->dirs.emplace_back(DirName(path), path);
    } else {
      graph->flux.push_back(path);  // a Flux Kustomization object: always a root
    }
  }
  // One kustomization per folder (the last by path, as kustomize reads
  // one), in folder order.
  auto& dirs = graph->dirs;
  std::stable_sort(dirs.begin(), dirs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i + 1 < dirs.size(); ++i) {
    if (dirs[i].first == dirs[i + 1].first) dirs[i].second.clear();
  }
  std::erase_if(dirs, [](const auto& d) { return d.second.empty(); });
  graph->by_dir.reserve(dirs.size());
  for (const auto& [dir, path] : dirs) graph->by_dir.emplace(dir, path);
  // A folder's kustomization that a Flux Kustomization builds (spec.path)
  // is included like one a kustomization lists: it is no root of its own.
  std::unordered_set<std::string> included;
  auto include_resources = [&](const std::string& path) {
    for (const auto& res : snapshot.files.at(path).found->kustomize_resources) {
      auto it = graph->by_dir.find(res);
      if (it == graph->by_dir.end() || it->second == path) continue;
      included.insert(it->second);
      graph->included_by[it->second].push_back(path);
    }
  };
  for (const auto& [dir, path] : dirs) include_resources(path);
  for (const auto& path : graph->flux) include_resources(path);
  graph->roots = graph->flux;
  for (const auto& [dir, path] : dirs) {
    if (!included.count(path)) graph->roots.push_back(path);
  }
  return graph;
}

KustomizeResult ResolveKustomizations(const Snapshot& snapshot,
                                      const std::map<std::string, std::vector<Instance>>& by_file,
                                      const Config& config) {
  return Resolver(snapshot, by_file, config).Run();
}

}  // namespace skewlint
