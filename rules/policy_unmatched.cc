#include "rules/policy_unmatched.h"

#include <array>
#include <set>

#include "linter/scope.h"
#include "rules/matrix.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

constexpr std::array<std::string_view, 8> kComponentKeys = {"component", "newer", "older", "within",
                                                            "than",      "first", "then",  "with"};

// What the rule watches of one policy.
struct Watched {
  std::string id;
  std::string rule;
  Location where;
  bool user = false;
  Adjacency adjacency;
  std::vector<std::string> components;  ///< every defined component it names
  /// (keyed, other): pairs it compares by number; `keyed` would be the
  /// matrix's keys.
  std::vector<std::pair<std::string, std::string>> lines;
  std::optional<Matrix> matrix;  ///< a matrix it declares (not one it refers to)
};

std::vector<std::string> Names(const YamlNode* node) {
  std::vector<std::string> out;
  if (node && node->IsScalar()) out.push_back(node->scalar);
  if (node && node->IsSequence()) {
    for (const auto& item : node->items) {
      if (item->IsScalar()) out.push_back(item->scalar);
    }
  }
  return out;
}

void AddLines(const PolicyDef& policy, const std::optional<Matrix>& matrix, Watched& w) {
  const YamlNode* def = policy.options.get();
  bool order = policy.rule == "upgrade-order" || policy.rule == "downgrade-order";
  if (policy.rule == "version-skew" && !matrix && !def->Get("within")) {
    std::string a(def->Get("newer") ? def->ScalarAt("newer") : def->ScalarAt("older"));
    for (const auto& b : Names(def->Get("than"))) w.lines.emplace_back(a, b);
  }
  if (!order) return;
  std::string then(def->ScalarAt("then"));
  for (const auto& first : Names(def->Get("first"))) {
    bool covered = matrix && (matrix->source.empty() || matrix->Relates(first, then));
    if (!covered) w.lines.emplace_back(then, first);
  }
}

Watched Watch(const PolicyDef& policy, const Config& config) {
  Watched w{policy.id,        policy.rule, policy.where, policy.source == "config",
            policy.adjacency, {},          {},           std::nullopt};
  const YamlNode* def = policy.options.get();
  if (!def) return w;
  for (auto key : kComponentKeys) {
    for (auto& name : Names(def->Get(key))) {
      bool known = config.FindComponent(name) != nullptr;
      if (known && std::find(w.components.begin(), w.components.end(), name) == w.components.end())
        w.components.push_back(name);
    }
  }
  std::optional<Matrix> matrix = MatrixOfPolicy(policy, config);
  AddLines(policy, matrix, w);
  if (matrix && (matrix->source.empty() || matrix->source == policy.id)) w.matrix = matrix;
  return w;
}

std::string Locators(const Component* component) {
  std::string out;
  for (const auto& l : component ? component->locators : std::vector<Locator>{}) {
    std::string what =
        l.kind == Locator::Kind::kField ? l.field_kind + " " + l.field_path : l.pattern_text;
    out += (out.empty() ? "" : ", ") + std::string(l.KindName()) + ": " + what;
  }
  return out;
}

class PolicyUnmatched : public Check {
 public:
  PolicyUnmatched(std::vector<Watched> watched, std::vector<Component> components)
      : watched_(std::move(watched)), components_(std::move(components)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    std::set<std::string> seen;  // once per policy and cause
    for (const auto& w : watched_) {
      if (w.user) Unmatched(ctx, w, seen, out);
      Lines(ctx, w, seen, out);
      MissingRows(ctx, w, seen, out);
    }
  }

 private:
  Finding At(const Watched& w, const Instance* instance, std::string message) const {
    Finding f;
    if (instance) f = MakeFinding(*instance, "");
    if (w.user || !instance) f.location = w.where;
    f.message = "policy '" + w.id + "' (" + w.rule + ") " + std::move(message);
    f.policy = w.id;
    return f;
  }

