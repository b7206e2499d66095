#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <vector>

#include "linter/base_detection.h"
#include "linter/cli/commands.h"
#include "linter/cli/session.h"
#include "linter/cli/terminal.h"
#include "linter/engine.h"
#include "linter/history_service.h"
#include "linter/report.h"
#include "linter/report_formats.h"

namespace skewlint {
namespace {

struct CheckOptions {
  RepoOptions repo;
  std::string base;
  bool base_given = false;  // --base was passed (an empty value is an error)
  std::string head = "HEAD";
  bool no_merge_base = false;
  bool staged = false;
  bool worktree = false;
  bool per_commit = false;
  std::string policy_from;
  std::vector<std::string> formats;
  std::string fail_on = "error";
  bool all_findings = false;
  bool no_color = false;
  bool quiet = false;
};

struct Output {
  std::string format;
  std::string file;  // "" = stdout
};

std::vector<Output> ParseOutputs(const std::vector<std::string>& formats) {
  std::vector<Output> out;
  for (const auto& f : formats) {
    size_t eq = f.find('=');
    out.push_back(eq == std::string::npos ? Output{f, ""}
                                          : Output{f.substr(0, eq), f.substr(eq + 1)});
  }
  if (out.empty()) out.push_back({"text", ""});
  return out;
}

int64_t Now() {
  if (const char* fixed = std::getenv("SKEWLINT_NOW")) return std::atoll(fixed);
  return static_cast<int64_t>(std::time(nullptr));
}

// git/ says so when HEAD has no commit yet (git_repository.h).
bool IsUnborn(const Error& error) {
  return error.message.find("has no commits yet") != std::string::npos;
}

// `base:` of the config as the head has it, for base detection; a config
// that cannot be read gives none (the check itself reports it).
ConfigBaseLookup ConfigBaseAt(Repository& repo, const RepoOptions& options,
                              const std::string& head) {
  return [&repo, &options, head]() -> std::optional<ConfigBase> {
    auto config = LoadConfigAt(repo, options, head);
    if (!config.ok() || config->base.empty()) return std::nullopt;
    return ConfigBase{config->base, config->base_where};
  };
}

// Fills base/head/mode of the request from the options and the
// environment; returns where the base came from, as reports name it.
Result<std::string> ResolveRange(Repository& repo, const CheckOptions& o, CheckRequest& request) {
  if (o.base_given && o.base.empty()) {
    return Error::At({},
                     "--base needs a branch, tag or commit, not an empty string; leave "
                     "--base out to detect the base");
  }
  std::string from = o.base_given ? "--base " + o.base : "HEAD";
  if (o.staged || o.worktree) {
    request.mode = o.staged ? CheckRequest::Mode::kStaged : CheckRequest::Mode::kWorktree;
    request.head = std::string(o.staged ? kIndexRev : kWorktreeRev);
    auto base = repo.Resolve(o.base_given ? o.base : "HEAD");
    if (!base.ok() && !o.base_given && IsUnborn(base.error())) {
      request.base = "";  // the first commit: everything staged is new
      return std::string("no commit yet");
    }
    if (!base.ok()) return base.error();
    request.base = *base;
    return from;
  }
  std::string base_rev = o.base;
  std::string head_rev = o.head;
  bool pull_request = false;
  if (!o.base_given) {
    auto detected = DetectBase(repo, ProcessEnv(), ConfigBaseAt(repo, o.repo, o.head));
    if (!detected.ok()) return detected.error();
    base_rev = detected->base;
    from = detected->source;
    if (!detected->head.empty() && o.head == "HEAD") head_rev = detected->head;
    pull_request = detected->github_pull_request && o.head == "HEAD" && !o.no_merge_base;
  }
  auto head = repo.Resolve(head_rev);
  if (!head.ok()) return head.error();
  auto base = repo.Resolve(base_rev);
  if (!base.ok()) return base.error();
  request.head = *head;
  request.base = *base;
  request.mode = o.per_commit ? CheckRequest::Mode::kPerCommit : CheckRequest::Mode::kNet;
  if (pull_request) {
    auto merge = PullRequestMergeRange(repo, *base, *head, o.per_commit);
    if (!merge.ok()) return merge.error();
    if (*merge) {
      request.base = (*merge)->base;
      request.head = (*merge)->head;
      return from;
    }
  }
  if (!o.no_merge_base) {
    auto merge_base = repo.MergeBase(*base, *head);
    if (!merge_base.ok()) return merge_base.error();
    request.base = *merge_base;
  }
  return from;
}

Status WriteOutputs(const CheckOptions& o, const Report& report) {
  RenderOptions render{UseColor(o.no_color, isatty(STDOUT_FILENO) == 1, ProcessEnv()), o.quiet};
  for (const auto& output : ParseOutputs(o.formats)) {
    RenderOptions options = render;
    if (!output.file.empty()) options.color = false;
    auto text = RenderFormat(output.format, report, options);
    if (!text.ok()) return text.error();
    if (output.file.empty()) {
      std::fwrite(text->data(), 1, text->size(), stdout);
      continue;
    }
    std::ofstream file(output.file, std::ios::binary);
    if (!(file << *text)) return Error::At({output.file}, "cannot write the report");
  }
  return Ok{};
}

// With --format github inside a workflow step, the Markdown summary is
// appended to the step's summary file (SPEC §6 github).
Status AppendStepSummary(const CheckOptions& o, const Report& report) {
  const char* summary = std::getenv("GITHUB_STEP_SUMMARY");
  if (!summary || !*summary) return Ok{};
  bool github = false;
  for (const auto& output : ParseOutputs(o.formats)) github = github || output.format == "github";
  if (!github) return Ok{};
  std::ofstream file(summary, std::ios::binary | std::ios::app);
  if (!(file << RenderMarkdown(report) << "\n")) {
    return Error::At({summary}, "cannot append to the step summary ($GITHUB_STEP_SUMMARY)");
  }
  return Ok{};
}

// An empty range passes trivially; say so where people look (SPEC §2).
void WarnOfEmptyRange(const Report& report) {
  if (!EmptyRange(report)) return;
  std::string where = report.base_from.empty() ? "" : " (base from " + report.base_from + ")";
  PrintWarning("empty range " + report.base.substr(0, 12) + ".." + report.head.substr(0, 12) +
                   where +
                   ": the head adds no commit to the base, so nothing was checked; pass --base "
                   "with the branch this change merges into",
               ProcessEnv());
}

ExitCode ExitFor(const CheckOutcome& outcome, const std::string& fail_on) {
  if (fail_on == "never") return ExitCode::kClean;
  Severity threshold = *ParseSeverity(fail_on);
  for (const auto& f : outcome.findings) {
    if (!f.suppressed && f.severity >= threshold) return ExitCode::kFindings;
  }
  return ExitCode::kClean;
}

Result<ExitCode> RunCheckCommand(const CheckOptions& o) {
  auto repository = OpenRepositoryAt(o.repo);
  if (!repository.ok()) return repository.error();
  Repository& repo = **repository;
  CheckRequest request;
  Result<std::string> base_from = ResolveRange(repo, o, request);
  if (!base_from.ok()) return base_from.error();
  bool from_head = o.policy_from == "head" || request.base.empty();
  Result<Config> config = LoadConfigAt(repo, o.repo, from_head ? request.head : request.base);
  if (!config.ok()) return config.error();
  request.config_in_repo = ConfigPathInRepo(repo, o.repo);
  request.validate_config = [&repo, &o](std::string_view rev) -> std::optional<Error> {
    Result<Config> edited = LoadConfigAt(repo, o.repo, rev);
    if (!edited.ok()) return edited.error();
    auto checks = BuildChecks(*edited);
    if (!checks.ok()) return checks.error();
    return std::nullopt;
  };
  request.all_findings = o.all_findings;
  request.now = Now();
  // The parse cache (every tree of every file read) is the largest thing
  // the process holds, and the process ends after the report: it is left to
  // the operating system instead of being freed node by node, as compilers
  // do with their ASTs (10-20 ms on the bench). A static keeps it reachable,
  // so leak checkers agree; nothing uses it after this function.
  static auto* parse_caches = new std::vector<StateBuilder*>();
  parse_caches->push_back(new StateBuilder(repo, *config));
  StateBuilder& builder = *parse_caches->back();
  RepositoryHistory history(repo, builder);
  auto outcome = RunCheck(repo, *config, request, &history, &builder);
  if (!outcome.ok()) return outcome.error();
  Report report{request.base, request.head, request.mode, &*outcome, *base_from};
  WarnOfEmptyRange(report);
  Status written = WriteOutputs(o, report);
  if (!written.ok()) return written.error();
  Status summarized = AppendStepSummary(o, report);
  if (!summarized.ok()) return summarized.error();
  return ExitFor(*outcome, o.fail_on);
}

}  // namespace

void AddCheckCommand(CLI::App& app, CommandFn& run) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "lint a change (the main job)");
  cmd->add_option("-C", o->repo.directory, "run as if started in DIR");
  CLI::Option* base =
      cmd->add_option("--base", o->base,
                      "target branch or commit (merge base with HEAD is used); without it: the CI "
                      "event's base, base: in the config, origin/HEAD, origin/main, main, "
                      "origin/master, master");
  cmd->add_flag("--no-merge-base", o->no_merge_base, "use --base exactly, not the merge base");
  cmd->add_option("--head", o->head, "head revision (default HEAD)");
  auto* staged = cmd->add_flag("--staged", o->staged, "check the index against HEAD (pre-commit)");
  auto* worktree = cmd->add_flag("--worktree", o->worktree, "check the working tree against HEAD");
  auto* per_commit =
      cmd->add_flag("--per-commit", o->per_commit, "every first-parent commit is its own change");
  staged->excludes(worktree);
  per_commit->excludes(staged)->excludes(worktree);
  cmd->add_option("--config", o->repo.config_path, "config file (default .skewlint.yaml)");
  cmd->add_option("--policy-from", o->policy_from, "revision the config is read from: base or head")
      ->check(CLI::IsMember({"base", "head"}));
  cmd->add_option("--preset", o->repo.presets, "built-in preset (repeatable)");
  cmd->add_option("--format", o->formats,
                  "text|json|sarif|github|markdown, optionally =FILE (repeatable)");
  cmd->add_option("--fail-on", o->fail_on, "lowest severity that fails: error|warning|notice|never")
      ->check(CLI::IsMember({"error", "warning", "notice", "never"}));
  cmd->add_flag("--all-findings", o->all_findings,
                "also report findings that already hold on the base");
  cmd->add_flag("--no-color", o->no_color, "never colour the text output");
  cmd->add_flag("-q,--quiet", o->quiet, "findings and summary only");
  cmd->callback([o, base, &run] {
    o->base_given = base->count() > 0;
    run = [o] { return RunCheckCommand(*o); };
  });
}

}  // namespace skewlint
