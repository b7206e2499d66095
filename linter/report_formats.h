#pragma once

#include <string>
#include <string_view>

#include "linter/report.h"

namespace skewlint {

/// sarif: SARIF 2.1.0 as GitHub code scanning takes it. One run;
/// every rule in `tool.driver.rules` (help from its `skewlint explain`
/// page); results with repository-relative URIs under `%SRCROOT%`, levels
/// error/warning/note, `partialFingerprints` that do not depend on line
/// numbers, and `suppressions` for suppressed findings. Deterministic.
std::string RenderSarif(const Report& report);

/// github: one workflow command per unsuppressed finding
/// (`::error file=…,line=…,col=…,title=RULE (POLICY)::message`), escaped
/// like the Actions toolkit, then the range line (RangeLine) as a plain log
/// line and the text summary line, each after "skewlint: ".
std::string RenderGithub(const Report& report);

/// markdown: counts, the component changes and the unsuppressed
/// findings as Markdown tables (each capped at kMarkdownRows rows, with a
/// note of how many were left out); for a PR comment or
/// $GITHUB_STEP_SUMMARY.
std::string RenderMarkdown(const Report& report);
inline constexpr size_t kMarkdownRows = 50;

/// Workflow command escaping (Actions toolkit): `%`, `\r`, `\n` in the
/// message; also `:` and `,` in a property value.
std::string EscapeCommandData(std::string_view text);
std::string EscapeCommandProperty(std::string_view text);

/// The SARIF partialFingerprint of a finding: a hash of its rule, policy,
/// path, component, scope and message (not its line), so that code scanning
/// matches it across runs.
std::string FindingFingerprint(const Finding& finding);

}  // namespace skewlint
