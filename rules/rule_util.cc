#include "rules/rule_util.h"

#include <algorithm>
#include <map>
#include <set>

namespace skewlint {

const Instance* Oldest(const std::vector<const Instance*>& instances) {
  const Instance* best = nullptr;
  for (const Instance* i : instances) {
    if (i->version.versioned && (!best || i->version < best->version)) best = i;
  }
  return best;
}

const Instance* Newest(const std::vector<const Instance*>& instances) {
  const Instance* best = nullptr;
  for (const Instance* i : instances) {
    if (i->version.versioned && (!best || i->version > best->version)) best = i;
  }
  return best;
}

namespace {

// Renamed files (old path -> new path), and the paths of files the change
// added or deleted.
struct FileMoves {
  std::map<std::string_view, std::string_view> renamed;
  std::set<std::string_view> added, deleted;

  explicit FileMoves(const std::vector<FileDelta>& changed) {
    for (const FileDelta& d : changed) {
      if (d.old_path.empty()) added.insert(d.new_path);
      if (d.new_path.empty()) deleted.insert(d.old_path);
      if (!d.old_path.empty() && !d.new_path.empty() && d.old_path != d.new_path) {
        renamed[d.old_path] = d.new_path;
      }
    }
  }
  std::string_view NewPath(std::string_view path) const {
    auto it = renamed.find(path);
    return it == renamed.end() ? path : it->second;
  }
};

bool IsKustomization(std::string_view path) {
  std::string_view base =
      path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  return base == "kustomization.yaml" || base == "kustomization.yml" || base == "Kustomization";
}

// Pairs instances in order: each after-instance (in the order given) with
// the next unused before-instance of its Key() in the same file (renames
// followed); then what is left of both by Key() alone where the version
// moved between a resource's file and a kustomization that were both there
// before and stay (an overlay's `images:` taking over its base's tag), or
// where an overlay writes it (Instance::overlay: an `images:` entry or a
// patch, in a file the change may add); then the before-instances left
// over, by key.
std::vector<Moved> Match(const std::vector<const Instance*>& before,
                         const std::vector<const Instance*>& after,
                         const std::vector<FileDelta>& changed) {
  FileMoves files(changed);
  std::map<std::string, std::pair<std::vector<const Instance*>, size_t>> old_by_key;
  for (const Instance* i : before) {
    old_by_key[i->Key() + "|" + std::string(files.NewPath(i->location.path))].first.push_back(i);
  }
  std::vector<Moved> out;
  out.reserve(after.size());
  std::vector<size_t> unmatched;
  for (const Instance* i : after) {
    auto it = old_by_key.find(i->Key() + "|" + i->location.path);
    if (it == old_by_key.end() || it->second.second >= it->second.first.size()) {
      unmatched.push_back(out.size());
      out.push_back(Moved{nullptr, i});
      continue;
    }
    auto& [list, used] = it->second;
    out.push_back(Moved{list[used++], i});
  }
  std::map<std::string, std::vector<const Instance*>> left_by_key;
  for (auto& [key, entry] : old_by_key) {
    for (size_t n = entry.second; n < entry.first.size(); ++n) {
      const Instance* i = entry.first[n];
      if (!files.deleted.count(i->location.path)) left_by_key[i->Key()].push_back(i);
    }
  }
  std::set<const Instance*> paired;
  for (size_t index : unmatched) {
    const Instance* i = out[index].after;
    auto it = left_by_key.find(i->Key());
    if ((files.added.count(i->location.path) && !i->overlay) || it == left_by_key.end()) continue;
    auto& candidates = it->second;
    auto match = std::find_if(candidates.begin(), candidates.end(), [i](const Instance* b) {
      return b->overlay || i->overlay || IsKustomization(b->location.path) ||
             IsKustomization(i->location.path);
    });
    if (match == candidates.end()) continue;
    out[index].before = *match;
    paired.insert(*match);
    candidates.erase(match);
  }
  for (auto& [key, entry] : old_by_key) {
    for (size_t n = entry.second; n < entry.first.size(); ++n) {
      if (!paired.count(entry.first[n])) out.push_back(Moved{entry.first[n], nullptr});
    }
  }
  return out;
}

std::vector<const Instance*> Pointers(const State& state) {
  std::vector<const Instance*> out;
  out.reserve(state.instances.size());
  for (const auto& i : state.instances) out.push_back(&i);
  return out;
}

}  // namespace

std::vector<Moved> MatchInstances(const State& before, const State& after,
                                  const std::vector<FileDelta>& changed) {
  return Match(Pointers(before), Pointers(after), changed);
}

std::shared_ptr<const std::vector<Moved>> MatchInstances(const RuleContext& ctx) {
  if (ctx.shared && ctx.shared->matched) return ctx.shared->matched;
  auto matched = std::make_shared<const std::vector<Moved>>(
      MatchInstances(ctx.before, ctx.after, ctx.changed));
  if (ctx.shared) ctx.shared->matched = matched;
  return matched;
}

// Keys start with the component and the scope, so pairs never cross them:
// matching the selected instances alone gives the same pairs in the same
// order as filtering the full match.
std::vector<Moved> MatchInstances(const State& before, const State& after,
                                  const std::string& component, const std::string& scope,
                                  const std::vector<FileDelta>& changed) {
  return Match(before.Of(component, scope), after.Of(component, scope), changed);
}

namespace {

std::string ResourceId(const ResourceRef& r) { return r.namespace_ + "/" + r.name; }

// Docker Compose depends_on edges of a document's services: "/name" -> deps.
void AddComposeEdges(const YamlNode& root, std::map<std::string, std::vector<std::string>>& graph) {
  const YamlNode* services = root.Get("services");
  if (root.Get("kind") || !services || !services->IsMap()) return;
  for (const auto& entry : services->entries) {
    const std::string& name = entry.key;
    const YamlNode* service = entry.value.get();
    const YamlNode* depends = service ? service->Get("depends_on") : nullptr;
    if (!depends) continue;
    for (const auto& item : depends->items) {
      if (item->IsScalar()) graph["/" + name].push_back("/" + item->scalar);
    }
    for (const auto& dep : depends->entries) graph["/" + name].push_back("/" + dep.key);
  }
}

// Flux dependsOn (and Compose depends_on) edges of every document in the
// state: "ns/name" -> deps.
std::map<std::string, std::vector<std::string>> DependsOnGraph(const State& state) {
  std::map<std::string, std::vector<std::string>> graph;
  for (const auto& [path, file] : state.files) {
    for (const auto& doc : file->documents) {
      if (doc.root->IsMap()) AddComposeEdges(*doc.root, graph);
      const YamlNode* deps = doc.root->Path("spec.dependsOn");
      if (!deps || !deps->IsSequence()) continue;
      std::string ns(
          doc.root->Path("metadata.namespace") ? doc.root->Path("metadata.namespace")->scalar : "");
      std::string name(doc.root->Path("metadata.name") ? doc.root->Path("metadata.name")->scalar
                                                       : "");
      for (const auto& dep : deps->items) {
        std::string dep_ns(dep->ScalarAt("namespace"));
        graph[ns + "/" + name].push_back((dep_ns.empty() ? ns : dep_ns) + "/" +
                                         std::string(dep->ScalarAt("name")));
      }
    }
  }
  return graph;
}

bool Reaches(const std::map<std::string, std::vector<std::string>>& graph, const std::string& from,
             const std::string& to) {
  std::set<std::string> seen;
  std::vector<std::string> work = {from};
  while (!work.empty()) {
    std::string node = work.back();
    work.pop_back();
    if (!seen.insert(node).second) continue;
    auto it = graph.find(node);
    if (it == graph.end()) continue;
    for (const auto& next : it->second) {
      if (next == to) return true;
      work.push_back(next);
    }
  }
  return false;
}

}  // namespace

bool AppliedBefore(const Instance& first, const Instance& then, const State& state) {
  int64_t first_wave = first.hints.sync_wave.value_or(0);
  int64_t then_wave = then.hints.sync_wave.value_or(0);
  if (first_wave < then_wave) return true;
  const std::string& then_by = then.hints.built_by;
  const std::string& first_by = first.hints.built_by;
  if (!then_by.empty() && !first_by.empty() && then_by != first_by &&
      Reaches(DependsOnGraph(state), then_by, first_by)) {
    return true;
  }
  if (first.resource.name.empty() || then.resource.name.empty()) return false;
  if (then.hints.depends_on.empty()) return false;
  return Reaches(DependsOnGraph(state), ResourceId(then.resource), ResourceId(first.resource));
}

Finding MakeFinding(const Instance& at, std::string message) {
  Finding f;
  f.message = std::move(message);
  f.location = at.location;
  f.component = at.component;
  f.scope = at.scope;
  return f;
}

std::string MoveCause(const Instance& at) {
  return "move " + at.component + " " + at.scope + " " + at.location.ToString();
}

std::string Minors(uint64_t n) { return std::to_string(n) + (n == 1 ? " minor" : " minors"); }

}  // namespace skewlint
