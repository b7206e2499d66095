#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "linter/cli/commands.h"
#include "linter/cli/terminal.h"

int main(int argc, char** argv) {
  using skewlint::ExitCode;
  CLI::App app{"skewlint: version-skew and upgrade-policy linter for GitOps repositories"};
  app.set_version_flag("--version", std::string("skewlint ") + SKEWLINT_VERSION);
  app.require_subcommand(1);
  skewlint::CommandFn run;
  skewlint::AddCheckCommand(app, run);
  skewlint::AddStateCommand(app, run);
  skewlint::AddPlanCommand(app, run);
  skewlint::AddRulesCommand(app, run);
  skewlint::AddExplainCommand(app, run);
  skewlint::AddInitCommand(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kUsage);
  }
  try {
    skewlint::Result<ExitCode> result = run();
    if (!result.ok()) {
      skewlint::PrintFatalError(result.error(), skewlint::ProcessEnv());
      return static_cast<int>(result.error().exit_code);
    }
    return static_cast<int>(*result);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "skewlint: internal error: %s\n", e.what());
    return static_cast<int>(ExitCode::kInternal);
  }
}
