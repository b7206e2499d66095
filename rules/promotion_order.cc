#include "rules/promotion_order.h"

#include <algorithm>
#include <cmath>

#include "linter/scope.h"
#include "rules/history.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

constexpr size_t kMaxCommits = 2000;

/// The version an instance runs, as promotion compares it: version and
/// variant, and the digest when `target` is pinned by one.
bool Runs(const Instance& i, const Version& target) {
  const Version& v = i.version;
  if (!v.versioned || v.Compare(target) != 0 || v.variant != target.variant) return false;
  return target.digest.empty() || v.digest == target.digest;
}

std::string Shown(const Version& v) {
  std::string text = v.Normalized() + (v.variant.empty() ? "" : "-" + v.variant);
  return v.digest.empty() ? text : text + "@" + v.digest;
}

/// "23h", "1h 30m", "45m".
std::string Duration(int64_t seconds) {
  int64_t minutes = std::max<int64_t>(0, (seconds + 59) / 60);
  int64_t hours = minutes / 60;
  minutes %= 60;
  if (hours == 0) return std::to_string(minutes) + "m";
  return std::to_string(hours) + "h" + (minutes ? " " + std::to_string(minutes) + "m" : "");
}

std::string Hours(double hours) {
  return Duration(static_cast<int64_t>(std::llround(hours * 3600)));
}

class PromotionOrder : public Check {
 public:
  PromotionOrder(std::vector<std::string> order, double bake_hours,
                 std::vector<std::string> components)
      : order_(std::move(order)), bake_hours_(bake_hours), components_(std::move(components)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    auto matched = MatchInstances(ctx);
    for (const Moved& m : *matched) {
      if (!m.before || !m.after || !Tracked(m.after->component) || !Promotes(m)) continue;
      auto position = std::find(order_.begin(), order_.end(), m.after->scope);
      if (position == order_.end() || position == order_.begin()) continue;
      std::string problem = Judge(ctx, *m.after, *(position - 1));
      if (!problem.empty()) out.push_back(MakeFinding(*m.after, problem));
    }
  }

 private:
  bool Tracked(const std::string& component) const {
    return components_.empty() ||
           std::find(components_.begin(), components_.end(), component) != components_.end();
  }

  static bool Promotes(const Moved& m) {
    const Version& from = m.before->version;
    const Version& to = m.after->version;
    if (!to.versioned) return false;
    if (!from.versioned) return true;
    auto c = to.Compare(from);
    return c > 0 || (c == 0 && !to.digest.empty() && to.digest != from.digest);
  }

  /// Instances of the moved component in `scope`: those of the same
  /// resource and locator when there are any, else all of them.
  static std::vector<const Instance*> Counterparts(const State& state, const Instance& moved,
                                                   const std::string& scope) {
    std::vector<const Instance*> all = state.Of(moved.component, scope);
    std::vector<const Instance*> same;
    for (const Instance* i : all) {
      if (i->resource.kind == moved.resource.kind && i->resource.name == moved.resource.name &&
          i->locator == moved.locator) {
        same.push_back(i);
      }
    }
    return same.empty() ? all : same;
  }

  static bool RunsIn(const State& state, const Instance& moved, const std::string& scope) {
    auto list = Counterparts(state, moved, scope);
    return std::any_of(list.begin(), list.end(),
                       [&moved](const Instance* i) { return Runs(*i, moved.version); });
  }

