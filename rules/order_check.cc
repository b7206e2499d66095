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
  // Judged by the matrix when it relates `first` to THEN: then `target` is
  // the new version of THEN, and a series with no row is not judged.
  bool ByMatrix(const std::string& first) const {
    return p_.matrix && (p_.matrix->source.empty() || p_.matrix->Relates(first, p_.then));
  }
  enum class Reach { kReached, kBehind, kUnjudged };
  Reach Reached(const std::string& first, const Version& v, const Version& target) const {
    if (ByMatrix(first)) {
      switch (Judge(*p_.matrix, p_.then, target, v).kind) {
        case MatrixJudgement::Kind::kCompatible:
          return Reach::kReached;
        case MatrixJudgement::Kind::kIncompatible:
          return Reach::kBehind;
        case MatrixJudgement::Kind::kNoRow:
          return Reach::kUnjudged;
      }
    }
    // Different version lines are never compared (policy-unmatched says so).
    if (!OnOneLine(v, target, p_.adjacency)) return Reach::kUnjudged;
    return Sign(CompareSeries(v, target, p_.granularity)) >= 0 ? Reach::kReached : Reach::kBehind;
  }

  void CheckFirst(const RuleContext& ctx, const Instance& then, const std::string& first,
                  std::vector<Finding>& out) const {
    for (const Moved& m : MatchInstances(ctx.before, ctx.after, first, then.scope, ctx.changed)) {
      if (!m.after || !m.after->version.versioned) continue;
      Reach now = Reached(first, m.after->version, then.version);
      if (now == Reach::kUnjudged) continue;
      if (m.before && m.before->version.versioned &&
          Reached(first, m.before->version, then.version) == Reach::kReached) {
        continue;
      }
      if (now == Reach::kBehind) {
        out.push_back(MakeFinding(then, Behind(then, *m.after)));
        out.back().prerequisite =
            Prerequisite{first, SeriesName(then.version, p_.granularity),
                         m.after->version.Normalized(), then.version.Normalized()};
      } else if (!AppliedBefore(*m.after, then, ctx.after)) {
        out.push_back(MakeFinding(then, SameChange(then, *m.after)));
      }
    }
  }

  std::string Verb() const { return upgrade() ? "upgrade" : "downgrade"; }

  std::string Behind(const Instance& then, const Instance& first) const {
    if (ByMatrix(first.component)) return BehindMatrix(then, first);
    std::string series = SeriesName(then.version, p_.granularity);
    return then.component + " moves to " + then.version.Normalized() + " while " + first.component +
           " is still at " + first.version.Normalized() + " in " + DescribeScope(then.scope) +
           "; " + Verb() + " " + first.component + " to " + series + " first, in an earlier change";
  }

  std::string BehindMatrix(const Instance& then, const Instance& first) const {
    const Matrix& matrix = *p_.matrix;
    const Matrix::Row& row = *Judge(matrix, p_.then, then.version, first.version).row;
    std::string head = then.component + " moves to " + then.version.Normalized() + " while " +
                       first.component + " is still at " + first.version.Normalized() + " in " +
                       DescribeScope(then.scope) + "; " + matrix.Name();
    std::string tail = " first, in an earlier change";
    if (matrix.keyed == p_.then) {
      return head + " needs " + first.component + " " + row.range.text() + " for " +
             then.component + " " + row.series + "; " + Verb() + " " + first.component + " into " +
             row.range.text() + tail;
    }
    return head + " gives " + first.component + " " + row.series + " only " + then.component + " " +
           row.range.text() + "; " + Verb() + " " + first.component +
           " to a series whose row holds " + then.component + " " + then.version.Normalized() +
           tail;
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
  PolicyOptions options(policy, config, {"first", "then", "granularity", "matrix"});
  OrderPolicy out;
  out.direction = direction;
  out.first = options.Components("first");
  out.then = options.Component("then");
  out.granularity = options.GranularityAt("granularity", fallback);
  out.adjacency = policy.adjacency;
  if (options.Has("matrix")) out.matrix = ReadMatrixOption(options, "matrix", out.then, out.first);
  if (!options.status().ok()) return options.status().error();
  return out;
}

}  // namespace skewlint
