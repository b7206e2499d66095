#include "rules/minor_jump.h"

#include "linter/scope.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

class MinorJump : public Check {
 public:
  MinorJump(std::vector<std::string> components, uint64_t max, Adjacency adjacency)
      : components_(std::move(components)), max_(max), adjacency_(std::move(adjacency)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    auto matched = MatchInstances(ctx);
    for (const Moved& m : *matched) {
      if (!m.before || !m.after || !Tracked(m.after->component)) continue;
      const Version& from = m.before->version;
      const Version& to = m.after->version;
      if (!from.versioned || !to.versioned || to <= from) continue;
      auto distance = MinorDistance(from, to, adjacency_);
      if (distance && *distance <= max_) continue;
      out.push_back(MakeFinding(*m.after, Message(*m.after, from, distance)));
      out.back().cause = MoveCause(*m.after);
    }
  }

 private:
  bool Tracked(const std::string& component) const {
    return std::find(components_.begin(), components_.end(), component) != components_.end();
  }

  std::string Message(const Instance& at, const Version& from,
                      std::optional<uint64_t> distance) const {
    std::string head = at.component + " jumps from " + from.Normalized() + " to " +
                       at.version.Normalized() + " in one change in " + DescribeScope(at.scope);
    std::string limit = "at most " + Minors(max_) + " per upgrade is supported";
    if (!distance) {
      return head + " across major versions (" + limit + "); upgrade to the last minor of " +
             std::to_string(from.major) + ".x first, or declare the series adjacent";
    }
    Version next = Version::Make(from.major, from.minor + max_, 0);
    return head + " (" + Minors(*distance) + "; " + limit + "); upgrade to " +
           SeriesName(next, Granularity::kMinor) + " first";
  }

  std::vector<std::string> components_;
  uint64_t max_;
  Adjacency adjacency_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakeMinorJump(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config, {"component", "max"});
  auto components = options.Components("component");
  double max = options.Number("max", false).value_or(1);
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(
      new MinorJump(components, static_cast<uint64_t>(max), policy.adjacency));
}

}  // namespace skewlint
