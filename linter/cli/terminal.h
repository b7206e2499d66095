#pragma once

#include <string>

#include "linter/base_detection.h"
#include "linter/result.h"

namespace skewlint {

/// Whether output to a terminal gets ANSI colour. Off with `--no-color` or
/// $NO_COLOR (not empty); else forced on by $FORCE_COLOR or $CLICOLOR_FORCE
/// (set and not "0"), forced off by FORCE_COLOR=0; else off when
/// TERM=dumb; else on when stdout is a terminal.
bool UseColor(bool no_color_flag, bool stdout_is_terminal, const EnvLookup& env);

/// True inside a GitHub Actions step ($GITHUB_ACTIONS is "true").
bool InGithubActions(const EnvLookup& env);

/// Prints an error that stops the command: `skewlint: path:line:col:
/// message` on stderr and, inside GitHub Actions, also as an `::error`
/// workflow command (escaped, with file/line/col when the error has a
/// repository-relative place), so that the run shows why it failed.
void PrintFatalError(const Error& error, const EnvLookup& env);

/// Prints `warning: message` on stderr and, inside GitHub Actions, a
/// `::warning` workflow command.
void PrintWarning(const std::string& message, const EnvLookup& env);

}  // namespace skewlint
