#pragma once

#include "linter/extract.h"
#include "linter/extract_util.h"

namespace skewlint {

/// Chart locators in one document: Flux HelmRelease, Argo CD Application
/// (`source` and `sources[]`) and Kustomize `helmCharts[]`, each with the
/// values it passes (for `unless_values`).
void ReadCharts(const DocContext& ctx, FileInstances& out);

/// A `Chart.yaml`: chart locators on `dependencies[]`, and `appVersion`
/// candidates for chart_app_version locators matching its `name`.
void ReadChartYaml(const FileFacts& file, const Config& config, FileInstances& out);

}  // namespace skewlint
