#include "linter/scope.h"

#include <re2/re2.h>

namespace skewlint {
namespace {

std::string Capture(const re2::RE2& re, std::string_view path) {
  auto groups = re.NamedCapturingGroups();
  auto it = groups.find("scope");
  if (it == groups.end()) return "";
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> match(n);
  re2::StringPiece text(path.data(), path.size());
  if (!re.Match(text, 0, text.size(), re2::RE2::UNANCHORED, match.data(), n)) return "";
  return std::string(match[it->second].data(), match[it->second].size());
}

}  // namespace

std::string ScopeOf(const Config& config, std::string_view path) {
  for (const auto& re : config.scopes) {
    std::string scope = Capture(*re, path);
    if (!scope.empty()) return scope;
  }
  static const re2::RE2 kDefault("(?:^|/)(?:clusters|environments|envs|overlays)/(?P<scope>[^/]+)/");
  return Capture(kDefault, path);
}

std::string DescribeScope(std::string_view scope) {
  return scope.empty() ? "the repository" : "scope " + std::string(scope);
}

}  // namespace skewlint
