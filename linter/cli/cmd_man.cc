#include <CLI/CLI.hpp>
#include <cstdio>

#include "linter/cli/commands.h"
#include "linter/cli/man_page.h"

namespace skewlint {

void AddManCommand(CLI::App& app, CommandFn& run) {
  // Hidden (no group): the build runs it to write skewlint(1).
  CLI::App* cmd = app.add_subcommand("man", "print the man page (roff)")->group("");
  cmd->callback([&app, &run] {
    run = [&app]() -> Result<ExitCode> {
      std::string page = ManPage(app);
      std::fwrite(page.data(), 1, page.size(), stdout);
      return ExitCode::kClean;
    };
  });
}

}  // namespace skewlint
