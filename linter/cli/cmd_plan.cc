#include <CLI/CLI.hpp>
#include <cstdio>

#include "linter/cli/commands.h"
#include "linter/cli/session.h"
#include "linter/planner.h"
#include "linter/scope.h"
#include "linter/state_builder.h"

namespace skewlint {
namespace {

struct PlanOptions {
  RepoOptions repo;
  std::string component;
  std::string to;
  std::string rev = "HEAD";
  std::string scope;
};

std::string RenderPlan(const Plan& plan) {
  std::string out;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep& step = plan.steps[i];
    bool first = i == 0 || plan.steps[i - 1].change != step.change;
    out += (first ? "  " + std::to_string(step.change) + ". " : "     and ") + step.component +
           " " + step.from + " -> " + step.to + " (" + step.where.ToString() + ")\n";
  }
  if (plan.steps.empty() && plan.blocked.empty()) out += "  nothing to do: already there\n";
  if (!plan.blocked.empty()) out += "  blocked: " + plan.blocked + "\n";
  return out;
}

std::string Render(const std::vector<Plan>& plans, const std::vector<std::string>& scopes,
                   const PlanOptions& o) {
  std::string out;
  bool blocked = false;
  for (size_t i = 0; i < plans.size(); ++i) {
    out += "plan to take " + o.component + " to " + o.to + " in " + DescribeScope(scopes[i]) +
           ":\n" + RenderPlan(plans[i]);
    blocked = blocked || !plans[i].blocked.empty();
  }
  if (!blocked) {
    out +=
        "each numbered step is one change: merge and roll it out before the next; X.Y.0 stands "
        "for the latest patch of X.Y\n";
  }
  return out;
}

Result<ExitCode> RunPlan(const PlanOptions& o) {
  auto repository = OpenRepositoryAt(o.repo);
  if (!repository.ok()) return repository.error();
  Repository& repo = **repository;
  auto rev = repo.Resolve(o.rev);
  if (!rev.ok()) return rev.error();
  auto config = LoadConfigAt(repo, o.repo, *rev);
  if (!config.ok()) return config.error();
  StateBuilder builder(repo, *config);
  auto snapshot = builder.Read(*rev);
  if (!snapshot.ok()) return snapshot.error();
  auto plans = MakePlan(builder.MakeState(*snapshot), *config, o.component, o.to, o.scope);
  if (!plans.ok()) return plans.error();
  std::vector<std::string> scopes;
  for (const auto& p : *plans) scopes.push_back(p.scope);
  std::string out = Render(*plans, scopes, o);
  std::fwrite(out.data(), 1, out.size(), stdout);
  for (const auto& p : *plans) {
    if (!p.blocked.empty()) return ExitCode::kFindings;
  }
  return ExitCode::kClean;
}

}  // namespace

void AddPlanCommand(CLI::App& app, CommandFn& run) {
  auto o = std::make_shared<PlanOptions>();
  CLI::App* cmd = app.add_subcommand("plan",
                                     "print the shortest policy-compliant sequence of changes that "
                                     "takes a component to a version");
  cmd->add_option("--component", o->component, "component to move")->required();
  cmd->add_option("--to", o->to, "target version")->required();
  cmd->add_option("--rev", o->rev, "revision to plan from (default HEAD)");
  cmd->add_option("--scope", o->scope,
                  "only this scope (default: every scope that has the component)");
  cmd->add_option("-C", o->repo.directory, "run as if started in DIR");
  cmd->add_option("--config", o->repo.config_path, "config file (default .skewlint.yaml)");
  cmd->add_option("--preset", o->repo.presets, "built-in preset (repeatable)");
  cmd->callback([o, &run] { run = [o] { return RunPlan(*o); }; });
}

}  // namespace skewlint
