#include "linter/suppression.h"

#include <re2/re2.h>

#include <string_view>

#include "linter/glob.h"

namespace skewlint {
namespace {

struct Directive {
  bool found = false;
  std::string reason;
};

bool ListsRule(std::string_view list, const std::string& rule) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == rule || item == "*") return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view LineAt(const std::string& text, int line) {
  size_t start = 0;
  for (int n = 1; n < line; ++n) {
    start = text.find('\n', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  size_t end = text.find('\n', start);
  std::string_view out(text.data() + start, (end == std::string::npos ? text.size() : end) - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

Directive CommentDirective(std::string_view line, const std::string& rule) {
  static const re2::RE2 kComment(R"(#\s*skewlint:\s*ignore\[([^\]]*)\]\s*(.*?)\s*$)");
  std::string rules, reason;
  if (!RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), kComment, &rules, &reason) ||
      !ListsRule(rules, rule)) {
    return {};
  }
  return {true, reason};
}

const YamlNode* DocumentAt(const FileFacts& file, int line) {
  const YamlNode* found = nullptr;
  for (const auto& doc : file.documents) {
    if (doc.first_line <= line) found = doc.root.get();
  }
  return found;
}

Directive AnnotationDirective(const FileFacts& file, int line, const std::string& rule) {
  const YamlNode* doc = DocumentAt(file, line);
  const YamlNode* annotations = doc ? doc->Path("metadata.annotations") : nullptr;
  if (!annotations) return {};
  std::string_view value = annotations->ScalarAt("skewlint.io/ignore");
  size_t space = value.find(' ');
  std::string_view rules = value.substr(0, space);
  if (value.empty() || !ListsRule(rules, rule)) return {};
  std::string_view reason = space == std::string_view::npos ? "" : value.substr(space + 1);
  return {true, std::string(reason)};
}

bool Matches(const IgnoreEntry& entry, const Finding& f) {
  if (entry.rule != "*" && entry.rule != f.rule) return false;
  if (!entry.policy.empty() && entry.policy != f.policy) return false;
  if (!entry.component.empty() && entry.component != f.component) return false;
  return !entry.path || GlobMatchesPath(*entry.path, f.location.path);
}

void Suppress(Finding& f, const std::string& why) {
  f.suppressed = true;
  f.suppression = why;
}

void ApplyInline(const FileFacts& file, Finding& f) {
  if (!file.text) return;
  for (int line : {f.location.line, f.location.line - 1}) {
    if (line < 1) continue;
    Directive d = CommentDirective(LineAt(*file.text, line), f.rule);
    if (!d.found) continue;
    if (d.reason.empty()) {
      f.message += " (the skewlint: ignore comment on line " + std::to_string(line) +
                   " does not suppress this: it gives no reason)";
      return;
    }
    return Suppress(f, d.reason);
  }
  Directive d = AnnotationDirective(file, f.location.line, f.rule);
  if (d.found && !d.reason.empty()) Suppress(f, d.reason);
  if (d.found && d.reason.empty()) {
    f.message += " (the skewlint.io/ignore annotation does not suppress this: it gives no reason)";
  }
}

}  // namespace

void ApplySuppressions(const State& state, const Config& config, std::vector<Finding>& findings) {
  for (Finding& f : findings) {
    auto it = state.files.find(f.location.path);
    if (it != state.files.end()) ApplyInline(*it->second, f);
    if (f.suppressed) continue;
    for (const auto& entry : config.ignores) {
      if (Matches(entry, f)) {
        Suppress(f, entry.reason);
        f.suppressed_by_config = true;
        break;
      }
    }
  }
}

}  // namespace skewlint
