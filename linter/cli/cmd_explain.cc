#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "linter/cli/commands.h"
#include "linter/cli/terminal.h"
#include "linter/markdown_text.h"
#include "rules/registry.h"

namespace skewlint {
namespace {

struct ExplainOptions {
  std::string id;
  std::string format;  // "" = text on a terminal, markdown otherwise
};

Result<ExitCode> Explain(const ExplainOptions& o) {
  std::string_view doc = RuleDoc(o.id);
  if (!FindRule(o.id) || doc.empty()) {
    return Error::At({}, "unknown rule '" + o.id + "'; `skewlint rules` lists them");
  }
  bool terminal = isatty(STDOUT_FILENO) == 1;
  std::string format = o.format.empty() ? (terminal ? "text" : "markdown") : o.format;
  std::string text = format == "markdown"
                         ? std::string(doc)
                         : MarkdownToText(doc, UseColor(false, terminal, ProcessEnv()));
  std::fwrite(text.data(), 1, text.size(), stdout);
  return ExitCode::kClean;
}

}  // namespace

void AddExplainCommand(CLI::App& app, CommandFn& run) {
  auto o = std::make_shared<ExplainOptions>();
  CLI::App* cmd = app.add_subcommand("explain", "print a rule's documentation");
  cmd->add_option("rule", o->id, "rule id, as `skewlint rules` lists it")->required();
  cmd->add_option("--format", o->format,
                  "text (readable: tables aligned, no markup) or markdown (the page's source); "
                  "default: text on a terminal, markdown when piped or redirected, so the page "
                  "can be saved or rendered elsewhere as it is")
      ->check(CLI::IsMember({"text", "markdown"}));
  cmd->callback([o, &run] { run = [o] { return Explain(*o); }; });
}

}  // namespace skewlint
