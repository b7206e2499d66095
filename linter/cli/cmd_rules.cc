#include <CLI/CLI.hpp>
#include <cstdio>

#include "linter/cli/commands.h"
#include "linter/json_writer.h"
#include "rules/registry.h"

namespace skewlint {
namespace {

std::string RulesText() {
  std::string out;
  for (const auto& rule : AllRules()) {
    std::string id(rule.id);
    std::string severity(SeverityName(rule.default_severity));
    out += id + std::string(26 - std::min<size_t>(id.size(), 25), ' ') + severity +
           std::string(9 - severity.size(), ' ') + std::string(rule.summary) + "\n";
  }
  return out;
}

std::string RulesJson() {
  JsonWriter json;
  json.BeginObject().Key("version").Int(1).Key("rules").BeginArray();
  for (const auto& rule : AllRules()) {
    json.BeginObject()
        .Field("id", rule.id)
        .Field("severity", SeverityName(rule.default_severity))
        .Field("summary", rule.summary)
        .Field("kind", rule.kind == RuleSpec::Kind::kInvariant ? "invariant"
                       : rule.kind == RuleSpec::Kind::kRun     ? "run"
                                                               : "transition")
        .EndObject();
  }
  json.EndArray().EndObject();
  return json.Take();
}

}  // namespace

void AddRulesCommand(CLI::App& app, CommandFn& run) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = app.add_subcommand("rules", "list rules: id, default severity, summary");
  cmd->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([format, &run] {
    run = [format]() -> Result<ExitCode> {
      std::string out = *format == "json" ? RulesJson() : RulesText();
      std::fwrite(out.data(), 1, out.size(), stdout);
      return ExitCode::kClean;
    };
  });
}

}  // namespace skewlint
