#include "linter/extract_util.h"

#include <re2/re2.h>

#include <charconv>

namespace skewlint {
namespace {

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

OrderingHints ReadHints(const YamlNode& root, const std::string& default_namespace) {
  OrderingHints hints;
  if (const YamlNode* annotations = root.Path("metadata.annotations")) {
    hints.sync_wave = ParseInt(annotations->ScalarAt("argocd.argoproj.io/sync-wave"));
    hints.hook_weight = ParseInt(annotations->ScalarAt("helm.sh/hook-weight"));
  }
  const YamlNode* depends = root.Path("spec.dependsOn");
  if (depends && depends->IsSequence()) {
    for (const auto& item : depends->items) {
      std::string name(item->ScalarAt("name"));
      if (name.empty()) continue;
      std::string ns(item->ScalarAt("namespace"));
      hints.depends_on.push_back((ns.empty() ? default_namespace : ns) + "/" + name);
    }
  }
  return hints;
}

}  // namespace

DocContext::DocContext(const FileFacts& f, const Config& c, const YamlDocument& d)
    : file(f), config(c), doc(d) {
  const YamlNode& root = *doc.root;
  if (!root.IsMap()) return;
  resource.api_version = root.ScalarAt("apiVersion");
  resource.kind = root.ScalarAt("kind");
  if (const YamlNode* metadata = root.Get("metadata")) {
    resource.name = metadata->ScalarAt("name");
    resource.namespace_ = metadata->ScalarAt("namespace");
  }
  hints = ReadHints(root, resource.namespace_);
}

Instance DocContext::Make(const std::string& component, std::string_view locator,
                          const Version& version, const YamlNode* node) const {
  Instance instance;
  instance.component = component;
  instance.version = version;
  instance.locator = std::string(locator);
  instance.location = At(node);
  instance.resource = resource;
  instance.hints = hints;
  instance.document = doc.root;
  return instance;
}

bool IsTemplateExpression(std::string_view text) {
  size_t open = text.find("{{");
  return open != std::string_view::npos && text.find("}}", open + 2) != std::string_view::npos;
}

bool Matches(const RegexPtr& pattern, std::string_view subject) {
  return pattern && RE2::PartialMatch(re2::StringPiece(subject.data(), subject.size()), *pattern);
}

bool MatchesImageName(const RegexPtr& pattern, std::string_view name) {
  if (!pattern) return false;
  for (size_t start = 0; start <= name.size();) {
    std::string_view suffix = name.substr(start);
    if (RE2::FullMatch(re2::StringPiece(suffix.data(), suffix.size()), *pattern)) return true;
    size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

std::vector<LocatorMatch> MatchingLocators(const Config& config, Locator::Kind kind,
                                           std::string_view subject) {
  std::vector<LocatorMatch> out;
  for (const auto& component : config.components) {
    for (const auto& locator : component.locators) {
      if (locator.kind != kind) continue;
      bool hit = kind == Locator::Kind::kImage ? MatchesImageName(locator.pattern, subject)
                                               : Matches(locator.pattern, subject);
      if (hit) {
        out.push_back({component.name, &locator});
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> MatchingComponents(const Config& config, Locator::Kind kind,
                                            std::string_view subject) {
  std::vector<std::string> names;
  for (auto& match : MatchingLocators(config, kind, subject)) {
    names.push_back(std::move(match.component));
  }
  return names;
}

std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return "";
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (auto part : parts) out += (out.empty() ? "" : "/") + std::string(part);
  return out;
}

std::string DirName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(path.substr(0, slash));
}

}  // namespace skewlint
