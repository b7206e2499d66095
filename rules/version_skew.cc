#include "rules/version_skew.h"

#include "linter/scope.h"
#include "rules/matrix.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

enum class Mode { kNewer, kOlder, kWithin };

class VersionSkew : public Check {
 public:
  VersionSkew(Mode mode, std::string a, std::string b, Allowance allow, Adjacency adjacency,
              std::optional<Matrix> matrix)
      : mode_(mode),
        a_(std::move(a)),
        b_(std::move(b)),
        allow_(allow),
        adjacency_(std::move(adjacency)),
        matrix_(std::move(matrix)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const auto& scope : ctx.after.Scopes()) {
      auto as = ctx.after.Of(a_, scope);
      const Instance* oldest = Oldest(ctx.after.Of(b_, scope));
      if (!oldest) continue;
      for (const Instance* a : as) {
        if (a == oldest) continue;
        if (matrix_) {
          JudgeByMatrix(ctx, *a, *oldest, out);
        } else if (Violates(*a, *oldest)) {
          out.push_back(Report(ctx, *a, *oldest, Message(*a, *oldest)));
        }
      }
    }
  }

 private:
  // Between two components, numbers compare only on one version line;
  // policy-unmatched reports the pairs skipped here.
  bool Violates(const Instance& a, const Instance& oldest) const {
    if (mode_ != Mode::kWithin && !OnOneLine(a.version, oldest.version, adjacency_)) return false;
    if (mode_ == Mode::kOlder) return allow_.Exceeded(oldest.version, a.version, adjacency_);
    return allow_.Exceeded(a.version, oldest.version, adjacency_);
  }

  // Points at the side the change moved, so the finding lands on the diff.
  Finding Report(const RuleContext& ctx, const Instance& a, const Instance& oldest,
                 std::string message) const {
    const Instance& at =
        !ctx.Changed(a.location.path) && ctx.Changed(oldest.location.path) ? oldest : a;
    Finding f = MakeFinding(at, std::move(message));
    f.component = a.component;
    if (&at == &a && mode_ == Mode::kNewer) {
      std::string va = a.version.Normalized();
      f.prerequisite = Prerequisite{
          b_,
          allow_.kind == Allowance::Kind::kNone ? va : SeriesName(a.version, Granularity::kMinor),
          oldest.version.Normalized(), va};
    } else if (&at == &oldest) {
      f.follows = MoveCause(oldest);
    }
    return f;
  }

  // A series with no row is left to policy-unmatched.
  void JudgeByMatrix(const RuleContext& ctx, const Instance& a, const Instance& oldest,
                     std::vector<Finding>& out) const {
    if (!a.version.versioned || !oldest.version.versioned) return;
    MatrixJudgement j = Judge(*matrix_, a_, a.version, oldest.version);
    if (j.kind != MatrixJudgement::Kind::kIncompatible) return;
    bool a_keyed = matrix_->keyed == a_;
    std::string message =
        DescribeMismatch(*matrix_, *j.row, a_keyed ? a : oldest, a_keyed ? oldest : a);
    out.push_back(Report(ctx, a, oldest, std::move(message)));
  }

  std::string Message(const Instance& a, const Instance& oldest) const {
    std::string where = " in " + DescribeScope(a.scope);
    std::string va = a.version.Normalized();
    std::string vb = oldest.version.Normalized();
    std::string other = " the oldest " + oldest.component + " " + vb;
    if (mode_ == Mode::kOlder) {
      return a_ + " " + va + " is too far behind" + other + where + " (" + allow_.Describe() +
             " is supported); upgrade " + a_ + " to " +
             SeriesName(oldest.version, Granularity::kMinor) + " before moving " + b_ + " further";
    }
    if (mode_ == Mode::kWithin) {
      return a_ + " " + va + " is too far ahead of" + other + where + " (" + allow_.Describe() +
             " is supported between instances); bring every " + a_ + " within range first";
    }
    if (allow_.kind == Allowance::Kind::kNone) {
      return a_ + " " + va + " would be newer than" + other + where + "; upgrade every " + b_ +
             " to at least " + va + " first";
    }
    return a_ + " " + va + " is too far ahead of" + other + where + " (" + allow_.Describe() +
           " is supported); upgrade " + b_ + " to " + SeriesName(a.version, Granularity::kMinor) +
           " first";
  }

  Mode mode_;
  std::string a_;
  std::string b_;
  Allowance allow_;
  Adjacency adjacency_;
  std::optional<Matrix> matrix_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakeVersionSkew(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config, {"newer", "older", "within", "than", "allow", "matrix"});
  int modes = options.Has("newer") + options.Has("older") + options.Has("within");
  if (modes != 1) options.Fail("expected exactly one of newer, older or within");
  Mode mode = options.Has("within")  ? Mode::kWithin
              : options.Has("older") ? Mode::kOlder
                                     : Mode::kNewer;
  std::string a = options.Component(mode == Mode::kWithin  ? "within"
                                    : mode == Mode::kOlder ? "older"
                                                           : "newer");
  std::string b = mode == Mode::kWithin ? a : options.Component("than");
  if (mode == Mode::kWithin && options.Has("than")) options.FailAt("than", "not used with within");
  if (mode == Mode::kWithin && options.Has("matrix"))
    options.FailAt("matrix", "not used with within");
  bool by_matrix = options.Has("matrix");
  if (by_matrix && options.Has("allow")) {
    options.FailAt("allow", "not used with matrix (the matrix says which versions work together)");
  }
  auto allow = by_matrix ? Allowance{} : options.AllowanceAt("allow");
  std::optional<Matrix> matrix;
  if (by_matrix && options.status().ok()) matrix = ReadMatrixOption(options, "matrix", a, {b});
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(
      new VersionSkew(mode, a, b, *allow, policy.adjacency, std::move(matrix)));
}

}  // namespace skewlint
