#include "linter/model.h"

#include <set>

namespace skewlint {

std::string ResourceRef::ToString() const {
  if (kind.empty() && name.empty()) return "";
  std::string out = kind;
  if (!namespace_.empty()) out += "/" + namespace_;
  if (!name.empty()) out += "/" + name;
  return out;
}

const YamlDocument* FileFacts::DocumentOf(const YamlNode* root) const {
  for (const YamlDocument& d : documents) {
    if (d.root.get() == root) return &d;
  }
  return nullptr;
}

std::string Instance::Key() const {
  std::string where = resource.ToString();
  if (where.empty() || resource.kind == "Kustomization") where = location.path;
  return component + "|" + scope + "|" + where + "|" + locator;
}

std::ostream& operator<<(std::ostream& os, const Instance& instance) {
  os << instance.component << "@" << instance.version;
  if (!instance.scope.empty()) os << " [" << instance.scope << "]";
  return os << " " << instance.location;
}

std::vector<const Instance*> State::Of(const std::string& component,
                                       const std::string& scope) const {
  std::vector<const Instance*> out;
  for (const auto& instance : instances) {
    if (instance.component == component && instance.scope == scope) out.push_back(&instance);
  }
  return out;
}

std::vector<std::string> State::Scopes() const {
  std::set<std::string> scopes;
  for (const auto& instance : instances) scopes.insert(instance.scope);
  return {scopes.begin(), scopes.end()};
}

}  // namespace skewlint
