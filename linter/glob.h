#pragma once

#include <string>
#include <string_view>

namespace re2 {
class RE2;
}  // namespace re2

namespace skewlint {

/// Translates a path glob into an anchored re2 pattern. `*` matches within a
/// path segment, `?` one character of a segment, `**/` any number of leading
/// directories (zero included), a trailing `/**` everything below, and
/// `[...]` a character class (`[!...]` negated; neither matches '/'). A glob
/// with no '/' matches the file name at any depth (as .gitignore does):
/// `*.yaml` keeps `a/b/c.yaml`. Any character, a line break included, can be
/// part of a name.
std::string GlobToRegex(std::string_view glob);

/// Whether `glob` (a pattern from GlobToRegex, compiled as UTF-8) matches all
/// of `path`. Paths are bytes and need not be UTF-8: each byte that is not
/// part of well-formed UTF-8 is matched as U+FFFD, the character reports
/// print for it, so `*` and `?` match it and no such file is silently left
/// out of `paths.include`.
bool GlobMatchesPath(const re2::RE2& glob, std::string_view path);

}  // namespace skewlint
