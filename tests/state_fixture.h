#pragma once

// Builds States straight from {path: text} maps, without git, so rule tests
// read like the spec: "this repository, then that one".

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "linter/config.h"
#include "linter/engine.h"
#include "linter/snapshot.h"
#include "linter/state_builder.h"
#include "rules/registry.h"

namespace skewlint::testing {

using Files = std::map<std::string, std::string>;

inline Config ConfigFrom(const std::string& text) {
  Result<Config> config = LoadConfig(text, ".skewlint.yaml");
  EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().ToString());
  return config.ok() ? std::move(config).value() : Config{};
}

inline Config PresetConfig(const std::string& preset) {
  return ConfigFrom("version: 1\npresets: [" + preset + "]\n");
}

inline Snapshot SnapshotFrom(const Files& files, const Config& config, const std::string& rev) {
  Snapshot snapshot;
  snapshot.rev = rev;
  for (const auto& [path, text] : files) {
    SnapshotFile file;
    file.facts = ReadFacts(path, "id:" + path, text, config.limits);
    file.found = std::make_shared<const FileInstances>(ExtractInstances(*file.facts, config));
    snapshot.files[path] = file;
  }
  return snapshot;
}

inline State StateFrom(const Files& files, const Config& config, const std::string& rev = "after") {
  return MakeState(SnapshotFrom(files, config, rev), config);
}

/// Every path whose text differs between the two maps, as deltas.
inline std::vector<FileDelta> DeltasBetween(const Files& before, const Files& after) {
  std::vector<FileDelta> out;
  for (const auto& [path, text] : after) {
    auto it = before.find(path);
    if (it == before.end()) {
      out.push_back({FileDelta::Status::kAdded, "", path, "", "id:" + path});
    } else if (it->second != text) {
      out.push_back({FileDelta::Status::kModified, path, path, "id:" + path, "id:" + path});
    }
  }
  for (const auto& [path, text] : before) {
    if (!after.count(path))
      out.push_back({FileDelta::Status::kDeleted, path, "", "id:" + path, ""});
  }
  return out;
}

/// Runs every configured check of `config` whose rule is `rule` on the
/// change before -> after, as the engine does for one step (invariant
/// findings already present before are dropped).
inline std::vector<Finding> RunRule(const std::string& rule, const Config& config,
                                    const Files& before, const Files& after, int64_t now = 0,
                                    History* history = nullptr) {
  State b = StateFrom(before, config, "before");
  State a = StateFrom(after, config, "after");
  std::vector<FileDelta> deltas = DeltasBetween(before, after);
  auto checks = BuildChecks(config);
  EXPECT_TRUE(checks.ok()) << (checks.ok() ? "" : checks.error().ToString());
  std::vector<Finding> out;
  if (!checks.ok()) return out;
  for (const auto& c : *checks) {
    if (c.spec->id != rule) continue;
    std::vector<Finding> base_found, found;
    std::vector<FileDelta> none;
    bool invariant = c.spec->kind == RuleSpec::Kind::kInvariant;
    if (invariant) c.check->Run(RuleContext{b, b, none, config, "", now, history}, base_found);
    c.check->Run(RuleContext{b, a, deltas, config, "", now, history}, found);
    for (Finding& f : found) {
      if (f.rule.empty()) f.rule = rule;
      if (f.policy.empty()) f.policy = c.policy;
      f.severity = !f.milder                        ? c.severity
                   : c.severity == Severity::kError ? Severity::kWarning
                                                    : Severity::kNotice;
      bool old = false;
      for (const auto& o : base_found) old = old || o.message == f.message;
      if (!old) out.push_back(f);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Messages of findings, for compact assertions.
inline std::vector<std::string> Messages(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.message);
  return out;
}

}  // namespace skewlint::testing