  std::string Judge(const RuleContext& ctx, const Instance& moved,
                    const std::string& previous) const {
    std::string head = moved.component + " moves to " + Shown(moved.version) + " in " +
                       DescribeScope(moved.scope) + " but ";
    std::string bake = bake_hours_ > 0 ? " and let it bake for " + Hours(bake_hours_) : "";
    if (!RunsIn(ctx.before, moved, previous)) {
      const Instance* there = Newest(Counterparts(ctx.before, moved, previous));
      std::string runs = there ? " (it runs " + Shown(there->version) + ")" : " (it has none)";
      return head + DescribeScope(previous) + " does not run it yet" + runs + "; promote it to " +
             previous + " first" + bake;
    }
    if (bake_hours_ <= 0) return "";
    if (!ctx.history || ctx.before.rev.empty()) {
      return head + "the repository history is not available to tell how long " +
             DescribeScope(previous) + " has run it; wait for the " + Hours(bake_hours_) +
             " bake time before promoting";
    }
    Running running = RunningSince(ctx, moved, previous);
    int64_t need = static_cast<int64_t>(std::llround(bake_hours_ * 3600));
    int64_t ran = ctx.now - running.since;
    if (ran >= need) return "";
    if (!running.cut_at.empty()) {
      return head + "the history that shows how long " + DescribeScope(previous) +
             " has run it ends at commit " + running.cut_at.substr(0, 12) + " (" +
             Duration(std::max<int64_t>(ran, 0)) + " ago), where " + DescribeScope(previous) +
             " already ran it; fetch the full history (actions/checkout with fetch-depth: 0, or "
             "git fetch --unshallow) so the " +
             Hours(bake_hours_) + " bake time can be measured";
    }
    return head + DescribeScope(previous) + " has run it for only " +
           Duration(std::max<int64_t>(ran, 0)) + " of the " + Hours(bake_hours_) +
           " bake time; wait " + Duration(need - ran) + " more before promoting to " + moved.scope;
  }

  struct Running {
    int64_t since = 0;   ///< commit time from which it has run
    std::string cut_at;  ///< the last commit the history holds, when it ran there too
  };

  /// Commit time of the oldest first-parent ancestor of the base from which
  /// `previous` has run the version without a break; stops early once the
  /// bake time is covered. When the walk runs out of commits that still run
  /// it (a shallow clone's boundary, whose parents the history lacks, or the
  /// walk's limit), the true start is older than it can tell: `cut_at`.
  Running RunningSince(const RuleContext& ctx, const Instance& moved,
                       const std::string& previous) const {
    int64_t need = static_cast<int64_t>(std::llround(bake_hours_ * 3600));
    Running out{ctx.now, ""};
    // The walk mostly stops within a few commits: the ancestry is asked
    // for in growing batches, not 2,000 commits at every step.
    std::vector<CommitInfo> ancestry;
    size_t checked = 0;
    for (size_t limit : {size_t{16}, size_t{256}, kMaxCommits}) {
      ancestry = ctx.history->Ancestry(ctx.before.rev, limit);
      for (; checked < ancestry.size(); ++checked) {
        const CommitInfo& commit = ancestry[checked];
        const State* state = ctx.history->StateAt(commit.id);
        if (!state || !RunsIn(*state, moved, previous)) return out;
        out.since = commit.time;
        if (ctx.now - out.since >= need) return out;
      }
      if (ancestry.size() < limit) break;  // the history has no more
    }
    if (!ancestry.empty() && !ancestry.back().parents.empty()) out.cut_at = ancestry.back().id;
    return out;
  }

  std::vector<std::string> order_;
  double bake_hours_;
  std::vector<std::string> components_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakePromotionOrder(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config, {"component", "order", "bake_hours"});
  auto components = options.Components("component", false);
  std::vector<std::string> order = options.Strings("order");
  if (!options.Has("order")) order = config.promotion.order;
  double bake = options.Number("bake_hours", false).value_or(config.promotion.bake_hours);
  if (bake < 0) options.FailAt("bake_hours", "expected a number of hours, 0 or more");
  if (options.status().ok() && order.empty()) {
    options.Fail("no promotion order: set order: here or promotion.order in the config");
  }
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(new PromotionOrder(std::move(order), bake, std::move(components)));
}

std::unique_ptr<Check> MakeDefaultPromotionOrder(const Config& config) {
  bool configured = std::any_of(config.policies.begin(), config.policies.end(),
                                [](const PolicyDef& p) { return p.rule == "promotion-order"; });
  std::vector<std::string> order = configured ? std::vector<std::string>{} : config.promotion.order;
  return std::make_unique<PromotionOrder>(std::move(order), config.promotion.bake_hours,
                                          std::vector<std::string>{});
}

}  // namespace skewlint
