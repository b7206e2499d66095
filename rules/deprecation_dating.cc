#include "rules/deprecation_dating.h"

#include <cctype>

#include "linter/extract.h"
#include "linter/state_builder.h"

namespace skewlint {
namespace {

std::string MarkKey(const std::string& api, const std::string& path) { return api + "\n" + path; }

std::set<std::string> MarkedPaths(const CrdSchema& schema) {
  std::set<std::string> marked;
  for (const auto& version : schema.versions) {
    if (version.deprecation) marked.insert(MarkKey(version.name, ""));
    for (const auto& [path, node] : version.nodes) {
      if (node.deprecation) marked.insert(MarkKey(version.name, path));
    }
  }
  return marked;
}

bool IsCrdOf(const Instance& i, const std::string& component, const std::string& crd_name) {
  return i.locator == "crd" && i.component == component && i.resource.name == crd_name &&
         i.document;
}

std::string Short(const std::string& commit) { return commit.substr(0, 12); }

Dating Unknown(std::string why) {
  Dating d;
  d.why = std::move(why);
  return d;
}

}  // namespace

Version TagVersion(std::string_view tag) {
  Version v = Version::Parse(tag);
  if (v.versioned) return v;
  if (size_t slash = tag.rfind('/'); slash != std::string_view::npos) {
    return TagVersion(tag.substr(slash + 1));
  }
  for (size_t i = 0; i + 1 < tag.size(); ++i) {
    if (tag[i] != '-') continue;
    std::string_view rest = tag.substr(i + 1);
    if (rest.front() == 'v') rest.remove_prefix(1);
    if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) {
      v = Version::Parse(tag.substr(i + 1));
      if (v.versioned) return v;
    }
  }
  return Version::Parse("");
}

DeprecationDating::DeprecationDating(std::string component, VersionFrom from)
    : component_(std::move(component)), from_(from) {}

const DeprecationDating::Snapshot& DeprecationDating::At(History& history, const Config& config,
                                                         const std::string& commit,
                                                         const DatingQuery& query) const {
  std::string key = commit + "\n" + query.file + "\n" + query.crd_name;
  if (auto it = snapshots_.find(key); it != snapshots_.end()) return it->second;
  Snapshot snap;
  auto take = [&](const Instance& i, std::string_view text) {
    snap.found = true;
    snap.version = i.version;
    snap.marked = MarkedPaths(ReadCrdSchema(*i.document, text));
  };
  if (auto text = history.FileText(commit, query.file)) {
    auto facts = ReadFacts(query.file, "", std::move(*text), config.limits);
    for (const Instance& i : ExtractInstances(*facts, config).instances) {
      if (IsCrdOf(i, component_, query.crd_name) && facts->text) {
        take(i, *facts->text);
        break;
      }
    }
  }
  const State* state = snap.found ? nullptr : history.StateAt(commit);
  for (size_t n = 0; state && n < state->instances.size(); ++n) {
    const Instance& i = state->instances[n];
    auto file = state->files.find(i.location.path);
    if (!IsCrdOf(i, component_, query.crd_name) || file == state->files.end() ||
        !file->second->text) {
      continue;
    }
    take(i, *file->second->text);
    break;
  }
  return snapshots_.emplace(std::move(key), std::move(snap)).first->second;
}

std::optional<Dating> DeprecationDating::FromTags(History& history,
                                                  const std::string& commit) const {
  std::optional<Dating> best;
  for (const TagInfo& tag : history.Tags()) {
    Version v = TagVersion(tag.name);
    if (!v.versioned || !v.prerelease.empty() || (best && v >= best->version)) continue;
    if (!history.IsAncestor(commit, tag.commit_id)) continue;
    best = Dating{Dating::Source::kTag, v, commit, tag.name, ""};
  }
  return best;
}

Dating DeprecationDating::Date(History* history, const Config& config,
                               const DatingQuery& query) const {
  if (query.marker && query.marker->since) {
    return Dating{Dating::Source::kMarker, *query.marker->since, "", "", ""};
  }
  if (from_ == VersionFrom::kMarker) return Unknown("the marker names no version");
  if (!history) return Unknown("the marker names no version and no history is available");
  if (query.base.empty() || query.base.front() == ':') {
    return Unknown("the marker names no version and the base is not a commit");
  }
  std::string key = MarkKey(query.api, query.path);
  const CommitInfo* start = nullptr;
  Version version;
  std::vector<CommitInfo> commits = history->PathCommits(query.base, query.file, kMaxCommits);
  for (const CommitInfo& commit : commits) {
    const Snapshot& snap = At(*history, config, commit.id, query);
    if (!snap.found || !snap.marked.count(key)) break;
    start = &commit;
    version = snap.version;
  }
  if (!start) {
    return Unknown("the marker names no version and is not in the history of " + query.file);
  }
  if (version.versioned) return Dating{Dating::Source::kHistory, version, start->id, "", ""};
  if (from_ == VersionFrom::kTags) {
    if (auto tagged = FromTags(*history, start->id)) return *tagged;
  }
  return Unknown("the CRD had no version when the marker was added in commit " + Short(start->id) +
                 (from_ == VersionFrom::kTags ? " and no release tag contains it" : ""));
}

}  // namespace skewlint
