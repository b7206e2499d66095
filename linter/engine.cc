#include "linter/engine.h"

#include <algorithm>
#include <map>
#include <set>

#include "linter/state_builder.h"
#include "linter/suppression.h"
#include "rules/registry.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

struct Step {
  const State& before;
  const State& after;
  const std::vector<FileDelta>& deltas;
  std::string commit;
};

// Which checks a step runs.
enum class Only { kAll, kInvariants, kPerFile };

std::vector<Finding> RunChecks(const std::vector<ConfiguredCheck>& checks, const Config& config,
                               const Step& step, const CheckRequest& request, History* history,
                               Only only) {
  std::vector<Finding> out;
  for (const auto& c : checks) {
    bool invariant = c.spec->kind == RuleSpec::Kind::kInvariant;
    if ((only == Only::kInvariants && !invariant) ||
        (only == Only::kPerFile && !c.spec->per_file)) {
      continue;
    }
    const State& after = only == Only::kInvariants ? step.before : step.after;
    RuleContext ctx{step.before, after, step.deltas, config, step.commit, request.now, history};
    std::vector<Finding> found;
    c.check->Run(ctx, found);
    for (Finding& f : found) {
      if (f.rule.empty()) f.rule = std::string(c.spec->id);
      if (f.policy.empty()) f.policy = c.policy;
      f.severity = c.severity;
      f.commit = step.commit;
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::set<std::string> Keys(const std::vector<Finding>& findings) {
  std::set<std::string> keys;
  for (const auto& f : findings) keys.insert(f.BaselineKey());
  return keys;
}

// "1.5.0-models@sha256:…" out of "spiceai/spiceai:1.5.0-models@sha256:…".
std::string VersionText(const Instance& i) {
  const std::string& raw = i.version.raw;
  if (!i.image.empty() && raw.size() > i.image.size() &&
      raw.compare(0, i.image.size(), i.image) == 0 &&
      (raw[i.image.size()] == ':' || raw[i.image.size()] == '@')) {
    return raw.substr(i.image.size() + 1);
  }
  return raw;
}

void AddChanges(const State& before, const State& after, const std::string& commit,
                std::vector<ComponentChange>& out) {
  for (const Moved& m : MatchInstances(before, after)) {
    if (m.before && m.after && m.before->version.raw == m.after->version.raw) continue;
    const Instance& i = m.after ? *m.after : *m.before;
    out.push_back(ComponentChange{i.component, i.scope, m.before ? VersionText(*m.before) : "",
                                  m.after ? VersionText(*m.after) : "",
                                  ChangeKind(m.before, m.after), i.location, commit});
  }
}

class Runner {
 public:
  Runner(Repository& repository, const Config& config, const CheckRequest& request,
         History* history, const std::vector<ConfiguredCheck>& checks)
      : repository_(repository),
        config_(config),
        request_(request),
        history_(history),
        checks_(checks),
        builder_(repository, config) {}

  Result<CheckOutcome> Run() {
    Result<Snapshot> base = builder_.Read(request_.base);
    if (!base.ok()) return base.error();
    State base_state = builder_.MakeState(*base);
    std::vector<FileDelta> none;
    baseline_ = Keys(RunChecks(checks_, config_, Step{base_state, base_state, none, ""}, request_,
                               history_, Only::kInvariants));
    std::vector<std::pair<std::string, std::string>> steps;  // (rev, commit)
    if (request_.mode == CheckRequest::Mode::kPerCommit) {
      auto commits = repository_.FirstParentRange(request_.base, request_.head);
      if (!commits.ok()) return commits.error();
      for (const auto& c : *commits) steps.emplace_back(c.id, c.id);
      outcome_.commits = commits->size();
    } else {
      bool pseudo = request_.mode != CheckRequest::Mode::kNet;
      steps.emplace_back(request_.head, pseudo ? "" : request_.head);
      if (!pseudo) {
        auto commits = repository_.FirstParentRange(request_.base, request_.head);
        outcome_.commits = commits.ok() ? commits->size() : 0;
      }
    }
    Snapshot previous = std::move(base).value();
    State previous_state = std::move(base_state);
    for (const auto& [rev, commit] : steps) {
      Status status = RunStep(previous, previous_state, rev, commit);
      if (!status.ok()) return status.error();
    }
    if (request_.mode == CheckRequest::Mode::kNet) AttributeCommits();
    outcome_.files_scanned = builder_.files_read();
    std::sort(outcome_.findings.begin(), outcome_.findings.end());
    std::sort(outcome_.changes.begin(), outcome_.changes.end());
    return std::move(outcome_);
  }

 private:
  Status RunStep(Snapshot& previous, State& previous_state, const std::string& rev,
                 const std::string& commit) {
    auto deltas = repository_.Diff(previous.rev, rev, builder_.Filter());
    if (!deltas.ok()) return deltas.error();
    std::vector<FileDelta> all_deltas = *deltas;
    if (!request_.config_in_repo.empty()) AddConfigDelta(previous.rev, rev, all_deltas);
    Result<Snapshot> next = builder_.Update(previous, rev, *deltas);
    if (!next.ok()) return next.error();
    bool relevant = TouchesConfig(all_deltas) || Relevant(previous, *next, *deltas);
    if (!relevant) {
      RunPerFileChecks(*next, all_deltas, commit);
      previous = std::move(next).value();  // the state cannot have moved
      return Ok{};
    }
    State state = builder_.MakeState(*next);
    std::vector<Finding> found =
        RunChecks(checks_, config_, Step{previous_state, state, all_deltas, commit}, request_,
                  history_, Only::kAll);
    Report(state, found);
    AddChanges(previous_state, state, commit, outcome_.changes);
    previous = std::move(next).value();
    previous_state = std::move(state);
    return Ok{};
  }

  // Suppressions, then the findings not already held by the base or reported.
  void Report(const State& state, std::vector<Finding>& found) {
    ApplySuppressions(state, config_, found);
    for (Finding& f : found) {
      std::string key = f.BaselineKey();
      bool old = baseline_.count(key) && FindRule(f.rule)->kind == RuleSpec::Kind::kInvariant;
      if ((old && !request_.all_findings) || !reported_.insert(key).second) continue;
      outcome_.findings.push_back(std::move(f));
    }
  }

  bool TouchesConfig(const std::vector<FileDelta>& deltas) const {
    const std::string& path = request_.config_in_repo;
    return !path.empty() && std::any_of(deltas.begin(), deltas.end(), [&](const FileDelta& d) {
      return d.old_path == path || d.new_path == path;
    });
  }

  // Whether any changed file, before or after, can hold what rules read.
  static bool Relevant(const Snapshot& before, const Snapshot& after,
                       const std::vector<FileDelta>& deltas) {
    auto holds = [](const Snapshot& s, const std::string& path) {
      auto it = s.files.find(path);
      return it != s.files.end() && it->second.facts->relevant;
    };
    return std::any_of(deltas.begin(), deltas.end(), [&](const FileDelta& d) {
      return holds(before, d.old_path) || holds(after, d.new_path);
    });
  }

  // A change of files nothing can match: only per-file rules have a say.
  void RunPerFileChecks(const Snapshot& next, const std::vector<FileDelta>& deltas,
                        const std::string& commit) {
    State changed;
    changed.rev = next.rev;
    for (const auto& d : deltas) {
      auto it = next.files.find(d.new_path);
      if (it != next.files.end()) changed.files[d.new_path] = it->second.facts;
    }
    std::vector<Finding> found = RunChecks(checks_, config_, Step{changed, changed, deltas, commit},
                                           request_, history_, Only::kPerFile);
    Report(changed, found);
  }

  // In net mode a finding belongs to the newest commit of the range that
  // changed its file: compare each open path's blob with the parent's,
  // walking back until every path is placed.
  void AttributeCommits() {
    std::set<std::string> open;
    for (const auto& f : outcome_.findings) open.insert(f.location.path);
    for (const auto& c : outcome_.changes) open.insert(c.location.path);
    std::map<std::string, std::string> owner;
    auto commits = repository_.FirstParentRange(request_.base, request_.head);
    if (!commits.ok()) return;
    for (auto it = commits->rbegin(); it != commits->rend() && !open.empty(); ++it) {
      std::string parent = it->parents.empty() ? "" : it->parents.front();
      for (auto path = open.begin(); path != open.end();) {
        if (BlobId(it->id, *path) == BlobId(parent, *path)) {
          ++path;
          continue;
        }
        owner[*path] = it->id;
        path = open.erase(path);
      }
    }
    for (auto& f : outcome_.findings) {
      if (owner.count(f.location.path)) f.commit = owner[f.location.path];
    }
    for (auto& c : outcome_.changes) {
      if (owner.count(c.location.path)) c.commit = owner[c.location.path];
    }
  }

  // The blob id of `path` at `rev`, "" when absent.
  std::string BlobId(const std::string& rev, const std::string& path) {
    if (rev.empty()) return "";
    auto entry = repository_.FileAt(rev, path);
    return entry.ok() && entry->has_value() ? (*entry)->id : "";
  }

  // The config file may sit outside `paths.include`; policy-changed needs it.
  void AddConfigDelta(const std::string& from, const std::string& to,
                      std::vector<FileDelta>& deltas) {
    const std::string& path = request_.config_in_repo;
    std::string old_id = BlobId(from, path);
    std::string new_id = BlobId(to, path);
    if (old_id == new_id) return;
    bool present = std::any_of(deltas.begin(), deltas.end(), [&](const FileDelta& x) {
      return x.new_path == path || x.old_path == path;
    });
    if (present) return;
    FileDelta delta;
    delta.status = old_id.empty()   ? FileDelta::Status::kAdded
                   : new_id.empty() ? FileDelta::Status::kDeleted
                                    : FileDelta::Status::kModified;
    delta.old_path = old_id.empty() ? "" : path;
    delta.new_path = new_id.empty() ? "" : path;
    delta.old_id = old_id;
    delta.new_id = new_id;
    deltas.push_back(delta);
  }

  Repository& repository_;
  const Config& config_;
  const CheckRequest& request_;
  History* history_;
  const std::vector<ConfiguredCheck>& checks_;
  StateBuilder builder_;
  std::set<std::string> baseline_;
  std::set<std::string> reported_;
  CheckOutcome outcome_;
};

}  // namespace

bool ComponentChange::operator<(const ComponentChange& o) const {
  return std::tie(location.path, location.line, location.column, component, scope, commit, from,
                  to) < std::tie(o.location.path, o.location.line, o.location.column, o.component,
                                 o.scope, o.commit, o.from, o.to);
}

std::string ChangeKind(const Instance* before, const Instance* after) {
  if (!before) return "added";
  if (!after) return "removed";
  const Version& a = before->version;
  const Version& b = after->version;
  if (!a.versioned || !b.versioned) return "changed";
  if (b < a) return "downgrade";
  if (b.major != a.major) return "major";
  if (b.minor != a.minor) return "minor";
  if (b.patch != a.patch) return "patch";
  if (b.prerelease != a.prerelease) return "prerelease";
  if (b.digest != a.digest) return "digest";
  return "changed";
}

std::string_view ModeName(CheckRequest::Mode mode) {
  switch (mode) {
    case CheckRequest::Mode::kNet:
      return "net";
    case CheckRequest::Mode::kPerCommit:
      return "per-commit";
    case CheckRequest::Mode::kStaged:
      return "staged";
    case CheckRequest::Mode::kWorktree:
      return "worktree";
  }
  return "net";
}

Result<std::vector<ConfiguredCheck>> BuildChecks(const Config& config) {
  std::vector<ConfiguredCheck> checks;
  auto setting = [&config](std::string_view id) {
    auto it = config.rules.find(std::string(id));
    return it == config.rules.end() ? RuleSetting{} : it->second;
  };
  for (const auto& policy : config.policies) {
    const RuleSpec* spec = FindRule(policy.rule);
    RuleSetting s = setting(spec->id);
    Result<std::unique_ptr<Check>> check = spec->make(policy, config);
    if (!check.ok()) return check.error();
    if (!s.enabled) continue;
    Severity severity = policy.severity.value_or(s.severity.value_or(spec->default_severity));
    checks.push_back(ConfiguredCheck{spec, policy.id, severity, std::move(check).value()});
  }
  for (const auto& spec : AllRules()) {
    RuleSetting s = setting(spec.id);
    if (!spec.make_default || !s.enabled) continue;
    checks.push_back(ConfiguredCheck{&spec, "", s.severity.value_or(spec.default_severity),
                                     spec.make_default(config)});
  }
  return checks;
}

Result<CheckOutcome> RunCheck(Repository& repository, const Config& config,
                              const CheckRequest& request, History* history) {
  Result<std::vector<ConfiguredCheck>> checks = BuildChecks(config);
  if (!checks.ok()) return checks.error();
  return Runner(repository, config, request, history, *checks).Run();
}

}  // namespace skewlint
