#include "linter/snapshot.h"

#include <algorithm>
#include <set>

#include "linter/extract_util.h"
#include "linter/kustomize.h"
#include "linter/scope.h"

namespace skewlint {
namespace {

std::string ValuesPathFor(const Snapshot& snapshot, const std::string& chart_dir) {
  for (const char* name : {"values.yaml", "values.yml"}) {
    std::string path = chart_dir.empty() ? name : chart_dir + "/" + name;
    if (snapshot.files.count(path)) return path;
  }
  return "";
}

bool HasTaggedInstance(const FileInstances& values, const std::string& component) {
  for (size_t i = 0; i < values.instances.size(); ++i) {
    const auto& tagless = values.empty_tag_instances;
    bool empty = std::find(tagless.begin(), tagless.end(), i) != tagless.end();
    if (!empty && values.instances[i].component == component) return true;
  }
  return false;
}

bool IsValuesFile(std::string_view path) {
  std::string_view base =
      path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  return base.starts_with("values") && (base.ends_with(".yaml") || base.ends_with(".yml"));
}

// The nearest Chart.yaml at or above `path` that has an appVersion.
const FileInstances* OwningChart(const Snapshot& snapshot, const std::string& path,
                                 std::string* chart_path) {
  std::string dir = DirName(path);
  while (true) {
    std::string candidate = dir.empty() ? "Chart.yaml" : dir + "/Chart.yaml";
    auto it = snapshot.files.find(candidate);
    if (it != snapshot.files.end() && !it->second.found->app_version.raw.empty()) {
      *chart_path = candidate;
      return it->second.found.get();
    }
    if (dir.empty()) return nullptr;
    dir = DirName(dir);
  }
}

// Images of a chart's values file whose tag is empty take the chart's
// appVersion, as Helm's `.Chart.AppVersion` default does: they move to the
// Chart.yaml's appVersion line, where that version is written.
void TakeAppVersion(const Snapshot& snapshot, const std::string& path,
                    std::map<std::string, std::vector<Instance>>& by_file) {
  std::string chart_path;
  const FileInstances* chart =
      IsValuesFile(path) ? OwningChart(snapshot, path, &chart_path) : nullptr;
  auto list = by_file.find(path);
  if (!chart || list == by_file.end()) return;
  const FileInstances& values = *snapshot.files.at(path).found;
  for (size_t i : values.empty_tag_instances) {
    const Instance& tagless = values.instances[i];
    auto it = std::find_if(list->second.begin(), list->second.end(), [&](const Instance& x) {
      return x.component == tagless.component && x.location == tagless.location &&
             !x.version.versioned;
    });
    if (it == list->second.end()) continue;
    Instance moved = std::move(*it);
    list->second.erase(it);
    moved.version = chart->app_version;
    moved.location = chart->app_version_at;
    moved.resource = {};
    by_file[chart_path].push_back(std::move(moved));
  }
}

using FileEntryPtr = const std::pair<const std::string, SnapshotFile>*;

// The notable files of `snapshot` (IsNotable), in path order.
std::vector<FileEntryPtr> NotableFiles(const Snapshot& snapshot) {
  std::vector<FileEntryPtr> out;
  if (snapshot.indexed) {
    out.reserve(snapshot.notable.size());
    for (const std::string& path : snapshot.notable) {
      auto it = snapshot.files.find(path);
      if (it != snapshot.files.end()) out.push_back(&*it);
    }
    return out;
  }
  for (const auto& entry : snapshot.files) {
    if (IsNotable(entry.second)) out.push_back(&entry);
  }
  return out;
}

// Per-file instances with Chart.yaml appVersion standing in for empty tags.
std::map<std::string, std::vector<Instance>> ApplyAppVersions(
    const Snapshot& snapshot, const std::vector<FileEntryPtr>& notable) {
  std::map<std::string, std::vector<Instance>> by_file;
  std::vector<FileEntryPtr> charts;
  for (FileEntryPtr at : notable) {
    const auto& entry = *at;
    const FileInstances& found = *entry.second.found;
    if (!found.instances.empty()) by_file.emplace_hint(by_file.end(), entry.first, found.instances);
    if (!found.app_version_candidates.empty()) charts.push_back(&entry);
  }
  for (const auto* entry : charts) {
    const auto& [path, file] = *entry;
    std::string values_path = ValuesPathFor(snapshot, DirName(path));
    const FileInstances* values =
        values_path.empty() ? nullptr : snapshot.files.at(values_path).found.get();
    for (const Instance& candidate : file.found->app_version_candidates) {
      if (values && HasTaggedInstance(*values, candidate.component)) continue;
      Instance used = candidate;
      if (values) {
        auto& list = by_file[values_path];
        for (size_t i : values->empty_tag_instances) {
          if (values->instances[i].component == candidate.component)
            used.image = values->instances[i].image;
        }
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](const Instance& x) {
                                    return x.component == candidate.component &&
                                           !x.version.versioned && x.version.digest.empty();
                                  }),
                   list.end());
      }
      by_file[path].push_back(std::move(used));
    }
  }
  for (FileEntryPtr at : notable) {
    if (!at->second.found->empty_tag_instances.empty())
      TakeAppVersion(snapshot, at->first, by_file);
  }
  return by_file;
}

