#include "rules/crd_downgrade.h"

#include "linter/scope.h"
#include "rules/crd_util.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

class CrdDowngrade : public Check {
 public:
  explicit CrdDowngrade(std::vector<std::string> components) : components_(std::move(components)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const auto& component : components_) {
      std::vector<CrdView> before = CrdsOf(ctx.before, component);
      std::vector<CrdView> after = CrdsOf(ctx.after, component);
      for (const CrdView& b : before) {
        const CrdView* found = Counterpart(b, after, ctx.changed, true);
        if (!found || !found->instance->version.versioned || !b.instance->version.versioned ||
            !(found->instance->version < b.instance->version)) {
          continue;
        }
        const CrdView& a = *found;
        std::vector<std::string> uses;
        for (const CustomResource& r : ResourcesOf(ctx.after, a.schema, ctx.config)) {
          if (JudgeOf(r, after) != &a) continue;
          std::string lacking = Lacking(a.schema, b.schema, r);
          if (!lacking.empty()) uses.push_back(DescribeResource(r) + " (" + lacking + ")");
        }
        if (uses.empty()) continue;
        const Location& at = a.instance->location;
        out.push_back(CrdFinding(a, at.line, at.column, Message(b, a, uses)));
      }
    }
  }

 private:
  // What `r` sets that the newer schema had and the older one lacks.
  static std::string Lacking(const CrdSchema& older, const CrdSchema& newer,
                             const CustomResource& r) {
    const CrdApiVersion* now = older.Find(r.version);
    const CrdApiVersion* was = newer.Find(r.version);
    if (!was || !was->served) return "";
    if (!now || !now->served) return "API version " + r.version;
    std::string fields;
    for (const FieldUse& use : FieldsSet(*now, *r.root)) {
      if (use.known || !was->Find(use.path)) continue;
      fields += (fields.empty() ? "" : ", ") + use.shown;
    }
    return fields;
  }

  static std::string Message(const CrdView& b, const CrdView& a,
                             const std::vector<std::string>& uses) {
    const Instance& i = *a.instance;
    std::string listed;
    for (size_t n = 0; n < uses.size() && n < 5; ++n) listed += (n ? "; " : "") + uses[n];
    if (uses.size() > 5) listed += "; and " + std::to_string(uses.size() - 5) + " more";
    return i.component + " moves back from " + b.instance->version.Normalized() + " to " +
           i.version.Normalized() + " in " + DescribeScope(i.scope) + ", but the older schema of " +
           DescribeCrd(a.schema) + " lacks what custom resources set: " + listed +
           "; clear those fields from the resources first, then downgrade the CRDs explicitly "
           "(CRD rollbacks are not automatic)";
  }

  std::vector<std::string> components_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakeCrdDowngrade(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config, {"component"});
  auto components = CrdComponents(options, config);
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(new CrdDowngrade(std::move(components)));
}

}  // namespace skewlint
