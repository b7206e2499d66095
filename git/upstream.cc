#include "git/upstream.h"

#include <vector>

namespace skewlint::git {
namespace {

std::optional<std::string> ConfigString(const git_config* config, const std::string& name) {
  Buf value;
  if (git_config_get_string_buf(value.out(), config, name.c_str()) < 0) return std::nullopt;
  return value.str();
}

std::vector<std::string> ConfigStrings(const git_config* config, const std::string& name) {
  std::vector<std::string> values;
  ConfigIteratorHandle entries;
  if (Acquire(entries, git_config_multivar_iterator_new, config, name.c_str(), nullptr) < 0) {
    return values;
  }
  git_config_entry* entry = nullptr;
  while (git_config_next(&entry, entries.get()) == 0) values.emplace_back(entry->value);
  return values;
}

/// `merge` (a ref of `remote`) as the local remote-tracking ref it is fetched
/// into, following `remote.REMOTE.fetch`.
std::optional<std::string> TrackingRef(const git_config* config, const std::string& remote,
                                       const std::string& merge) {
  if (remote == ".") return merge;
  for (const std::string& text : ConfigStrings(config, "remote." + remote + ".fetch")) {
    RefspecHandle spec;
    if (Acquire(spec, git_refspec_parse, text.c_str(), 1) < 0 ||
        !git_refspec_src_matches(spec.get(), merge.c_str())) {
      continue;
    }
    Buf tracking;
    if (git_refspec_transform(tracking.out(), spec.get(), merge.c_str()) == 0) {
      return tracking.str();
    }
  }
  return std::nullopt;
}

std::optional<std::string> FindUpstream(git_repository* repo) {
  ReferenceHandle head;
  if (Acquire(head, git_repository_head, repo) < 0 || !git_reference_is_branch(head.get())) {
    return std::nullopt;
  }
  ConfigHandle config;
  if (Acquire(config, git_repository_config_snapshot, repo) < 0) return std::nullopt;
  std::string branch = "branch." + std::string(git_reference_shorthand(head.get()));
  auto remote = ConfigString(config.get(), branch + ".remote");
  auto merge = ConfigString(config.get(), branch + ".merge");
  if (!remote || !merge) return std::nullopt;
  auto tracking = TrackingRef(config.get(), *remote, *merge);
  ReferenceHandle upstream;
  if (!tracking || Acquire(upstream, git_reference_lookup, repo, tracking->c_str()) < 0) {
    return std::nullopt;
  }
  return std::string(git_reference_shorthand(upstream.get()));
}

}  // namespace

std::optional<std::string> UpstreamOfHead(git_repository* repo) {
  auto upstream = FindUpstream(repo);
  git_error_clear();
  return upstream;
}

}  // namespace skewlint::git
