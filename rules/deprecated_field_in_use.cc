#include "rules/deprecated_field_in_use.h"

#include "linter/scope.h"
#include "rules/crd_util.h"
#include "rules/policy_options.h"

namespace skewlint {
namespace {

class DeprecatedFieldInUse : public Check {
 public:
  explicit DeprecatedFieldInUse(std::vector<std::string> components)
      : components_(std::move(components)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    JudgeResources(
        ctx.after, ctx.config, components_,
        [&ctx](const CustomResource& r) { return ctx.Changed(r.path); }, Judge, out, &memo_);
  }

 private:
  static std::string Marks(const CrdView& crd, const std::string& api,
                           const DeprecationMarker& marker) {
    const Instance& i = *crd.instance;
    std::string version = i.version.versioned ? " " + i.version.Normalized() : "";
    return ", which " + i.component + version + " marks deprecated in " +
           DescribeCrd(crd.schema, api) + " (" + ShortMarker(marker) + ")";
  }

  static std::vector<Finding> Judge(const CrdView& crd, const CustomResource& r) {
    std::vector<Finding> found;
    const CrdApiVersion* version = crd.schema.Find(r.version);
    if (!version || !version->served) return found;  // removed-field-in-use reports it
    std::string who = DescribeResource(r) + " in " + DescribeScope(r.scope);
    if (version->deprecation) {
      found.push_back(ResourceFinding(
          crd, r, r.api_version_line, r.api_version_column,
          who + " uses " + r.ref.api_version + Marks(crd, "", *version->deprecation) +
              "; move the resource to a newer API version (served: " + ServedNames(crd.schema) +
              ") before it is removed"));
    }
    for (const FieldUse& use : FieldsSet(*version, *r.root)) {
      const DeprecationMarker* marker = use.known ? version->MarkerOf(use.path) : nullptr;
      if (!marker) continue;
      found.push_back(ResourceFinding(crd, r, use.line, use.column,
                                      who + " sets " + use.shown +
                                          Marks(crd, version->name, *marker) +
                                          "; move to its replacement before the field is removed"));
    }
    return found;
  }

  std::vector<std::string> components_;
  mutable JudgeMemo memo_;  // Judge reads only what JudgeMemo::KeyOf names
};

}  // namespace

Result<std::unique_ptr<Check>> MakeDeprecatedFieldInUse(const PolicyDef& policy,
                                                        const Config& config) {
  PolicyOptions options(policy, config, {"component"});
  auto components = CrdComponents(options, config);
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(new DeprecatedFieldInUse(std::move(components)));
}

}  // namespace skewlint
