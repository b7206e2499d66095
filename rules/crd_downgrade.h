#pragma once

#include <memory>

#include "rules/rule.h"

namespace skewlint {

/// `crd-downgrade`: key `component: C` (one or a list of components located
/// by `crd:`). A CRD of C moves to an older version whose schema lacks
/// fields (or API versions) that custom resources in the repository set and
/// that the newer schema had. Each file's CRD is compared with itself before
/// the change (a copy in another file is another instance), and only with
/// the resources it judges (JudgeOf, crd_util.h). One finding per CRD file,
/// at its version, naming the resources and fields; the fix is to clear those fields first and
/// then downgrade the CRDs explicitly (CRD rollbacks are not automatic).
Result<std::unique_ptr<Check>> MakeCrdDowngrade(const PolicyDef& policy, const Config& config);

}  // namespace skewlint
