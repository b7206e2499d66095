#include <CLI/CLI.hpp>

#include "linter/cli/commands.h"

namespace skewlint {

void AddPlanCommand(CLI::App& app, CommandFn& run) {
  CLI::App* cmd = app.add_subcommand("plan", "print a policy-compliant upgrade sequence");
  cmd->allow_extras();
  cmd->callback([&run] {
    run = []() -> Result<ExitCode> {
      return Error::At({}, "`skewlint plan` is not available in this build yet");
    };
  });
}

}  // namespace skewlint
