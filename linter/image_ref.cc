#include "linter/image_ref.h"

namespace skewlint {
namespace {

constexpr size_t kMaxTagLength = 128;

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

bool IsHex(std::string_view text) {
  return !text.empty() &&
         text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

/// Alphanumerics and `separators`, starting and ending with an alphanumeric.
bool IsSeparatedAlnum(std::string_view text, std::string_view separators) {
  if (text.empty() || !IsAsciiAlnum(text.front()) || !IsAsciiAlnum(text.back())) return false;
  for (char c : text) {
    if (!IsAsciiAlnum(c) && separators.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool IsPathComponent(std::string_view component) { return IsSeparatedAlnum(component, "._-"); }

bool IsHostAndPort(std::string_view component) {
  size_t colon = component.find(':');
  if (colon == std::string_view::npos) return IsSeparatedAlnum(component, ".-");
  return IsSeparatedAlnum(component.substr(0, colon), ".-") &&
         IsDigits(component.substr(colon + 1));
}

/// `[host[:port]/]path/components`: the first component is a registry host
/// only when more follow.
bool IsName(std::string_view name) {
  size_t slash = name.find('/');
  if (slash == std::string_view::npos) return IsPathComponent(name);
  std::string_view host = name.substr(0, slash);
  if (!IsHostAndPort(host) && !IsPathComponent(host)) return false;
  for (name.remove_prefix(slash + 1); true; name.remove_prefix(slash + 1)) {
    slash = name.find('/');
    if (!IsPathComponent(name.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
  }
}

bool IsTag(std::string_view tag) {
  if (tag.empty() || tag.size() > kMaxTagLength) return false;
  if (!IsAsciiAlnum(tag.front()) && tag.front() != '_') return false;
  for (char c : tag) {
    if (!IsAsciiAlnum(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

}  // namespace

bool LooksLikeDigest(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view algorithm = text.substr(0, colon);
  for (char c : algorithm) {
    if (c >= 'A' && c <= 'Z') return false;
  }
  return IsSeparatedAlnum(algorithm, "+._-") && IsHex(text.substr(colon + 1));
}

std::optional<ImageRef> ParseImageRef(std::string_view text) {
  text = Trim(text);
  ImageRef ref;
  size_t at = text.find('@');
  if (at != std::string_view::npos) {
    ref.digest = text.substr(at + 1);
    if (!LooksLikeDigest(ref.digest)) return std::nullopt;
    text = text.substr(0, at);
  }
  size_t slash = text.rfind('/');
  size_t colon = text.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    ref.tag = text.substr(colon + 1);
    if (!IsTag(ref.tag)) return std::nullopt;
    text = text.substr(0, colon);
  }
  if (!IsName(text)) return std::nullopt;
  ref.registry_and_repository = text;
  return ref;
}

std::string JoinImage(std::string_view registry, std::string_view repository) {
  while (registry.ends_with('/')) registry.remove_suffix(1);
  while (repository.starts_with('/')) repository.remove_prefix(1);
  if (registry.empty() || repository.empty()) return std::string(repository);
  std::string joined(registry);
  joined += '/';
  joined += repository;
  return joined;
}

}  // namespace skewlint
