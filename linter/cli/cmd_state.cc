#include <CLI/CLI.hpp>
#include <cstdio>

#include "linter/cli/commands.h"
#include "linter/cli/session.h"
#include "linter/report_state.h"
#include "linter/state_builder.h"

namespace skewlint {
namespace {

struct StateOptions {
  RepoOptions repo;
  std::string rev = "HEAD";
  std::string format = "text";
};

Result<ExitCode> RunState(const StateOptions& options) {
  auto repository = OpenRepositoryAt(options.repo);
  if (!repository.ok()) return repository.error();
  Repository& repo = **repository;
  Result<std::string> rev = repo.Resolve(options.rev);
  if (!rev.ok()) return rev.error();
  Result<Config> config = LoadConfigAt(repo, options.repo, *rev);
  if (!config.ok()) return config.error();
  StateBuilder builder(repo, *config);
  Result<Snapshot> snapshot = builder.Read(*rev);
  if (!snapshot.ok()) return snapshot.error();
  State state = builder.MakeState(*snapshot);
  if (state.instances.empty()) NoteNothingTracked();
  std::string out = options.format == "json" ? StateToJson(state) : StateToText(state);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return ExitCode::kClean;
}

}  // namespace

void AddStateCommand(CLI::App& app, CommandFn& run) {
  auto options = std::make_shared<StateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "state", "print every component instance found at REV (default HEAD; :index, :worktree)");
  cmd->add_option("rev", options->rev, "revision, :index or :worktree");
  cmd->add_option("-C", options->repo.directory, "run as if started in DIR");
  cmd->add_option("--config", options->repo.config_path, "config file (default .skewlint.yaml)");
  cmd->add_option("--preset", options->repo.presets, "built-in preset to use (repeatable)");
  cmd->add_option("--format", options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([options, &run] { run = [options] { return RunState(*options); }; });
}

}  // namespace skewlint
