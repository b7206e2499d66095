#include "linter/provenance.h"

#include <cstdlib>
#include <optional>

namespace skewlint {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string GithubRepository() {
  std::string server = Env("GITHUB_SERVER_URL");
  std::string repository = Env("GITHUB_REPOSITORY");
  if (server.empty() || repository.empty()) return "";
  while (server.ends_with('/')) server.pop_back();
  return server + "/" + repository;
}

std::string WithoutGitSuffix(std::string url) {
  while (url.ends_with('/')) url.pop_back();
  if (url.ends_with(".git")) url.resize(url.size() - 4);
  return url;
}

}  // namespace

std::string WebAddress(std::string_view remote) {
  std::string url(remote);
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) {
    if (url.starts_with('/')) return "file://" + url;
    size_t colon = url.find(':');
    if (colon == std::string::npos || colon == 0 || url.find('/') < colon) return "";
    std::string host = url.substr(0, colon);
    if (size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
    return WithoutGitSuffix("https://" + host + "/" + url.substr(colon + 1));
  }
  std::string kind = url.substr(0, scheme);
  if (kind == "file") return WithoutGitSuffix(url);
  size_t host_start = scheme + 3;
  size_t path_start = url.find('/', host_start);
  std::string host = url.substr(
      host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
  if (size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (kind == "ssh" || kind == "git") {
    if (size_t port = host.find(':'); port != std::string::npos) host.resize(port);
    kind = "https";
  }
  std::string path = path_start == std::string::npos ? "" : url.substr(path_start);
  return host.empty() ? "" : WithoutGitSuffix(kind + "://" + host + path);
}

std::string RepositoryUri(Repository& repository) {
  std::string github = GithubRepository();
  if (!github.empty()) return github;
  std::optional<std::string> origin = repository.RemoteUrl("origin");
  return origin ? WebAddress(*origin) : "";
}

std::string BlobUrl(const std::string& head) {
  std::string github = GithubRepository();
  if (github.empty() || head.size() != 40) return "";
  return github + "/blob/" + head;
}

}  // namespace skewlint
