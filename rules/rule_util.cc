#include "rules/rule_util.h"

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

// Pairs instances by Key(), in order: each after-instance (in the order
// given) with the next unused before-instance of its key, then the
// before-instances left over, by key.
std::vector<Moved> Match(const std::vector<const Instance*>& before,
                         const std::vector<const Instance*>& after) {
  std::map<std::string, std::pair<std::vector<const Instance*>, size_t>> old_by_key;
  for (const Instance* i : before) old_by_key[i->Key()].first.push_back(i);
  std::vector<Moved> out;
  out.reserve(after.size());
  for (const Instance* i : after) {
    auto& [list, used] = old_by_key[i->Key()];
    out.push_back(Moved{used < list.size() ? list[used] : nullptr, i});
    ++used;
  }
  for (auto& [key, entry] : old_by_key) {
    for (size_t n = entry.second; n < entry.first.size(); ++n) {
      out.push_back(Moved{entry.first[n], nullptr});
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

std::vector<Moved> MatchInstances(const State& before, const State& after) {
  return Match(Pointers(before), Pointers(after));
}

// Keys start with the component and the scope, so pairs never cross them:
// matching the selected instances alone gives the same pairs in the same
// order as filtering the full match.
std::vector<Moved> MatchInstances(const State& before, const State& after,
                                  const std::string& component, const std::string& scope) {
  return Match(before.Of(component, scope), after.Of(component, scope));
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

std::string Minors(uint64_t n) { return std::to_string(n) + (n == 1 ? " minor" : " minors"); }

}  // namespace skewlint
