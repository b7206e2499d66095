#pragma once

#include <functional>
#include <optional>
#include <string>

#include "linter/repository.h"
#include "linter/result.h"

namespace skewlint {

/// Reads an environment variable; injectable so tests need not set the
/// process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnv();

/// Where the range comes from when `--base` is absent (SPEC §2).
struct DetectedRange {
  std::string base;
  std::string head;    ///< "" = keep --head
  std::string source;  ///< "github pull_request", "pre-commit", "upstream", …
};

/// Inside GitHub Actions on a pull_request(_target) event: the event's
/// pull_request.base.sha; inside pre-commit's pre-push stage:
/// PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF; otherwise the branch's
/// upstream, origin/HEAD, main, master. Fails (exit 2) saying how to pass
/// --base when none resolves.
Result<DetectedRange> DetectBase(Repository& repository, const EnvLookup& env);

}  // namespace skewlint
