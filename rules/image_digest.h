#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `image-digest`: an image (or image tag field) that the change moves to
/// another version by tag alone, with no digest. A digest-only bump, and a
/// bump that pins the new digest, are clean; chart and CRD versions are
/// never images. Runs with no policy entry for every component; policies
/// (`component:` one name or a list) replace that default and narrow it.
Result<std::unique_ptr<Check>> MakeImageDigest(const PolicyDef& policy, const Config& config);
std::unique_ptr<Check> MakeDefaultImageDigest(const Config& config);

}  // namespace skewlint
