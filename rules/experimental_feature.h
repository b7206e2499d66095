#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `experimental-feature`: a change adds or edits configuration the vendor
/// marks experimental, which its compatibility guarantees do not cover. Two
/// places are compared before and after the change (removing it is clean):
///   - `block { … }` sections (HCL, or SPIRE's JSON form) inside the ConfigMap
///     `data` keys listed in `config_keys`; reported at the block's line;
///   - the Helm values at `values_paths` (dotted) of the charts whose name
///     matches `charts` (re2): Flux HelmRelease values, Argo CD valuesObject,
///     Kustomize valuesInline, and values*.yaml files (see helm_values.h).
/// Keys: `config_keys` (default [server.conf, agent.conf]), `block` (default
/// experimental), `values_paths` (default none), `charts` (re2, required with
/// values_paths), `component` (optional: named in the findings).
Result<std::unique_ptr<Check>> MakeExperimentalFeature(const PolicyDef& policy,
                                                       const Config& config);

}  // namespace skewlint
