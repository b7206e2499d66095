// Manifest extraction from raw bytes, with every built-in preset: ReadFacts,
// ExtractInstances, MakeState, then every configured check on the change
// from nothing to those files and between two revisions of them.
//
// The input holds up to four files separated by lines "#@@file"; the first
// byte of each file picks its path (a workload, a kustomization, a Helm chart
// or its values, a Flux release, a CRD, …).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "linter/config.h"
#include "linter/engine.h"
#include "linter/extract.h"
#include "linter/snapshot.h"
#include "linter/state_builder.h"
#include "rules/rule.h"

namespace skewlint::fuzz {
namespace {

constexpr std::string_view kSeparator = "\n#@@file\n";
constexpr size_t kMaxFiles = 4;

constexpr std::string_view kPaths[] = {
    "clusters/prod/spire/server.yaml",
    "clusters/prod/spire/agent.yaml",
    "clusters/prod/kustomization.yaml",
    "base/spire/deploy.yaml",
    "charts/spire/Chart.yaml",
    "charts/spire/values.yaml",
    "charts/spire/templates/server.yaml",
    "clusters/staging/spiceai/release.yaml",
    "clusters/prod/crds/spicepodsets.yaml",
    "docker-compose.yaml",
    "clusters/prod/spiceai/values.yaml",
    "clusters/dev/app.yml",
};

struct Setup {
  Config config;
  std::vector<ConfiguredCheck> checks;
};

const Setup& TheSetup() {
  static const Setup* setup = [] {
    auto config = DefaultConfig({});
    FUZZ_CHECK(config.ok(), "the built-in presets do not load: " + config.error().message);
    auto* made = new Setup{std::move(config).value(), {}};
    made->config.limits.max_file_bytes = 256 * 1024;
    auto checks = BuildChecks(made->config);
    FUZZ_CHECK(checks.ok(), "the built-in checks do not build: " + checks.error().message);
    made->checks = std::move(checks).value();
    return made;
  }();
  return *setup;
}

struct InputFile {
  std::string path;
  std::string text;
};

std::vector<InputFile> SplitInput(std::string_view input) {
  std::vector<InputFile> files;
  while (files.size() < kMaxFiles) {
    size_t end = std::min(input.find(kSeparator), input.size());
    std::string_view chunk = input.substr(0, end);
    if (!chunk.empty()) {
      auto pick = static_cast<unsigned char>(chunk.front());
      std::string path(kPaths[pick % std::size(kPaths)]);
      bool taken = std::any_of(files.begin(), files.end(),
                               [&](const InputFile& f) { return f.path == path; });
      if (!taken) files.push_back({path, std::string(chunk.substr(1))});
    }
    if (end == input.size()) break;
    input.remove_prefix(end + kSeparator.size());
  }
  return files;
}

void CheckFacts(const FileFacts& facts, const std::string& text) {
  if (!facts.skipped.empty() || facts.is_template || facts.not_manifest) {
    FUZZ_CHECK(facts.documents.empty(), "a skipped or template file has documents");
    return;
  }
  FUZZ_CHECK(facts.text && *facts.text == text, "the raw text is not kept");
  std::vector<size_t> lengths = LineLengths(text);
  for (size_t i = 0; i < facts.documents.size(); ++i) {
    const YamlDocument& doc = facts.documents[i];
    FUZZ_CHECK(doc.root != nullptr, "a document without a root");
    FUZZ_CHECK(doc.index == static_cast<int>(i), "document index out of order");
    FUZZ_CHECK(doc.first_line >= 1 && static_cast<size_t>(doc.first_line) <= lengths.size(),
               "document starts on line " + std::to_string(doc.first_line));
    VisitBudget budget(20000);
    CheckNodePositions(*doc.root, lengths, budget);
  }
  for (const YamlProblem& problem : facts.problems) {
    FUZZ_CHECK(!problem.message.empty(), "a YAML problem without a message");
    FUZZ_CHECK(problem.line >= 0 && static_cast<size_t>(problem.line) <= lengths.size(),
               "problem on line " + std::to_string(problem.line) + ": " + problem.message);
  }
}

void CheckInstance(const Instance& instance, const std::map<std::string, std::string>& texts) {
  auto text = texts.find(instance.location.path);
  FUZZ_CHECK(text != texts.end(), "instance in an unknown file: " + instance.location.path);
  FUZZ_CHECK(
      InsideText(LineLengths(text->second), instance.location.line, instance.location.column),
      "instance " + instance.component + " at " + instance.location.ToString());
  FUZZ_CHECK(TheSetup().config.FindComponent(instance.component) != nullptr,
             "instance of an unknown component " + instance.component);
  CheckVersion(instance.version);
}

void CheckState(const State& state, const std::map<std::string, std::string>& texts) {
  for (const Instance& instance : state.instances) CheckInstance(instance, texts);
  for (size_t i = 1; i < state.instances.size(); ++i) {
    const Instance& a = state.instances[i - 1];
    const Instance& b = state.instances[i];
    FUZZ_CHECK(std::tie(a.scope, a.component) <= std::tie(b.scope, b.component),
               "state instances are not sorted");
  }
}

void CheckFindings(const std::vector<Finding>& findings,
                   const std::map<std::string, std::string>& texts) {
  for (const Finding& finding : findings) {
    FUZZ_CHECK(!finding.message.empty(), "a finding without a message");
    auto text = texts.find(finding.location.path);
    if (text == texts.end()) continue;  // e.g. a file of the other revision
    FUZZ_CHECK(
        InsideText(LineLengths(text->second), finding.location.line, finding.location.column),
        "finding outside its file: " + finding.location.ToString() + " " + finding.message);
  }
}

struct Revision {
  Snapshot snapshot;
  State state;
  std::map<std::string, std::string> texts;
};

Revision Read(const std::vector<InputFile>& files, const std::string& rev) {
  const Setup& setup = TheSetup();
  Revision revision;
  revision.snapshot.rev = rev;
  for (const InputFile& file : files) {
    auto facts = ReadFacts(file.path, rev + file.path, file.text, setup.config.limits);
    CheckFacts(*facts, file.text);
    auto found = std::make_shared<const FileInstances>(ExtractInstances(*facts, setup.config));
    for (const Instance& instance : found->instances) {
      FUZZ_CHECK(instance.location.path == file.path, "instance placed in another file");
    }
    revision.snapshot.files[file.path] = SnapshotFile{facts, found};
    revision.texts[file.path] = file.text;
  }
  revision.state = MakeState(revision.snapshot, setup.config);
  revision.state.rev = rev;
  CheckState(revision.state, revision.texts);
  return revision;
}

std::vector<FileDelta> Changes(const Revision& before, const Revision& after) {
  std::vector<FileDelta> deltas;
  for (const auto& [path, text] : after.texts) {
    auto old = before.texts.find(path);
    if (old != before.texts.end() && old->second == text) continue;
    FileDelta delta;
    delta.status =
        old == before.texts.end() ? FileDelta::Status::kAdded : FileDelta::Status::kModified;
    delta.old_path = old == before.texts.end() ? "" : path;
    delta.new_path = path;
    delta.old_id = delta.old_path.empty() ? "" : before.state.rev + path;
    delta.new_id = after.state.rev + path;
    deltas.push_back(std::move(delta));
  }
  for (const auto& [path, text] : before.texts) {
    if (after.texts.count(path)) continue;
    FileDelta delta;
    delta.status = FileDelta::Status::kDeleted;
    delta.old_path = path;
    delta.old_id = before.state.rev + path;
    deltas.push_back(std::move(delta));
  }
  return deltas;
}

void RunChecks(const Revision& before, const Revision& after) {
  const Setup& setup = TheSetup();
  std::vector<FileDelta> changed = Changes(before, after);
  RuleContext ctx{before.state,       after.state, changed, setup.config,
                  "0123456789abcdef", 1700000000,  nullptr};
  for (const ConfiguredCheck& check : setup.checks) {
    std::vector<Finding> findings;
    check.check->Run(ctx, findings);
    CheckFindings(findings, after.texts);
  }
}

}  // namespace
}  // namespace skewlint::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skewlint::fuzz;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<InputFile> files = SplitInput(input);
  Revision empty = Read({}, "base");
  Revision head = Read(files, "head");
  RunChecks(empty, head);
  if (files.size() >= 2) {
    // The same paths with their contents rotated: every file edited.
    std::vector<InputFile> rotated = files;
    for (size_t i = 0; i < files.size(); ++i) {
      rotated[i].text = files[(i + 1) % files.size()].text;
    }
    Revision next = Read(rotated, "next");
    RunChecks(head, next);
  }
  return 0;
}
