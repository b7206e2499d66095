#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/location.h"
#include "linter/repository.h"
#include "linter/result.h"

namespace skewlint {

/// One image repository, chart or CRD group found at a revision, with every
/// version and scope it is found at (`skewlint init --detect`).
struct DetectedItem {
  enum class Kind { kImage, kChart, kCrd };
  Kind kind = Kind::kImage;
  std::string name;                   ///< image repository, chart name, CRD group
  std::vector<std::string> versions;  ///< normalized, oldest first; unversioned left out
  std::vector<std::string> scopes;    ///< sorted; "" is the whole repository
  Location first;                     ///< where it is first found
  /// The built-in preset component that already tracks it, or "".
  std::string preset_component;
  std::string component;  ///< the component name the written config gives it, or ""
};

struct Detection {
  std::string rev;
  std::vector<DetectedItem> items;   ///< images, then charts, then CRD groups, by name
  std::vector<std::string> presets;  ///< built-in presets with an instance at `rev`
};

/// Reads `rev` of the repository with every built-in preset and with
/// locators that match every image, chart and CRD group.
Result<Detection> Detect(Repository& repository, std::string_view rev);

/// What was found, one line per item, for the terminal.
std::string DescribeDetection(const Detection& detection);

/// A `.skewlint.yaml` with the presets that apply, a component for each
/// versioned item no preset tracks (anchored locators named after it), and
/// commented-out policy suggestions. It loads (Detect's caller checks).
std::string DetectedConfig(const Detection& detection);

}  // namespace skewlint
