#include "linter/report_state.h"

#include "linter/json_writer.h"

namespace skewlint {

std::string StateToJson(const State& state) {
  JsonWriter json;
  json.BeginObject().Key("version").Int(1).Field("rev", state.rev).Key("instances").BeginArray();
  for (const auto& i : state.instances) {
    json.BeginObject()
        .Field("component", i.component)
        .Field("scope", i.scope)
        .Key("version")
        .StringOrNull(i.version.Normalized())
        .Field("raw", i.version.raw)
        .Key("digest")
        .StringOrNull(i.version.digest)
        .Field("path", i.location.path)
        .Key("line")
        .Int(i.location.line)
        .Key("column")
        .Int(i.location.column)
        .Key("kind")
        .StringOrNull(i.resource.kind)
        .Key("namespace")
        .StringOrNull(i.resource.namespace_)
        .Key("name")
        .StringOrNull(i.resource.name)
        .Field("locator", i.locator)
        .Field("pattern", i.pattern)
        .EndObject();
  }
  json.EndArray().EndObject();
  return json.Take();
}

std::string StateToText(const State& state) {
  std::string out;
  for (const auto& i : state.instances) {
    std::string version = i.version.versioned ? i.version.Normalized() : "unversioned";
    out += i.location.ToString() + ": " + i.component + " " + version;
    if (!i.version.raw.empty() && i.version.raw != version) out += " (" + i.version.raw + ")";
    out += " [" + (i.scope.empty() ? std::string("repository") : "scope " + i.scope) + ", " +
           i.locator;
    if (!i.pattern.empty()) out += " '" + i.pattern + "'";
    if (!i.resource.ToString().empty()) out += ", " + i.resource.ToString();
    out += "]\n";
  }
  out += std::to_string(state.instances.size()) + " instance" +
         (state.instances.size() == 1 ? "" : "s") + " at " + state.rev + "\n";
  return out;
}

}  // namespace skewlint
