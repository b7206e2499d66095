#pragma once

#include <functional>

#include "linter/result.h"

namespace CLI {
class App;
}

namespace skewlint {

/// What a subcommand does once its options are parsed: its exit code, or an
/// Error that main prints once.
using CommandFn = std::function<Result<ExitCode>()>;

/// Each subcommand lives in its own file and registers itself here; the
/// chosen one stores its action in `run`.
void AddCheckCommand(CLI::App& app, CommandFn& run);
void AddStateCommand(CLI::App& app, CommandFn& run);
void AddPlanCommand(CLI::App& app, CommandFn& run);
void AddRulesCommand(CLI::App& app, CommandFn& run);
void AddExplainCommand(CLI::App& app, CommandFn& run);
void AddInitCommand(CLI::App& app, CommandFn& run);
/// Hidden: prints the man page; the build writes skewlint(1) with it.
void AddManCommand(CLI::App& app, CommandFn& run);

}  // namespace skewlint
