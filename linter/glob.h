#pragma once

#include <string>
#include <string_view>

namespace skewlint {

/// Translates a path glob into an anchored re2 pattern. `*` matches within a
/// path segment, `?` one character of a segment, `**/` any number of leading
/// directories (zero included), a trailing `/**` everything below, and
/// `[...]` a character class. A glob with no '/' matches the file name at
/// any depth (as .gitignore does): `*.yaml` keeps `a/b/c.yaml`.
std::string GlobToRegex(std::string_view glob);

}  // namespace skewlint
