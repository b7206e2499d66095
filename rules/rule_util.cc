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

std::vector<Moved> MatchInstances(const State& before, const State& after) {
  std::map<std::string, std::vector<const Instance*>> old_by_key;
  for (const auto& i : before.instances) old_by_key[i.Key()].push_back(&i);
  std::map<std::string, size_t> used;
  std::vector<Moved> out;
  for (const auto& i : after.instances) {
    auto& list = old_by_key[i.Key()];
    size_t& n = used[i.Key()];
    out.push_back(Moved{n < list.size() ? list[n] : nullptr, &i});
    ++n;
  }
  for (auto& [key, list] : old_by_key) {
    for (size_t n = used[key]; n < list.size(); ++n) out.push_back(Moved{list[n], nullptr});
  }
  return out;
}

std::vector<Moved> MatchInstances(const State& before, const State& after,
                                  const std::string& component, const std::string& scope) {
  std::vector<Moved> out;
  for (const Moved& m : MatchInstances(before, after)) {
    const Instance* i = m.after ? m.after : m.before;
    if (i->component == component && i->scope == scope) out.push_back(m);
  }
  return out;
}

namespace {

std::string ResourceId(const ResourceRef& r) { return r.namespace_ + "/" + r.name; }

// Flux dependsOn edges of every document in the state: "ns/name" -> deps.
std::map<std::string, std::vector<std::string>> DependsOnGraph(const State& state) {
  std::map<std::string, std::vector<std::string>> graph;
  for (const auto& [path, file] : state.files) {
    for (const auto& doc : file->documents) {
      const YamlNode* deps = doc.root->Path("spec.dependsOn");
      if (!deps || !deps->IsSequence()) continue;
      std::string ns(doc.root->Path("metadata.namespace") ? doc.root->Path("metadata.namespace")->scalar : "");
      std::string name(doc.root->Path("metadata.name") ? doc.root->Path("metadata.name")->scalar : "");
      for (const auto& dep : deps->items) {
        std::string dep_ns(dep->ScalarAt("namespace"));
        graph[ns + "/" + name].push_back((dep_ns.empty() ? ns : dep_ns) + "/" + std::string(dep->ScalarAt("name")));
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
