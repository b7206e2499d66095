#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace skewlint {

/// The length of the well-formed UTF-8 sequence at the start of `text`
/// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or 0
/// when it does not start with one (or is empty).
size_t Utf8SequenceLength(std::string_view text);

/// Whether all of `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

/// `text` with every byte that is not part of a well-formed UTF-8 sequence
/// replaced by U+FFFD, one per byte: the way reports print it.
std::string ReplaceInvalidUtf8(std::string_view text);

}  // namespace skewlint