bool InstanceLess(const Instance& a, const Instance& b) {
  return std::tie(a.scope, a.component, a.location, a.resource, a.locator) <
         std::tie(b.scope, b.component, b.location, b.resource, b.locator);
}

bool SameInstance(const Instance& a, const Instance& b) {
  return a.scope == b.scope && a.component == b.component && a.location == b.location &&
         a.resource == b.resource && a.locator == b.locator;
}

}  // namespace

bool IsNotable(const SnapshotFile& file) {
  return !file.found->instances.empty() || !file.found->app_version_candidates.empty() ||
         (file.facts->relevant && file.facts->content);
}

void Index(Snapshot& snapshot) {
  snapshot.notable.clear();
  for (const auto& [path, file] : snapshot.files) {
    if (IsNotable(file)) snapshot.notable.emplace_hint(snapshot.notable.end(), path);
  }
  snapshot.indexed = true;
}

void Renote(Snapshot& snapshot, const std::string& path) {
  if (!snapshot.indexed || path.empty()) return;
  auto it = snapshot.files.find(path);
  if (it != snapshot.files.end() && IsNotable(it->second)) {
    snapshot.notable.insert(path);
  } else {
    snapshot.notable.erase(path);
  }
}

State MakeState(const Snapshot& snapshot, const Config& config) {
  State state;
  state.rev = snapshot.rev;
  // Files that cannot hold what rules read are left out (the engine adds
  // those a change touches).
  std::vector<FileEntryPtr> notable = NotableFiles(snapshot);
  for (FileEntryPtr at : notable) {
    const auto& [path, file] = *at;
    if (file.facts->relevant && file.facts->content) {
      state.files.emplace_hint(state.files.end(), path, file.facts);
    }
  }
  auto by_file = ApplyAppVersions(snapshot, notable);
  KustomizeResult kustomized = ResolveKustomizations(snapshot, by_file, config);
  for (auto& [path, instances] : by_file) {
    if (kustomized.covered.count(path)) continue;
    std::string scope = ScopeOf(config, path);
    for (auto& instance : instances) {
      instance.scope = scope;
      state.instances.push_back(std::move(instance));
    }
  }
  for (auto& instance : kustomized.instances) state.instances.push_back(std::move(instance));
  std::sort(state.instances.begin(), state.instances.end(), InstanceLess);
  state.instances.erase(std::unique(state.instances.begin(), state.instances.end(), SameInstance),
                        state.instances.end());
  return state;
}

}  // namespace skewlint
