// Config loading: LoadConfig + BuildChecks on arbitrary `.skewlint.yaml`
// text. A config that loads is then used on a fixed change (SPIRE and
// Spice.ai manifests moved to new versions): extraction with its locators,
// every check it configures.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "linter/config.h"
#include "linter/engine.h"
#include "linter/extract.h"
#include "linter/snapshot.h"
#include "linter/state_builder.h"
#include "rules/rule.h"
#include "tests/manifests.h"

namespace skewlint::fuzz {
namespace {

constexpr std::string_view kPath = ".skewlint.yaml";

using Files = std::map<std::string, std::string>;

Files Before() {
  using namespace skewlint::testing;
  return {{"clusters/prod/spire/server.yaml", SpireServer("1.9.6")},
          {"clusters/prod/spire/agent.yaml", SpireAgent("1.9.6")},
          {"clusters/prod/spiceai/operator.yaml", SpiceOperator("1.0.0")},
          {"clusters/prod/spiceai/set.yaml", SpicepodSetV2("1.0.0")},
          {"clusters/prod/spiceai/crd.yaml", SpiceCrd("1.0.0")},
          {"clusters/dev/values.yaml", "image:\n  repository: spiceai/spiceai\n  tag: 1.0.0\n"}};
}

Files After() {
  using namespace skewlint::testing;
  return {{"clusters/prod/spire/server.yaml", SpireServer("1.10.0", 1)},
          {"clusters/prod/spire/agent.yaml", SpireAgent("1.11.0")},
          {"clusters/prod/spiceai/operator.yaml", SpiceOperator("1.2.0")},
          {"clusters/prod/spiceai/set.yaml", SpicepodSetV2("0.9.0")},
          {"clusters/prod/spiceai/crd.yaml", SpiceCrd("1.1.0")},
          {"clusters/dev/values.yaml", "image:\n  repository: spiceai/spiceai\n  tag: latest\n"}};
}

void CheckError(const Error& error, const std::vector<size_t>& lengths) {
  FUZZ_CHECK(!error.message.empty(), "an error without a message");
  FUZZ_CHECK(error.exit_code == ExitCode::kUsage,
             "a config mistake is reported as an internal error: " + error.ToString());
  FUZZ_CHECK(error.where.path == kPath, "a config error placed elsewhere: " + error.ToString());
  FUZZ_CHECK(error.where.line >= 0 && static_cast<size_t>(error.where.line) <= lengths.size(),
             "a config error outside the file: " + error.ToString());
}

State Read(const Files& files, const Config& config, const std::string& rev) {
  Snapshot snapshot;
  snapshot.rev = rev;
  for (const auto& [path, text] : files) {
    if (!config.IncludesPath(path)) continue;
    auto facts = ReadFacts(path, rev + path, text, config.limits);
    auto found = std::make_shared<const FileInstances>(ExtractInstances(*facts, config));
    snapshot.files[path] = SnapshotFile{facts, found};
  }
  State state = MakeState(snapshot, config);
  state.rev = rev;
  for (const Instance& instance : state.instances) {
    auto text = files.find(instance.location.path);
    FUZZ_CHECK(text != files.end(), "instance in an unknown file");
    FUZZ_CHECK(
        InsideText(LineLengths(text->second), instance.location.line, instance.location.column),
        "instance outside its file: " + instance.location.ToString());
    FUZZ_CHECK(config.FindComponent(instance.component) != nullptr, "unknown component");
  }
  return state;
}

void RunChecks(const Config& config, const std::vector<ConfiguredCheck>& checks) {
  Files before_files = Before();
  Files after_files = After();
  State before = Read(before_files, config, "base");
  State after = Read(after_files, config, "head");
  std::vector<FileDelta> changed;
  for (const auto& [path, text] : after_files) {
    changed.push_back(
        FileDelta{FileDelta::Status::kModified, path, path, "base" + path, "head" + path});
  }
  RuleContext ctx{before, after, changed, config, "0123456789abcdef", 1700000000, nullptr};
  for (const ConfiguredCheck& check : checks) {
    FUZZ_CHECK(check.spec != nullptr && check.check != nullptr, "an empty configured check");
    std::vector<Finding> findings;
    check.check->Run(ctx, findings);
    for (const Finding& finding : findings) {
      FUZZ_CHECK(!finding.message.empty(), "a finding without a message");
    }
  }
}

}  // namespace
}  // namespace skewlint::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skewlint;
  using namespace skewlint::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<size_t> lengths = LineLengths(text);
  Result<Config> config = LoadConfig(text, kPath);
  if (!config.ok()) {
    CheckError(config.error(), lengths);
    return 0;
  }
  const Config& c = *config;
  for (size_t i = 1; i < c.components.size(); ++i) {
    FUZZ_CHECK(c.components[i - 1].name <= c.components[i].name, "components are not sorted");
  }
  FUZZ_CHECK(c.limits.max_file_bytes >= 1 && c.limits.max_depth >= 1 &&
                 c.limits.max_documents >= 1 && c.limits.max_nodes >= 1,
             "a limit below 1");
  for (const PolicyDef& policy : c.policies) {
    FUZZ_CHECK(!policy.rule.empty() && !policy.id.empty(), "a policy without rule or id");
  }
  Result<std::vector<ConfiguredCheck>> checks = BuildChecks(c);
  if (!checks.ok()) {
    CheckError(checks.error(), lengths);
    return 0;
  }
  RunChecks(c, *checks);
  return 0;
}
