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
  if (auto sha = PullRequestBase(env)) return DetectedRange{*sha, "", "github pull_request", true};
  auto from = env("PRE_COMMIT_FROM_REF");
  auto to = env("PRE_COMMIT_TO_REF");
  if (from && to && !AllZeros(*from)) return DetectedRange{*from, *to, "pre-commit"};
  if (auto base = repository.DefaultBase()) return DetectedRange{*base, to.value_or(""), "default"};
  return Error::At({},
                   "cannot tell what to compare against: no --base given, no upstream branch, "
                   "and none of origin/HEAD, main or master exists; pass --base REV (for "
                   "example --base origin/main)");
}

Result<std::optional<CommitRange>> PullRequestMergeRange(Repository& repository,
                                                         std::string_view base,
                                                         std::string_view head, bool per_commit) {
  auto merge = repository.Commit(head);
  if (!merge.ok()) return merge.error();
  if (merge->parents.size() != 2) return std::optional<CommitRange>();
  const std::string& target = merge->parents[0];
  const std::string& pr_head = merge->parents[1];
  if (base != target) {
    auto related = repository.IsAncestor(base, target);
    if (!related.ok()) return related.error();
    if (!*related) return std::optional<CommitRange>();
  }
  if (!per_commit) return std::optional<CommitRange>(CommitRange{target, merge->id});
  auto fork = repository.MergeBase(target, pr_head);
  if (!fork.ok()) return fork.error();
  return std::optional<CommitRange>(CommitRange{*fork, pr_head});
}

}  // namespace skewlint
