#include "linter/cli/terminal.h"

#include <cstdio>

#include "linter/report_formats.h"

namespace skewlint {
namespace {

bool Forces(const std::optional<std::string>& value) {
  return value && *value != "0" && *value != "false";
}

// `::KIND title=skewlint[,file=…,line=…,col=…]::message`.
std::string WorkflowCommand(std::string_view kind, const std::string& message,
                            const Location& where) {
  std::string props;
  // Only a repository-relative path can be annotated; any other (an event
  // file under the runner's temp folder) is named in the message instead.
  std::string text = message;
  if (!where.path.empty() && where.path.front() == '/') {
    text = where.ToString() + ": " + message;
  } else if (!where.path.empty()) {
    props += "file=" + EscapeCommandProperty(where.path) + ",";
    if (where.line > 0) props += "line=" + std::to_string(where.line) + ",";
    if (where.column > 0) props += "col=" + std::to_string(where.column) + ",";
  }
  props += "title=skewlint";
  return "::" + std::string(kind) + " " + props + "::" + EscapeCommandData(text) + "\n";
}

void Print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stderr); }

}  // namespace

bool UseColor(bool no_color_flag, bool stdout_is_terminal, const EnvLookup& env) {
  if (no_color_flag || env("NO_COLOR")) return false;
  auto force = env("FORCE_COLOR");
  if (Forces(force) || Forces(env("CLICOLOR_FORCE"))) return true;
  if (force) return false;  // FORCE_COLOR=0
  if (env("TERM") == "dumb") return false;
  return stdout_is_terminal;
}

bool InGithubActions(const EnvLookup& env) { return env("GITHUB_ACTIONS") == "true"; }

void PrintFatalError(const Error& error, const EnvLookup& env) {
  Print("skewlint: " + error.ToString() + "\n");
  if (InGithubActions(env)) Print(WorkflowCommand("error", error.message, error.where));
}

void PrintWarning(const std::string& message, const EnvLookup& env) {
  Print("warning: " + message + "\n");
  if (InGithubActions(env)) Print(WorkflowCommand("warning", message, {}));
}

}  // namespace skewlint
