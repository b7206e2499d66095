#include "rules/order_check.h"

#include "linter/scope.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

class OrderCheck : public Check {
 public:
  explicit OrderCheck(OrderPolicy policy) : p_(std::move(policy)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const auto& scope : ctx.after.Scopes()) {
      for (const Moved& m : MatchInstances(ctx.before, ctx.after, p_.then, scope, ctx.changed)) {
        if (!m.before || !m.after || !m.before->version.versioned || !m.after->version.versioned)
          continue;
        if (Sign(CompareSeries(m.after->version, m.before->version, p_.granularity)) <= 0) continue;
        for (const auto& first : p_.first) CheckFirst(ctx, *m.after, first, out);
      }
    }
  }

 private:
  bool upgrade() const { return p_.direction == OrderPolicy::Direction::kUpgrade; }
  // +1 when `c` points in the policy's direction.
  int Sign(int c) const { return upgrade() ? c : -c; }
  bool Reached(const Version& v, const Version& target) const {
    return Sign(CompareSeries(v, target, p_.granularity)) >= 0;
  }

  void CheckFirst(const RuleContext& ctx, const Instance& then, const std::string& first,
                  std::vector<Finding>& out) const {
    for (const Moved& m : MatchInstances(ctx.before, ctx.after, first, then.scope, ctx.changed)) {
      if (!m.after || !m.after->version.versioned) continue;
      if (m.before && m.before->version.versioned && Reached(m.before->version, then.version))
        continue;
      if (!Reached(m.after->version, then.version)) {
        out.push_back(MakeFinding(then, Behind(then, *m.after)));
      } else if (!AppliedBefore(*m.after, then, ctx.after)) {
        out.push_back(MakeFinding(then, SameChange(then, *m.after)));
      }
    }
  }

  std::string Verb() const { return upgrade() ? "upgrade" : "downgrade"; }

  std::string Behind(const Instance& then, const Instance& first) const {
    std::string series = SeriesName(then.version, p_.granularity);
    return then.component + " moves to " + then.version.Normalized() + " while " + first.component +
           " is still at " + first.version.Normalized() + " in " + DescribeScope(then.scope) +
           "; " + Verb() + " " + first.component + " to " + series + " first, in an earlier change";
  }

  std::string SameChange(const Instance& then, const Instance& first) const {
    return then.component + " moves to " + then.version.Normalized() + " in the same change as " +
           first.component + " " + first.version.Normalized() + " in " + DescribeScope(then.scope) +
           ", and nothing applies " + first.component + " first; merge the " + first.component +
           " " + Verb() + " first, or order it with argocd.argoproj.io/sync-wave or Flux dependsOn";
  }

  OrderPolicy p_;
};

}  // namespace

std::unique_ptr<Check> MakeOrderCheck(OrderPolicy policy) {
  return std::make_unique<OrderCheck>(std::move(policy));
}

Result<OrderPolicy> ReadOrderPolicy(const PolicyDef& policy, const Config& config,
                                    OrderPolicy::Direction direction, Granularity fallback) {
  PolicyOptions options(policy, config, {"first", "then", "granularity"});
  OrderPolicy out;
  out.direction = direction;
  out.first = options.Components("first");
  out.then = options.Component("then");
  out.granularity = options.GranularityAt("granularity", fallback);
  if (!options.status().ok()) return options.status().error();
  return out;
}

}  // namespace skewlint
