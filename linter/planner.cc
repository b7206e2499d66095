#include "linter/planner.h"

#include <algorithm>
#include <map>
#include <set>

#include "linter/engine.h"
#include "linter/scope.h"
#include "rules/matrix.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

constexpr int kMaxSteps = 64;

std::string Key(const YamlNode* policy, std::string_view key) {
  return policy ? std::string(policy->ScalarAt(key)) : "";
}

std::vector<std::string> List(const YamlNode* policy, std::string_view key) {
  std::vector<std::string> out;
  const YamlNode* node = policy ? policy->Get(key) : nullptr;
  if (node && node->IsScalar()) out.push_back(node->scalar);
  if (node && node->IsSequence()) {
    for (const auto& item : node->items) out.push_back(item->scalar);
  }
  return out;
}

// The lowest version `v` may lag behind `lead` under an allowance.
Version LowerBound(const Version& lead, const std::string& allow) {
  auto a = ParseAllowance(allow.empty() ? "none" : allow);
  if (!a || a->kind == Allowance::Kind::kNone) return lead;
  if (a->kind == Allowance::Kind::kPatch) return Version::Make(lead.major, lead.minor, 0);
  if (a->kind == Allowance::Kind::kMajor) return Version::Make(lead.major, 0, 0);
  uint64_t minor = lead.minor > a->minors ? lead.minor - a->minors : 0;
  return Version::Make(lead.major, minor, 0);
}

class Planner {
 public:
  Planner(const Config& config, std::vector<ConfiguredCheck> checks)
      : config_(config), checks_(std::move(checks)) {}

  Plan Run(State state, const std::string& scope, const std::string& component,
           const Version& target) {
    state.instances.erase(std::remove_if(state.instances.begin(), state.instances.end(),
                                         [&](const Instance& i) { return i.scope != scope; }),
                          state.instances.end());
    targets_.clear();
    targets_[component] = target;
    order_ = {component};
    ExpandTargets(state, scope);
    Plan plan;
    plan.scope = scope;
    for (int n = 0; n < kMaxSteps && !Done(state, scope); ++n) {
      if (!Step(state, scope, plan)) break;
    }
    if (!Done(state, scope) && plan.blocked.empty())
      plan.blocked = "no compliant step within " + std::to_string(kMaxSteps) + " changes";
    return plan;
  }

 private:
  const Version* Current(const State& state, const std::string& scope, const std::string& c) const {
    const Instance* oldest = Oldest(state.Of(c, scope));
    return oldest ? &oldest->version : nullptr;
  }

  void Raise(const State& state, const std::string& scope, const std::string& c,
             const Version& bound) {
    const Version* now = Current(state, scope, c);
    if (!now || *now >= bound) return;
    auto it = targets_.find(c);
    if (it != targets_.end() && it->second >= bound) return;
    targets_[c] = bound;
    if (std::find(order_.begin(), order_.end(), c) == order_.end()) order_.push_back(c);
    changed_ = true;
  }

  // Prerequisites and skew partners get the versions the targets imply.
  void ExpandTargets(const State& state, const std::string& scope) {
    changed_ = true;
    for (int round = 0; changed_ && round < 16; ++round) {
      changed_ = false;
      for (const auto& policy : config_.policies) {
        const YamlNode* p = policy.options.get();
        if (p && p->Get("matrix")) {
          ExpandByMatrix(state, scope, policy);
          continue;
        }
        for (const auto& [c, v] : std::map<std::string, Version>(targets_)) {
          if (policy.rule == "upgrade-order" && Key(p, "then") == c) {
            std::string g = Key(p, "granularity");
            Version bound =
                g == "patch" ? v : Version::Make(v.major, g == "major" ? 0 : v.minor, 0);
            for (const auto& f : List(p, "first")) Raise(state, scope, f, bound);
          }
          if (policy.rule != "version-skew") continue;
          if (Key(p, "newer") == c && !Key(p, "than").empty())
            Raise(state, scope, Key(p, "than"), LowerBound(v, Key(p, "allow")));
          if (Key(p, "than") == c && !Key(p, "older").empty())
            Raise(state, scope, Key(p, "older"), LowerBound(v, Key(p, "allow")));
          if (Key(p, "within") == c) Raise(state, scope, c, LowerBound(v, Key(p, "allow")));
        }
      }
    }
  }

  // Numbers of two version lines say nothing about each other: an
  // upgrade-order with a matrix raises each prerequisite to the lowest
  // version of the row of THEN's target.
  void ExpandByMatrix(const State& state, const std::string& scope, const PolicyDef& policy) {
    const YamlNode* p = policy.options.get();
    std::string then = Key(p, "then");
    auto target = targets_.find(then);
    if (policy.rule != "upgrade-order" || target == targets_.end()) return;
    auto matrix = MatrixOfPolicy(policy, config_);
    if (!matrix || matrix->keyed != then) return;
    const Matrix::Row* row = matrix->RowFor(target->second);
    if (!row) return;
    Version bound = row->range.Lowest();
    for (const auto& f : List(p, "first")) {
      if (matrix->source.empty() || matrix->Relates(f, then)) Raise(state, scope, f, bound);
    }
  }

  bool Done(const State& state, const std::string& scope) const {
    for (const auto& [c, v] : targets_) {
      const Version* now = Current(state, scope, c);
      if (now && *now < v) return false;
    }
    return true;
  }

