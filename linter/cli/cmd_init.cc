#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "linter/cli/commands.h"
#include "linter/cli/session.h"
#include "linter/config.h"
#include "linter/init_detect.h"

namespace skewlint {
namespace {

struct InitOptions {
  std::vector<std::string> presets;
  std::string output = ".skewlint.yaml";
  bool force = false;
  bool detect = false;
};

// The starter file: the presets, then commented examples of everything a
// repository adds (a component, policies, scopes, rules, promotion, ignore).
// Uncommented, the examples are valid config too (a test loads them).
std::string StarterConfig(const std::vector<std::string>& presets) {
  std::string list;
  for (const auto& p : presets) list += (list.empty() ? "" : ", ") + p;
  std::string text =
      "# skewlint configuration. Every key: docs/config.md in the skewlint source.\n"
      "# `skewlint explain RULE` documents a rule; `skewlint state` shows what is found.\n"
      "version: 1\n"
      "# Built-in components and policies. A config without presets: uses none.\n"
      "presets: [";
  return text + list +
         "]\n"
         "# scopes:            # one deployment per match; default: the folder after\n"
         "#   - '^clusters/(?P<scope>[^/]+)/'   # clusters/, environments/, envs/, overlays/\n"
         "paths:\n"
         "  include: ['**/*.yaml', '**/*.yml']\n"
         "  exclude: ['docs/**']\n"
         "\n"
         "# Your own components: a name, and locators that find its versions.\n"
         "# components:\n"
         "#   - name: app-backend\n"
         "#     locators:\n"
         "#       - image: ghcr.io/acme/app-backend   # the image name, or a suffix after a '/'\n"
         "#   - name: app-operator\n"
         "#     locators:\n"
         "#       - chart: '^app-operator$'          # a Helm chart: HelmRelease, Application\n"
         "#       - field: {kind: AppOperator, path: spec.version}\n"
         "\n"
         "# Policies: rules applied to components, each with the rule's own keys.\n"
         "# policies:\n"
         "#   - rule: upgrade-order               # the operator reaches a minor first\n"
         "#     id: operator-before-backend\n"
         "#     first: [app-operator]\n"
         "#     then: app-backend\n"
         "#     granularity: minor\n"
         "#   - rule: minor-jump                  # one minor per change\n"
         "#     id: backend-one-minor-at-a-time\n"
         "#     component: app-backend\n"
         "#     max: 1\n"
         "\n"
         "# rules:             # severity per rule, or off\n"
         "#   image-digest: off\n"
         "# promotion:         # environments in promotion order\n"
         "#   order: [dev, staging, prod]\n"
         "#   bake_hours: 24\n"
         "# ignore:\n"
         "#   - rule: minor-jump\n"
         "#     path: 'clusters/lab/**'\n"
         "#     reason: lab clusters follow upstream directly\n";
}

// Reads HEAD, says what it found (on stderr when the config goes to
// stdout) and returns the config that covers it.
Result<std::string> DetectConfig(FILE* listing_to) {
  auto repository = OpenRepositoryAt(RepoOptions{});
  if (!repository.ok()) return repository.error();
  Result<std::string> head = (*repository)->Resolve("HEAD");
  if (!head.ok()) return head.error();
  Result<Detection> detection = Detect(**repository, *head);
  if (!detection.ok()) return detection.error();
  std::string listing = DescribeDetection(*detection);
  std::fwrite(listing.data(), 1, listing.size(), listing_to);
  return DetectedConfig(*detection);
}

Result<ExitCode> RunInit(const InitOptions& o) {
  std::vector<std::string> presets = o.presets.empty() ? PresetNames() : o.presets;
  auto names = PresetNames();
  for (const auto& p : presets) {
    if (std::find(names.begin(), names.end(), p) == names.end()) {
      return Error::At({}, "unknown preset '" + p + "'");
    }
  }
  std::string text = StarterConfig(presets);
  if (o.detect) {
    Result<std::string> detected = DetectConfig(o.output == "-" ? stderr : stdout);
    if (!detected.ok()) return detected.error();
    text = *detected;
  }
  auto loaded = LoadConfig(text, o.output);
  if (!loaded.ok())
    return Error::Internal("starter config does not load: " + loaded.error().ToString());
  if (o.output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return ExitCode::kClean;
  }
  if (std::filesystem::exists(o.output) && !o.force) {
    return Error::At({o.output}, "already exists; pass --force to overwrite");
  }
  std::ofstream(o.output, std::ios::binary) << text;
  std::printf("wrote %s\n", o.output.c_str());
  return ExitCode::kClean;
}

}  // namespace

void AddInitCommand(CLI::App& app, CommandFn& run) {
  auto o = std::make_shared<InitOptions>();
  CLI::App* cmd = app.add_subcommand("init", "write a starter .skewlint.yaml");
  cmd->add_option("--preset", o->presets, "preset to enable (repeatable; default all)");
  cmd->add_option("-o,--output", o->output, "file to write, or - for stdout");
  cmd->add_flag("--force", o->force, "overwrite an existing file");
  cmd->add_flag("--detect", o->detect,
                "list the images, charts and CRD groups at HEAD and write a config that covers "
                "them, with the presets that apply");
  cmd->callback([o, &run] { run = [o] { return RunInit(*o); }; });
}

}  // namespace skewlint
