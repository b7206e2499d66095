#include "linter/json_writer.h"
#include "linter/report.h"

namespace skewlint {
namespace {

void WriteFinding(JsonWriter& json, const Finding& f) {
  json.BeginObject()
      .Field("rule", f.rule)
      .Key("policy")
      .StringOrNull(f.policy)
      .Field("severity", SeverityName(f.severity))
      .Field("message", f.message)
      .Field("path", f.location.path)
      .Key("line")
      .Int(f.location.line)
      .Key("column")
      .Int(f.location.column)
      .Key("commit")
      .StringOrNull(f.commit)
      .Key("component")
      .StringOrNull(f.component)
      .Field("scope", f.scope)
      .Key("suppressed")
      .Bool(f.suppressed);
  if (f.suppressed) json.Field("suppression", f.suppression);
  json.EndObject();
}

void WriteChange(JsonWriter& json, const ComponentChange& c) {
  json.BeginObject()
      .Field("component", c.component)
      .Field("scope", c.scope)
      .Key("from")
      .StringOrNull(c.from)
      .Key("to")
      .StringOrNull(c.to)
      .Field("kind", c.kind)
      .Field("path", c.location.path)
      .Key("line")
      .Int(c.location.line)
      .Key("commit")
      .StringOrNull(c.commit)
      .EndObject();
}

}  // namespace

std::string RenderJson(const Report& report) {
  const CheckOutcome& outcome = *report.outcome;
  JsonWriter json;
  json.BeginObject()
      .Key("version")
      .Int(1)
      .Field("base", report.base)
      .Field("head", report.head)
      .Field("mode", ModeName(report.mode))
      .Field("base_from", report.base_from)
      .Key("findings")
      .BeginArray();
  for (const auto& f : outcome.findings) WriteFinding(json, f);
  json.EndArray().Key("changes").BeginArray();
  for (const auto& c : outcome.changes) WriteChange(json, c);
  SeverityCounts counts = Count(outcome);
  json.EndArray()
      .Key("summary")
      .BeginObject()
      .Key("error")
      .Int(counts.error)
      .Key("warning")
      .Int(counts.warning)
      .Key("notice")
      .Int(counts.notice)
      .Key("suppressed")
      .Int(counts.suppressed)
      .Key("files_scanned")
      .Int(outcome.files_scanned)
      .Key("commits")
      .Int(outcome.commits)
      .EndObject()
      .EndObject();
  return json.Take();
}

}  // namespace skewlint