  void Unmatched(const RuleContext& ctx, const Watched& w, std::set<std::string>& seen,
                 std::vector<Finding>& out) const {
    for (const auto& name : w.components) {
      if (Present(ctx.before, name, w.where.path) || Present(ctx.after, name, w.where.path))
        continue;
      if (!seen.insert(w.id + "\n" + name).second) continue;
      const Component* c = nullptr;
      for (const auto& candidate : components_) {
        if (candidate.name == name) c = &candidate;
      }
      Finding f = At(w, nullptr,
                     "names " + name + ", whose locators (" + Locators(c) +
                         ") match nothing at the base or the head, so the policy checks "
                         "nothing; fix the locator or the component name");
      f.component = name;
      out.push_back(std::move(f));
    }
  }

  // The config's own locator lines are no instance of anything.
  static bool Present(const State& state, const std::string& component,
                      const std::string& config_path) {
    for (const auto& i : state.instances) {
      if (i.component == component && i.location.path != config_path) return true;
    }
    return false;
  }

  void Lines(const RuleContext& ctx, const Watched& w, std::set<std::string>& seen,
             std::vector<Finding>& out) const {
    for (const auto& [keyed, other] : w.lines) {
      for (const auto& scope : ctx.after.Scopes()) {
        const Instance* k = Newest(ctx.after.Of(keyed, scope));
        const Instance* o = Oldest(ctx.after.Of(other, scope));
        if (!k || !o || OnOneLine(k->version, o->version, w.adjacency)) continue;
        if (!seen.insert(w.id + "\nlines\n" + keyed + "\n" + other).second) continue;
        std::string kv = k->version.Normalized();
        std::string ov = o->version.Normalized();
        out.push_back(At(w, k,
                         "meets " + keyed + " " + kv + " and " + other + " " + ov + " in " +
                             DescribeScope(scope) +
                             ", which are on different version lines, so it does not compare "
                             "them; say which versions work together with a matrix of " +
                             keyed + " series to " + other + " ranges, e.g. matrix: {'" +
                             SeriesName(k->version, Granularity::kMinor) + "': '>=" + ov +
                             "'}, or add an adjacent entry if they are one version line"));
        break;
      }
    }
  }

  void MissingRows(const RuleContext& ctx, const Watched& w, std::set<std::string>& seen,
                   std::vector<Finding>& out) const {
    if (!w.matrix) return;
    const Matrix& m = *w.matrix;
    for (const auto& scope : ctx.after.Scopes()) {
      const Instance* other = Oldest(ctx.after.Of(m.ranged, scope));
      if (!other) continue;
      for (const Instance* k : ctx.after.Of(m.keyed, scope)) {
        if (!k->version.versioned || m.RowFor(k->version)) continue;
        std::string series = SeriesName(k->version, Granularity::kMinor);
        if (!seen.insert(w.id + "\nrow\n" + series).second) continue;
        out.push_back(At(w, k,
                         "has no row for " + m.keyed + " " + series + " (" +
                             k->version.Normalized() + " in " + DescribeScope(scope) +
                             "), so its pairing with " + m.ranged + " " +
                             other->version.Normalized() + " is not checked; add a row with the " +
                             m.ranged + " versions that support it, e.g. '" + series +
                             "': '>=" + other->version.Normalized() + "'"));
      }
    }
  }

  std::vector<Watched> watched_;
  std::vector<Component> components_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakePolicyUnmatched(const PolicyDef& policy, const Config&) {
  return Error::At(policy.where,
                   "policy-unmatched runs without a policy entry; set its severity or switch it "
                   "off under rules:");
}

std::unique_ptr<Check> MakeDefaultPolicyUnmatched(const Config& config) {
  std::vector<Watched> watched;
  for (const auto& policy : config.policies) watched.push_back(Watch(policy, config));
  return std::make_unique<PolicyUnmatched>(std::move(watched), config.components);
}

}  // namespace skewlint
