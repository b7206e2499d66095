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

DeprecationDating::DeprecationDating(std::string component, VersionFrom from,
                                     std::shared_ptr<const VersionSource> source)
    : component_(std::move(component)), from_(from), source_(std::move(source)) {}

const DeprecationDating::Snapshot& DeprecationDating::At(History& history, const Config& config,
                                                         const CommitInfo& commit,
                                                         const DatingQuery& query) const {
  const std::string& file = commit.path.empty() ? query.file : commit.path;
  auto key_of = [&](const std::string& crd) { return commit.id + "\n" + file + "\n" + crd; };
  std::string key = key_of(query.crd_name);
  if (auto it = snapshots_.find(key); it != snapshots_.end()) return it->second;
  auto found_in = [](const Instance& i, std::string_view text) {
    Snapshot found;
    found.found = true;
    found.version = i.version;
    found.marked = MarkedPaths(ReadCrdSchema(*i.document, text));
    return found;
  };
  Snapshot snap;
  auto text = history.FileText(commit.id, file);
  if (text) {
    // The file is parsed once per commit for every CRD of the component it
    // holds: a bundle of many CRDs is dated CRD by CRD over the same commits.
    constexpr size_t kLargeFile = size_t{256} << 10;
    ParseMemo* memo = nullptr;
    if (text->size() > kLargeFile) {
      auto& made = memos_[file];
      if (!made) made = std::make_unique<ParseMemo>();
      memo = made.get();
    }
    auto facts = ReadFacts(file, "", std::move(*text), config.limits, true, false, memo);
    for (const Instance& i : ExtractInstances(*facts, config).instances) {
      if (!facts->text || !IsCrdOf(i, component_, i.resource.name)) continue;
      if (i.resource.name == query.crd_name) {
        if (!snap.found) snap = found_in(i, *facts->text);
      } else if (std::string other = key_of(i.resource.name); !snapshots_.count(other)) {
        snapshots_.emplace(std::move(other), found_in(i, *facts->text));
      }
    }
  } else if (std::string blob = history.MissingBlob(commit.id, file); !blob.empty()) {
    snap.missing =
        file + " at commit " + Short(commit.id) + " is not in this partial clone (blob " + blob +
        "); fetch it with `git cat-file blob " + blob +
        "` (a partial clone fetches a missing object on demand) or clone without " + "--filter";
  }
  // The CRD left the file (moved to another one): look for it in the state.
  const State* state = snap.found || !snap.missing.empty() ? nullptr : history.StateAt(commit.id);
  for (size_t n = 0; state && n < state->instances.size(); ++n) {
    const Instance& i = state->instances[n];
    auto found = state->files.find(i.location.path);
    if (!IsCrdOf(i, component_, query.crd_name) || found == state->files.end() ||
        !found->second->text) {
      continue;
    }
    snap = found_in(i, *found->second->text);
    break;
  }
  return snapshots_.emplace(std::move(key), std::move(snap)).first->second;
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
    const Snapshot& snap = At(*history, config, commit, query);
    if (!snap.missing.empty()) {
      return Unknown("the marker names no version and " + snap.missing);
    }
    if (!snap.found || !snap.marked.count(key)) break;
    start = &commit;
    version = snap.version;
  }
  if (!start) {
    return Unknown("the marker names no version and is not in the history of " + query.file);
  }
  if (version.versioned) return Dating{Dating::Source::kHistory, version, start->id, "", ""};
  std::string how;
  if (source_) version = source_->Past(history, start->id, version, &how);
  if (version.versioned) return Dating{Dating::Source::kTag, version, start->id, how, ""};
  return Unknown("the CRD had no version when the marker was added in commit " + Short(start->id) +
                 (from_ == VersionFrom::kTags ? " and no release tag contains it" : ""));
}

}  // namespace skewlint
