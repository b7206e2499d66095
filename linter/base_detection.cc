#include "linter/base_detection.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "linter/yaml_tree.h"

namespace skewlint {
namespace {

bool AllZeros(const std::string& s) { return s.find_first_not_of('0') == std::string::npos; }

std::optional<std::string> PullRequestBase(const EnvLookup& env) {
  auto event = env("GITHUB_EVENT_NAME");
  auto path = env("GITHUB_EVENT_PATH");
  if (!event || !path || (*event != "pull_request" && *event != "pull_request_target")) {
    return std::nullopt;
  }
  std::ifstream in(*path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  ParsedYaml parsed = ParseYaml(text.str());  // JSON is YAML
  if (parsed.documents.empty()) return std::nullopt;
  const YamlNode* sha = parsed.documents.front().root->Path("pull_request.base.sha");
  if (!sha || !sha->IsScalar() || sha->scalar.empty()) return std::nullopt;
  return sha->scalar;
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) return std::nullopt;
    return std::string(value);
  };
}

Result<DetectedRange> DetectBase(Repository& repository, const EnvLookup& env) {
  if (auto sha = PullRequestBase(env)) return DetectedRange{*sha, "", "github pull_request"};
  auto from = env("PRE_COMMIT_FROM_REF");
  auto to = env("PRE_COMMIT_TO_REF");
  if (from && to && !AllZeros(*from)) return DetectedRange{*from, *to, "pre-commit"};
  if (auto base = repository.DefaultBase()) return DetectedRange{*base, to.value_or(""), "default"};
  return Error::At({}, "cannot tell what to compare against: no --base given, no upstream branch, "
                       "and none of origin/HEAD, main or master exists; pass --base REV (for "
                       "example --base origin/main)");
}

}  // namespace skewlint
