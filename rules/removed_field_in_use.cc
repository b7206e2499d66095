#include "rules/removed_field_in_use.h"

#include "linter/scope.h"
#include "rules/crd_util.h"
#include "rules/policy_options.h"

namespace skewlint {
namespace {

class RemovedFieldInUse : public Check {
 public:
  explicit RemovedFieldInUse(std::vector<std::string> components)
      : components_(std::move(components)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    JudgeResources(
        ctx.after, ctx.config, components_, [](const CustomResource&) { return true; }, Judge, out,
        &memo_);
  }

 private:
  static std::vector<Finding> Judge(const CrdView& crd, const CustomResource& r) {
    std::vector<Finding> found;
    std::string who = DescribeResource(r) + " in " + DescribeScope(r.scope);
    const CrdApiVersion* version = crd.schema.Find(r.version);
    if (!version || !version->served) {
      found.push_back(ResourceFinding(
          crd, r, r.api_version_line, r.api_version_column,
          who + " uses " + r.ref.api_version + ", which " + crd.instance->component +
              " does not serve for " + DescribeCrd(crd.schema) + " (served: " +
              ServedNames(crd.schema) + "); move the resource to a served API version"));
      return found;
    }
    for (const FieldUse& use : FieldsSet(*version, *r.root)) {
      if (use.known) continue;
      found.push_back(ResourceFinding(
          crd, r, use.line, use.column,
          who + " sets " + use.shown + ", which " + crd.instance->component +
              " does not define for " + DescribeCrd(crd.schema, version->name) +
              "; remove the field from the resource, or keep the property in the CRD"));
      found.back().follows = PropertyRemovedCause(crd, version->name, use.path);
    }
    return found;
  }

  std::vector<std::string> components_;
  mutable JudgeMemo memo_;  // Judge reads only what JudgeMemo::KeyOf names
};

}  // namespace

Result<std::unique_ptr<Check>> MakeRemovedFieldInUse(const PolicyDef& policy,
                                                     const Config& config) {
  PolicyOptions options(policy, config, {"component"});
  auto components = CrdComponents(options, config);
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(new RemovedFieldInUse(std::move(components)));
}

}  // namespace skewlint
