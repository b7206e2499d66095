#include "linter/kustomize.h"

#include "linter/extract_util.h"
#include "linter/scope.h"

namespace skewlint {
namespace {

constexpr int kMaxDepth = 32;

bool IsKustomizationFile(std::string_view path) {
  std::string_view base = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  return base == "kustomization.yaml" || base == "kustomization.yml" || base == "Kustomization";
}

class Resolver {
 public:
  Resolver(const Snapshot& snapshot, const std::map<std::string, std::vector<Instance>>& by_file,
           const Config& config)
      : snapshot_(snapshot), by_file_(by_file), config_(config) {
    for (const auto& [path, file] : snapshot_.files) {
      if (!file.found->is_kustomization) continue;
      if (IsKustomizationFile(path)) {
        by_dir_[DirName(path)] = path;
      } else {
        flux_.push_back(path);  // a Flux Kustomization object: always a root
      }
    }
  }

  KustomizeResult Run() {
    std::set<std::string> included;
    for (const auto& [dir, path] : by_dir_) {
      for (const auto& res : snapshot_.files.at(path).found->kustomize_resources) {
        auto it = by_dir_.find(res);
        if (it != by_dir_.end() && it->second != path) included.insert(it->second);
      }
    }
    std::vector<std::string> roots = flux_;
    for (const auto& [dir, path] : by_dir_) {
      if (!included.count(path)) roots.push_back(path);
    }
    for (const auto& path : roots) {
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
    if (auto it = by_dir_.find(res); it != by_dir_.end()) {
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
    for (const auto& res : found.kustomize_resources) AddResource(res, depth, stack, out);
    ApplyOverrides(path, found, out);
    stack.erase(path);
    return out;
  }

  void ApplyOverrides(const std::string& path, const FileInstances& found, std::vector<Instance>& out) {
    for (const auto& o : found.overrides) {
      bool used = false;
      for (Instance& instance : out) {
        if (instance.image.empty() || instance.image != o.name) continue;
        used = true;
        if (!o.new_name.empty()) instance.image = o.new_name;
        if (!o.has_tag) continue;
        instance.version = o.version;
        instance.location = o.location;
      }
      if (!used) AddStandalone(path, o, out);
    }
  }

  // An `images:` entry whose image is not in the bases (remote, or a chart).
  void AddStandalone(const std::string& path, const FileInstances::ImageOverride& o,
                     std::vector<Instance>& out) {
    std::string image = o.new_name.empty() ? o.name : o.new_name;
    for (const auto& name : MatchingComponents(config_, Locator::Kind::kImage, image)) {
      Instance instance;
      instance.component = name;
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
  std::map<std::string, std::string> by_dir_;
  std::vector<std::string> flux_;
  KustomizeResult result_;
};

}  // namespace

KustomizeResult ResolveKustomizations(const Snapshot& snapshot,
                                      const std::map<std::string, std::vector<Instance>>& by_file,
                                      const Config& config) {
  return Resolver(snapshot, by_file, config).Run();
}

}  // namespace skewlint
