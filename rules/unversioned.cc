#include "rules/unversioned.h"

#include <algorithm>
#include <set>

#include "linter/scope.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

class Unversioned : public Check {
 public:
  Unversioned(bool enabled, std::vector<std::string> components,
              std::set<std::string> crds_versioned = {})
      : enabled_(enabled),
        components_(std::move(components)),
        crds_versioned_(std::move(crds_versioned)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    if (!enabled_) return;
    auto matched = MatchInstances(ctx);
    for (const Moved& m : *matched) {
      if (!m.after || m.after->version.versioned || !Tracked(m.after->component)) continue;
      if (m.after->locator == "crd" && crds_versioned_.count(m.after->component)) continue;
      if (m.before && m.before->version.raw == m.after->version.raw &&
          m.before->version_from == m.after->version_from) {
        continue;
      }
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
    if (!at.version_from.empty()) {
      return head + " takes its tag from the appVersion of " + at.version_from + " (image " +
             at.image + " with no tag), which the repository does not hold" + why +
             "; set the tag in the release's values, or track the chart with a chart locator on " +
             at.component;
    }
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
  std::set<std::string> crds_versioned_;  // CRDs a policy versions without labels
};

// Components whose CRDs a deprecated-field-removal policy versions by other
// means than labels (release tags, a version file, a literal version): an
// unlabelled CRD of theirs is not unversioned.
std::set<std::string> CrdsVersionedByPolicy(const Config& config) {
  std::set<std::string> out;
  for (const PolicyDef& policy : config.policies) {
    const YamlNode* options = policy.options.get();
    if (policy.rule != "deprecated-field-removal" || !options || !options->IsMap()) continue;
    if (options->ScalarAt("version_from") != "tags" && !options->Get("version") &&
        !options->Get("version_file")) {
      continue;
    }
    const YamlNode* component = options->Get("component");
    if (component && component->IsScalar()) out.insert(component->scalar);
    for (const auto& item :
         component && component->IsSequence() ? component->items : std::vector<YamlNodePtr>{}) {
      if (item->IsScalar()) out.insert(item->scalar);
    }
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Check>> MakeUnversioned(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config, {"component"});
  auto components = options.Components("component", false);
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(new Unversioned(true, std::move(components)));
}

std::unique_ptr<Check> MakeDefaultUnversioned(const Config& config) {
  return std::make_unique<Unversioned>(!HasPolicyFor(config, "unversioned"),
                                       std::vector<std::string>{}, CrdsVersionedByPolicy(config));
}

}  // namespace skewlint
