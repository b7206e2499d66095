#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace skewlint {

/// Renders a rule page (`skewlint explain`, CommonMark as the rule docs use
/// it) as text for a terminal: headings underlined (`=` and `-`), tables as
/// aligned columns (the last column wrapped to fit `width`), fenced code
/// indented by four spaces, list items and paragraphs as written, and the
/// inline markup (`**bold**`, `` `code` ``, `[text](url)`, `\` escapes)
/// resolved, so no backtick or table pipe is left. With `color`, headings
/// and bold text are bold and code is cyan (ANSI); without, code is set in
/// single quotes so that it still stands out.
std::string MarkdownToText(std::string_view markdown, bool color, size_t width = 100);

}  // namespace skewlint
