#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

#include "linter/json_writer.h"
#include "linter/report_formats.h"
#include "rules/registry.h"

namespace skewlint {
namespace {

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/skewlint/skewlint";
constexpr std::string_view kFingerprintKey = "skewlint/v1";

std::string_view Level(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNotice:
      return "note";
  }
  return "none";
}

// "minor-jump" -> "MinorJump" (SARIF reportingDescriptor.name).
std::string PascalName(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-' || c == '_') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// The first paragraph of a rule doc that says what the rule checks: not a
// heading, and not the "**Default severity:** …" line that opens the docs.
std::string FirstParagraph(std::string_view doc) {
  std::string paragraph;
  bool skipping = false;
  size_t pos = 0;
  while (pos < doc.size()) {
    size_t end = std::min(doc.find('\n', pos), doc.size());
    std::string_view line = doc.substr(pos, end - pos);
    pos = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      if (!paragraph.empty()) break;
      skipping = false;
      continue;
    }
    if (paragraph.empty() && (line.front() == '#' || line.starts_with("**"))) skipping = true;
    if (!skipping) paragraph += (paragraph.empty() ? "" : " ") + std::string(line);
  }
  return paragraph;
}

// Percent-encodes all but unreserved characters and '/', so that a path is a
// relative URI reference (a ':' in it cannot read as a scheme).
std::string PathUri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

uint64_t Fnv1a(std::string_view text, uint64_t hash) {
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

void WriteRule(JsonWriter& json, const RuleSpec& rule) {
  std::string_view doc = RuleDoc(rule.id);
  std::string full = doc.empty() ? "" : FirstParagraph(doc);
  if (full.empty()) full = rule.summary;
  std::string help = doc.empty() ? std::string(rule.summary) : std::string(doc);
  json.BeginObject().Field("id", rule.id);
  // SARIF wants a name that differs from the id; a one-word id has none.
  std::string name = PascalName(rule.id);
  if (!EqualsIgnoringCase(name, rule.id)) json.Field("name", name);
  json.Key("shortDescription")
      .BeginObject()
      .Field("text", rule.summary)
      .EndObject()
      .Key("fullDescription")
      .BeginObject()
      .Field("text", full)
      .EndObject()
      .Key("help")
      .BeginObject()
      .Field("text", help)
      .Field("markdown", help)
      .EndObject()
      .Key("defaultConfiguration")
      .BeginObject()
      .Field("level", Level(rule.default_severity))
      .EndObject()
      .EndObject();
}

// Code scanning requires a location; a finding about no file in particular
// points at the repository root.
void WriteLocation(JsonWriter& json, const Location& where) {
  json.Key("locations").BeginArray().BeginObject().Key("physicalLocation").BeginObject();
  json.Key("artifactLocation")
      .BeginObject()
      .Field("uri", where.path.empty() ? "." : PathUri(where.path))
      .Field("uriBaseId", "%SRCROOT%")
      .EndObject();
  if (where.line > 0) {
    json.Key("region").BeginObject().Key("startLine").Int(where.line);
    if (where.column > 0) json.Key("startColumn").Int(where.column);
    json.EndObject();
  }
  json.EndObject().EndObject().EndArray();
}

void WriteProperties(JsonWriter& json, const Finding& f) {
  json.Key("properties").BeginObject();
  if (!f.policy.empty()) json.Field("policy", f.policy);
  if (!f.component.empty()) json.Field("component", f.component);
  if (!f.scope.empty()) json.Field("scope", f.scope);
  if (!f.commit.empty()) json.Field("commit", f.commit);
  json.EndObject();
}

// SARIF wants to know where a suppression lives: a comment or annotation
// in the file (inSource) or the config's `ignore:` (external). Findings do
// not record which, so config entries, which must give a reason too, are
// reported as in source.
void WriteSuppression(JsonWriter& json, const Finding& f) {
  json.Key("suppressions")
      .BeginArray()
      .BeginObject()
      .Field("kind", "inSource")
      .Field("status", "accepted")
      .Field("justification", f.suppression)
      .EndObject()
      .EndArray();
}

void WriteResult(JsonWriter& json, const Finding& f, size_t rule_index,
                 const std::string& fingerprint) {
  json.BeginObject().Field("ruleId", f.rule);
  if (rule_index != SIZE_MAX) json.Key("ruleIndex").Int(static_cast<int64_t>(rule_index));
  json.Field("level", Level(f.severity)).Key("message").BeginObject().Field("text", f.message);
  json.EndObject();
  WriteLocation(json, f.location);
  json.Key("partialFingerprints").BeginObject().Field(kFingerprintKey, fingerprint).EndObject();
  WriteProperties(json, f);
  if (f.suppressed) WriteSuppression(json, f);
  json.EndObject();
}

void WriteResults(JsonWriter& json, const CheckOutcome& outcome) {
  std::map<std::string_view, size_t> index;
  const auto& rules = AllRules();
  for (size_t i = 0; i < rules.size(); ++i) index[rules[i].id] = i;
  std::map<std::string, int> seen;  // equal fingerprints get an occurrence number
  json.Key("results").BeginArray();
  for (const Finding& f : outcome.findings) {
    std::string fingerprint = FindingFingerprint(f);
    int occurrence = ++seen[fingerprint];
    if (occurrence > 1) fingerprint += ":" + std::to_string(occurrence);
    auto it = index.find(f.rule);
    WriteResult(json, f, it == index.end() ? SIZE_MAX : it->second, fingerprint);
  }
  json.EndArray();
}

// What was checked (the text output's first line), for tools that read
// the SARIF file alone.
void WriteRunProperties(JsonWriter& json, const Report& report) {
  json.Key("properties")
      .BeginObject()
      .Field("base", report.base)
      .Field("head", report.head)
      .Field("mode", ModeName(report.mode))
      .Key("commits")
      .Int(static_cast<int64_t>(report.outcome->commits))
      .Field("base_from", report.base_from)
      .Key("empty_range")
      .Bool(EmptyRange(report))
      .Field("range", RangeLine(report))
      .EndObject();
}

}  // namespace

std::string FindingFingerprint(const Finding& f) {
  std::string key;
  for (const std::string* part :
       {&f.rule, &f.policy, &f.location.path, &f.component, &f.scope, &f.message}) {
    key += *part;
    key += '\0';
  }
  char hex[33];
  uint64_t first = Fnv1a(key, 0xcbf29ce484222325ULL);
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(first),
                static_cast<unsigned long long>(Fnv1a(key, first)));
  return hex;
}

std::string RenderSarif(const Report& report) {
  JsonWriter json;
  json.BeginObject()
      .Field("$schema", kSchema)
      .Field("version", "2.1.0")
      .Key("runs")
      .BeginArray()
      .BeginObject()
      .Key("tool")
      .BeginObject()
      .Key("driver")
      .BeginObject()
      .Field("name", "skewlint")
      .Field("informationUri", kInformationUri)
      .Field("semanticVersion", SKEWLINT_VERSION)
      .Key("rules")
      .BeginArray();
  for (const RuleSpec& rule : AllRules()) WriteRule(json, rule);
  json.EndArray().EndObject().EndObject();
  WriteResults(json, *report.outcome);
  WriteRunProperties(json, report);
  json.EndObject().EndArray().EndObject();
  return json.Take();
}

}  // namespace skewlint