  std::vector<Version> Candidates(const Version& from, const Version& to) const {
    std::vector<Version> out = {to};
    if (from.major != to.major) out.push_back(Version::Make(to.major, 0, 0));
    for (uint64_t m = std::min<uint64_t>(to.minor, from.minor + 8);
         from.major == to.major && m > from.minor; --m) {
      Version v = Version::Make(from.major, m, 0);
      if (v < to) out.push_back(v);
    }
    return out;
  }

  // Moves every instance of the components in `move` (and whatever shares a
  // field with them, like CRDs installed by the operator's chart) up to `v`.
  static State Moved(const State& state, const std::string& scope,
                     const std::vector<std::string>& move, const Version& v) {
    std::set<Location> places;
    for (const auto& i : state.instances) {
      if (i.scope == scope && std::find(move.begin(), move.end(), i.component) != move.end()) {
        places.insert(i.location);
      }
    }
    State next = state;
    for (auto& i : next.instances) {
      if (i.scope != scope || !places.count(i.location) || !i.version.versioned || i.version >= v)
        continue;
      i.version = v;
      i.version.raw = v.Normalized();
    }
    return next;
  }

  std::vector<Finding> Errors(const State& before, const State& after) const {
    std::vector<FileDelta> none;
    std::vector<Finding> old_found, found;
    for (const auto& c : checks_) {
      if (c.severity != Severity::kError) continue;
      c.check->Run(RuleContext{before, before, none, config_, "", 0, nullptr}, old_found);
      c.check->Run(RuleContext{before, after, none, config_, "", 0, nullptr}, found);
    }
    std::set<std::string> old;
    for (const auto& f : old_found) old.insert(f.message);
    found.erase(std::remove_if(found.begin(), found.end(),
                               [&](const Finding& f) { return old.count(f.message) > 0; }),
                found.end());
    return found;
  }

  // Tries `move` at each candidate version; true when one adds no error.
  bool TryMove(State& state, const std::string& scope, const std::vector<std::string>& move,
               Plan& plan, std::vector<Finding>& blocker) {
    const Version* now = Current(state, scope, move.front());
    if (!now || *now >= targets_.at(move.front())) return false;
    Version from = *now;
    for (const Version& v : Candidates(from, targets_.at(move.front()))) {
      State next = Moved(state, scope, move, v);
      std::vector<Finding> errors = Errors(state, next);
      if (!errors.empty()) {
        if (blocker.empty()) blocker = errors;
        continue;
      }
      int change = plan.steps.empty() ? 1 : plan.steps.back().change + 1;
      for (const auto& c : order_) {
        const Version* before = Current(state, scope, c);
        const Version* after = Current(next, scope, c);
        if (!before || !after || *before == *after) continue;
        plan.steps.push_back(PlanStep{scope, c, before->Normalized(), after->Normalized(),
                                      state.Of(c, scope).front()->location, change});
      }
      state = std::move(next);
      return true;
    }
    return false;
  }

  // One component at a time first; then pairs that can only move together
  // (an operator and CRDs that must never be apart by a minor).
  bool Step(State& state, const std::string& scope, Plan& plan) {
    std::vector<Finding> blocker;
    std::vector<std::string> order = Priority();
    for (const auto& c : order) {
      if (TryMove(state, scope, {c}, plan, blocker)) return true;
    }
    for (size_t a = 0; a < order.size(); ++a) {
      for (size_t b = a + 1; b < order.size(); ++b) {
        if (TryMove(state, scope, {order[a], order[b]}, plan, blocker)) return true;
      }
    }
    for (const auto& f : blocker)
      plan.blocked += (plan.blocked.empty() ? "" : "; ") + f.message + " [" + f.rule + "]";
    return false;
  }

  // Prerequisites first (added last while expanding), the component, then partners.
  std::vector<std::string> Priority() const {
    std::vector<std::string> out(order_.rbegin(), order_.rend());
    return out;
  }

  const Config& config_;
  std::vector<ConfiguredCheck> checks_;
  std::map<std::string, Version> targets_;
  std::vector<std::string> order_;
  bool changed_ = false;
};

}  // namespace

Result<std::vector<Plan>> MakePlan(const State& state, const Config& config,
                                   const std::string& component, const std::string& target,
                                   const std::string& scope) {
  if (!config.FindComponent(component))
    return Error::At({}, "unknown component '" + component + "'");
  Version to = Version::Parse(target);
  if (!to.versioned)
    return Error::At({}, "'" + target + "' is not a version (expected e.g. 1.11.2)");
  auto checks = BuildChecks(config);
  if (!checks.ok()) return checks.error();
  std::vector<std::string> scopes;
  for (const auto& s : state.Scopes()) {
    if ((scope.empty() || s == scope) && !state.Of(component, s).empty()) scopes.push_back(s);
  }
  if (scopes.empty()) {
    return Error::At({}, "no instance of " + component +
                             (scope.empty() ? "" : " in scope " + scope) + " at " + state.rev);
  }
  std::vector<Plan> plans;
  Planner planner(config, std::move(checks).value());
  for (const auto& s : scopes) plans.push_back(planner.Run(state, s, component, to));
  return plans;
}

}  // namespace skewlint
