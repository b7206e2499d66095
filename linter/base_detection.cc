#include "linter/base_detection.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "linter/yaml_tree.h"

namespace skewlint {
namespace {

constexpr char kPassBase[] = "pass --base REV (for example --base origin/main)";

bool AllZeros(const std::string& s) { return s.find_first_not_of('0') == std::string::npos; }

bool IsPullRequestEvent(const std::string& event) {
  return event == "pull_request" || event == "pull_request_target" ||
         event == "pull_request_review" || event == "pull_request_review_comment";
}

// The event payload GitHub wrote for this run: the root of its JSON.
Result<YamlNodePtr> ReadEvent(const EnvLookup& env, const std::string& event) {
  std::string prefix = "on a GitHub " + event + " event, ";
  auto path = env("GITHUB_EVENT_PATH");
  if (!path) {
    return Error::At(
        {}, prefix + "$GITHUB_EVENT_PATH is not set, so the base is unknown; " + kPassBase);
  }
  std::ifstream in(*path, std::ios::binary);
  if (!in) {
    return Error::At({*path}, prefix +
                                  "cannot read the event file ($GITHUB_EVENT_PATH), so the "
                                  "base is unknown; " +
                                  kPassBase);
  }
  std::stringstream text;
  text << in.rdbuf();
  ParsedYaml parsed = ParseYaml(text.str());  // JSON is YAML
  if (!parsed.problems.empty() || parsed.documents.empty() ||
      !parsed.documents.front().root->IsMap()) {
    return Error::At({*path}, prefix + "the event file is not a JSON object; " + kPassBase);
  }
  return parsed.documents.front().root;
}

// A non-empty string at `field` of the event, or an error naming it.
Result<std::string> EventField(const YamlNode& root, const std::string& event,
                               const std::string& field, const EnvLookup& env) {
  const YamlNode* node = root.Path(field);
  if (node && node->IsScalar() && !node->scalar.empty()) return node->scalar;
  return Error::At({env("GITHUB_EVENT_PATH").value_or("")},
                   "on a GitHub " + event + " event, the event file has no " + field +
                       ", so the base is unknown; " + kPassBase);
}

// origin/HEAD, origin/main, main, origin/master, master: the first that
// resolves (DefaultBase), optionally preceded by the event's default branch.
std::optional<std::string> DefaultBranch(Repository& repository, const std::string& preferred) {
  if (!preferred.empty() && repository.Resolve(preferred).ok()) return preferred;
  return repository.DefaultBase();
}

Result<std::optional<DetectedRange>> FromGithub(Repository& repository, const EnvLookup& env) {
  auto event = env("GITHUB_EVENT_NAME");
  if (!event) return std::optional<DetectedRange>();
  bool pull_request = IsPullRequestEvent(*event);
  if (!pull_request && *event != "push" && *event != "merge_group") {
    return std::optional<DetectedRange>();
  }
  Result<YamlNodePtr> root = ReadEvent(env, *event);
  if (!root.ok()) return root.error();
  std::string field = pull_request       ? "pull_request.base.sha"
                      : *event == "push" ? "before"
                                         : "merge_group.base_sha";
  Result<std::string> sha = EventField(**root, *event, field, env);
  if (!sha.ok()) return sha.error();
  std::string source = *event + " event";
  if (*event == "push" && AllZeros(*sha)) {  // a new branch: compare with the default branch
    const YamlNode* name = (*root)->Path("repository.default_branch");
    auto base = DefaultBranch(repository, name && name->IsScalar() && !name->scalar.empty()
                                              ? "origin/" + name->scalar
                                              : "");
    if (!base) {
      return Error::At({},
                       "on a GitHub push event that creates a branch, the default branch is "
                       "not in the clone; fetch it (actions/checkout with fetch-depth: 0) "
                       "or " +
                           std::string(kPassBase));
    }
    return std::optional<DetectedRange>(
        DetectedRange{*base, "", "push event (new branch: " + *base + ")"});
  }
  return std::optional<DetectedRange>(DetectedRange{*sha, "", source, pull_request});
}

std::string NothingResolves(Repository& repository) {
  std::string message =
      "cannot tell what to compare against: no --base given, no base: in the config, and none "
      "of origin/HEAD, origin/main, main, origin/master, master exists; ";
  if (repository.IsShallow()) {
    message +=
        "the repository is a shallow clone; fetch full history (actions/checkout with "
        "fetch-depth: 0, or git fetch --unshallow) or ";
  }
  return message + kPassBase;
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) return std::nullopt;
    return std::string(value);
  };
}

Result<DetectedRange> DetectBase(Repository& repository, const EnvLookup& env,
                                 const ConfigBaseLookup& config_base) {
  auto github = FromGithub(repository, env);
  if (!github.ok()) return github.error();
  if (*github) return **github;
  auto from = env("PRE_COMMIT_FROM_REF");
  auto to = env("PRE_COMMIT_TO_REF");
  if (from && to && !AllZeros(*from)) return DetectedRange{*from, *to, "pre-commit pre-push"};
  std::string head = from && to ? *to : "";
  if (auto configured = config_base ? config_base() : std::nullopt) {
    if (auto resolved = repository.Resolve(configured->rev); !resolved.ok()) {
      return Error::At(configured->where, "base: " + resolved.error().message +
                                              "; fetch it, fix base: in the config, or pass "
                                              "--base REV");
    }
    return DetectedRange{configured->rev, head, "config base: " + configured->rev};
  }
  if (auto base = repository.DefaultBase()) return DetectedRange{*base, head, *base};
  return Error::At({}, NothingResolves(repository));
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
