#include "rules/unversioned.h"

#include <algorithm>

#include "linter/scope.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

class Unversioned : public Check {
 public:
  Unversioned(bool enabled, std::vector<std::string> components)
      : enabled_(enabled), components_(std::move(components)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    if (!enabled_) return;
    for (const Moved& m : MatchInstances(ctx.before, ctx.after, ctx.changed)) {
      if (!m.after || m.after->version.versioned || !Tracked(m.after->component)) continue;
      if (m.before && m.before->version.raw == m.after->version.raw) continue;
      out.push_back(MakeFinding(*m.after, Message(*m.after)));
    }
  }

 private:
  bool Tracked(const std::string& component) const {
    return components_.empty() ||
           std::find(components_.begin(), components_.end(), component) != components_.end();
  }

  static std::string Message(const Instance& at) {
    const Version& v = at.version;
    std::string head = at.component + " in " + DescribeScope(at.scope);
    std::string why = ", so no version rule can check it";
    if (v.raw.empty()) return head + " has no version at all" + why + "; pin a released version";
    std::string is = head + " is set to '" + v.raw + "'";
    if (!v.digest.empty()) {
      return is + ", a digest with no version" + why +
             "; write the released version in front of the digest (1.2.3@sha256:...)";
    }
    return is + ", which names no version" + why +
           "; pin a released version (1.2.3, or 1.2.3@sha256:... to pin the digest too)";
  }

  bool enabled_;
  std::vector<std::string> components_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakeUnversioned(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config, {"component"});
  auto components = options.Components("component", false);
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(new Unversioned(true, std::move(components)));
}

std::unique_ptr<Check> MakeDefaultUnversioned(const Config& config) {
  return std::make_unique<Unversioned>(!HasPolicyFor(config, "unversioned"),
                                       std::vector<std::string>{});
}

}  // namespace skewlint
