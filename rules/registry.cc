#include "rules/registry.h"

#include <algorithm>

#include "linter/embedded_data.h"
#include "rules/compatibility.h"
#include "rules/crd_downgrade.h"
#include "rules/deprecated_field_in_use.h"
#include "rules/deprecated_field_removal.h"
#include "rules/downgrade_order.h"
#include "rules/experimental_feature.h"
#include "rules/forced_rollout.h"
#include "rules/image_digest.h"
#include "rules/minor_jump.h"
#include "rules/parse_error.h"
#include "rules/policy_changed.h"
#include "rules/policy_unmatched.h"
#include "rules/promotion_order.h"
#include "rules/removed_field_in_use.h"
#include "rules/unversioned.h"
#include "rules/upgrade_order.h"
#include "rules/version_skew.h"
#include "rules/zero_downtime.h"

namespace skewlint {
namespace {

using Kind = RuleSpec::Kind;

// Rules whose implementation has not landed yet: configuring one is an error
// that says so, rather than a policy that silently checks nothing.
Result<std::unique_ptr<Check>> NotYetAvailable(const PolicyDef& policy, const Config&) {
  return Error::At(policy.where, "rule '" + policy.rule + "' is not available in this build yet");
}

std::vector<RuleSpec> MakeRules() {
  std::vector<RuleSpec> rules = {
      {"version-skew", Severity::kError,
       "a state invariant between two components (or instances of one) inside a scope",
       Kind::kInvariant, MakeVersionSkew, nullptr},
      {"upgrade-order", Severity::kError,
       "a component moved to a newer series before its prerequisite reached it in an earlier "
       "change",
       Kind::kTransition, MakeUpgradeOrder, nullptr},
      {"downgrade-order", Severity::kError,
       "a component moved back before the components that must roll back first", Kind::kTransition,
       MakeDowngradeOrder, nullptr},
      {"minor-jump", Severity::kError,
       "one change moves a component more minors than its policy allows", Kind::kTransition,
       MakeMinorJump, nullptr},
      {"deprecated-field-removal", Severity::kError,
       "a CRD property was removed sooner than the deprecation window, or was never deprecated",
       Kind::kTransition, MakeDeprecatedFieldRemoval, nullptr},
      {"removed-field-in-use", Severity::kError,
       "a custom resource sets a field that the CRD at head no longer has", Kind::kInvariant,
       MakeRemovedFieldInUse, nullptr},
      {"deprecated-field-in-use", Severity::kWarning,
       "a custom resource sets a field the CRD marks deprecated", Kind::kInvariant,
       MakeDeprecatedFieldInUse, nullptr},
      {"crd-downgrade", Severity::kError,
       "CRDs moved to an older schema that lacks fields custom resources set", Kind::kTransition,
       MakeCrdDowngrade, nullptr},
      {"zero-downtime", Severity::kWarning,
       "an upgrade of a component whose availability requirements are not met", Kind::kTransition,
       MakeZeroDowntime, nullptr},
      {"forced-rollout", Severity::kNotice,
       "a change to only labels or annotations of a resource that rolls all its pods",
       Kind::kTransition, MakeForcedRollout, nullptr, /*per_file=*/true},
      {"experimental-feature", Severity::kWarning,
       "a change adds or edits configuration the vendor marks experimental", Kind::kTransition,
       MakeExperimentalFeature, nullptr, /*per_file=*/true},
      {"image-digest", Severity::kNotice, "a tracked image was bumped by tag without a digest",
       Kind::kTransition, MakeImageDigest, MakeDefaultImageDigest},
      {"promotion-order", Severity::kError,
       "an environment moved to a version the previous environment has not run for the bake time",
       Kind::kTransition, MakePromotionOrder, MakeDefaultPromotionOrder},
      {"unversioned", Severity::kWarning,
       "a tracked instance has no version, so no rule can check it", Kind::kTransition,
       MakeUnversioned, MakeDefaultUnversioned},
      {"parse-error", Severity::kError, "a file in the change could not be read as YAML",
       Kind::kTransition, MakeParseError, MakeDefaultParseError, /*per_file=*/true},
      {"compatibility", Severity::kError,
       "a component's series is paired, in its scope, with a version of another component "
       "outside the policy's matrix",
       Kind::kInvariant, MakeCompatibility, nullptr},
      {"policy-unmatched", Severity::kWarning,
       "a policy names a component that matches nothing, or meets two version lines without a "
       "matrix",
       Kind::kRun, MakePolicyUnmatched, MakeDefaultPolicyUnmatched},
      {"policy-changed", Severity::kNotice,
       "the change edits the config; it takes effect after merge", Kind::kTransition,
       NotYetAvailable, MakePolicyChanged},
  };
  std::sort(rules.begin(), rules.end(),
            [](const RuleSpec& a, const RuleSpec& b) { return a.id < b.id; });
  return rules;
}

}  // namespace

const std::vector<RuleSpec>& AllRules() {
  static const std::vector<RuleSpec> rules = MakeRules();
  return rules;
}

const RuleSpec* FindRule(std::string_view id) {
  for (const auto& rule : AllRules()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

std::string_view RuleDoc(std::string_view id) {
  for (const auto& doc : EmbeddedRuleDocs()) {
    if (doc.name == id) return doc.text;
  }
  return {};
}

}  // namespace skewlint
