#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/config.h"
#include "linter/model.h"
#include "linter/yaml_tree.h"

namespace skewlint {

/// Shared by the extractors of extract*.cc: the document being read, and
/// how to make instances out of what it finds.
struct DocContext {
  const FileFacts& file;
  const Config& config;
  const YamlDocument& doc;
  ResourceRef resource;
  OrderingHints hints;

  DocContext(const FileFacts& f, const Config& c, const YamlDocument& d);
  Location At(const YamlNode* node) const { return {file.path, node->line, node->column}; }
  /// An instance of `component` at `node`, with the document's resource.
  Instance Make(const std::string& component, std::string_view locator, const Version& version,
                const YamlNode* node) const;
};

/// A component and the first of its locators that matched.
struct LocatorMatch {
  std::string component;
  const Locator* locator = nullptr;
};
/// Components whose locators of `kind` match `subject`, each with the first
/// locator that did, in config order: image locators by MatchesImageName,
/// the others by re2 partial match.
std::vector<LocatorMatch> MatchingLocators(const Config& config, Locator::Kind kind,
                                           std::string_view subject);
/// The component names of MatchingLocators.
std::vector<std::string> MatchingComponents(const Config& config, Locator::Kind kind,
                                            std::string_view subject);
/// True when `text` holds a Go template expression (`{{ ... }}`): a value a
/// chart renders later, not one a rule can read.
bool IsTemplateExpression(std::string_view text);
/// True when re2 `pattern` partially matches `subject`.
bool Matches(const RegexPtr& pattern, std::string_view subject);
/// True when re2 `pattern` matches all of the image name `name` (no tag or
/// digest), or all of a suffix of it that starts right after a '/': `nginx`
/// matches `docker.io/library/nginx` but not `ingress-nginx/controller` or
/// `nginx-exporter`. Each candidate is matched as its own text, so `^` and
/// `$` in the pattern anchor at its ends (`(^|/)acme/app$`).
bool MatchesImageName(const RegexPtr& pattern, std::string_view name);
/// Resolves "a/b/../c" and "./x" into a normal repository-relative path;
/// "" when it escapes the repository.
std::string NormalizePath(std::string_view path);
/// Directory part of a path ("" for a top-level file).
std::string DirName(std::string_view path);

}  // namespace skewlint
