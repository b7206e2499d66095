#pragma once

#include <optional>

#include "linter/config.h"
#include "linter/config_reader.h"

namespace skewlint {

/// Reads one entry of a component's `locators:` list:
///   image: RE2                      chart_app_version: RE2
///   chart: RE2 | {name: RE2, unless_values: {KEY: VALUE}}
///   crd: RE2 | {group: RE2, label: NAME, annotation: NAME}
///   field: {kind: KIND, path: a.b.c, apiVersion: RE2, name: RE2, namespace: RE2}
/// (`name` and `namespace` filter on the resource's metadata, so a locator
/// can pick one HelmRelease or GitRepository among many)
/// Fails the reader with the position and what was expected.
std::optional<Locator> ReadLocator(ConfigReader& reader, const YamlNode* node);

}  // namespace skewlint
