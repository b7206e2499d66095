#include <CLI/CLI.hpp>

#include <cstdio>

#include "linter/cli/commands.h"
#include "rules/registry.h"

namespace skewlint {

void AddExplainCommand(CLI::App& app, CommandFn& run) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("explain", "print a rule's documentation");
  cmd->add_option("rule", *id, "rule id, as `skewlint rules` lists it")->required();
  cmd->callback([id, &run] {
    run = [id]() -> Result<ExitCode> {
      std::string_view doc = RuleDoc(*id);
      if (!FindRule(*id) || doc.empty()) {
        return Error::At({}, "unknown rule '" + *id + "'; `skewlint rules` lists them");
      }
      std::fwrite(doc.data(), 1, doc.size(), stdout);
      return ExitCode::kClean;
    };
  });
}

}  // namespace skewlint
