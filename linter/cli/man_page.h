#pragma once

#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace skewlint {

/// The skewlint(1) man page, in roff: the help of `app` and of each of its
/// visible subcommands, then every registered rule with its documentation.
/// The build writes it with `skewlint man`, so it cannot drift from the
/// program.
std::string ManPage(const CLI::App& app);

/// Renders the Markdown of a rule doc (headings, paragraphs, lists, tables,
/// code blocks, `code` and **strong**) as roff body text.
std::string MarkdownToRoff(std::string_view markdown);

/// Escapes plain text for roff: backslashes, hyphens, and a leading `.` or
/// `'` that would read as a request.
std::string RoffEscape(std::string_view text);

}  // namespace skewlint
