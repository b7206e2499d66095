#include "rules/deprecation_dating.h"

#include <algorithm>
#include <cctype>
#include <vector>

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

namespace {

// Erases the entries of `map` used before the median use (`used_of` reads
// an entry's last use), once it holds more than `limit`.
template <typename Map, typename UsedOf>
void DropOlderHalf(Map& map, size_t limit, UsedOf used_of) {
  if (map.size() <= limit) return;
  std::vector<uint64_t> uses;
  uses.reserve(map.size());
  for (const auto& entry : map) uses.push_back(used_of(entry.second));
  std::nth_element(uses.begin(), uses.begin() + uses.size() / 2, uses.end());
  uint64_t median = uses[uses.size() / 2];
  for (auto it = map.begin(); it != map.end();) {
    it = used_of(it->second) < median ? map.erase(it) : std::next(it);
  }
}

bool IsCommitId(std::string_view rev) {
  return (rev.size() == 40 || rev.size() == 64) && std::all_of(rev.begin(), rev.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Whether the state read `facts` as dating would (whole, as YAML).
bool ReadWhole(const FileFacts& facts) {
  return facts.text && !facts.documents.empty() && !facts.is_template && !facts.not_manifest &&
         !facts.filtered && facts.skipped.empty();
}

}  // namespace

void DeprecationDating::Bound() const {
  DropOlderHalf(files_, kMaxFiles, [](const FileSnap& s) { return s.used; });
  if (moved_.size() > kMaxFiles) moved_.clear();
  if (by_content_.size() > kMaxContents) {
    // The memos' documents keep the lines they were first parsed with, and
    // ReadFile reads a document's markers (by line) only when it is new:
    // every document a memo holds must stay known.
    by_content_.clear();
    memos_.clear();
  }
}

std::vector<DeprecationDating::CrdSnapPtr> DeprecationDating::ReadFile(const FileFacts& facts,
                                                                       const Config& config) const {
  FileFacts unknown = facts;  // the documents not met before
  unknown.documents.clear();
  for (const YamlDocument& d : facts.documents) {
    if (!d.content_id || !by_content_.count(d.content_id)) unknown.documents.push_back(d);
  }
  std::map<const YamlNode*, CrdSnapPtr> read;  // by document root
  if (!unknown.documents.empty()) {
    for (const Instance& i : ExtractInstances(unknown, config).instances) {
      if (!IsCrdOf(i, component_, i.resource.name) || read.count(i.document.get())) continue;
      const YamlDocument* document = unknown.DocumentOf(i.document.get());
      auto schema = document ? CachedCrdSchema(*document, facts.text)
                             : CachedCrdSchema(i.document, facts.text);
      read[i.document.get()] = std::make_shared<const CrdSnap>(
          CrdSnap{i.resource.name, i.version, MarkedPaths(*schema)});
    }
  }
  std::vector<CrdSnapPtr> out;
  for (const YamlDocument& d : facts.documents) {
    CrdSnapPtr snap;
    if (auto it = read.find(d.root.get()); it != read.end()) {
      snap = it->second;
    } else if (auto known = d.content_id ? by_content_.find(d.content_id) : by_content_.end();
               known != by_content_.end()) {
      snap = known->second;
    }
    if (d.content_id) by_content_.emplace(d.content_id, snap);
    if (snap) out.push_back(std::move(snap));
  }
  return out;
}

DeprecationDating::FileSnap& DeprecationDating::Keep(std::string key, FileSnap snap) const {
  snap.used = clock_;
  return files_.insert_or_assign(std::move(key), std::move(snap)).first->second;
}

void DeprecationDating::Record(const State& state, const std::vector<std::string>& paths,
                               const Config& config) const {
  if (!IsCommitId(state.rev)) return;
  ++clock_;
  Bound();
  // A walk over a range dates from what its steps hand over; the memos only
  // serve runs of past versions read before the range (a bundle's last
  // parse is tens of MiB): each such run starts one anew.
  memos_.clear();
  for (const std::string& path : paths) {
    std::string key = state.rev + "\n" + path;
    auto found = state.files.find(path);
    if (files_.count(key) || found == state.files.end() || !ReadWhole(*found->second)) continue;
    FileSnap snap;
    snap.crds = ReadFile(*found->second, config);
    Keep(std::move(key), std::move(snap));
  }
}

DeprecationDating::Seen DeprecationDating::At(History& history, const Config& config,
                                              const CommitInfo& commit,
                                              const DatingQuery& query) const {
  ++clock_;
  Bound();  // before any pointer into the caches is handed out
  const std::string& file = commit.path.empty() ? query.file : commit.path;
  std::string key = commit.id + "\n" + file;
  FileSnap* snap = nullptr;
  if (auto it = files_.find(key); it != files_.end()) {
    snap = &it->second;
  } else {
    FileSnap read;
    if (auto text = history.FileText(commit.id, file)) {
      // The file is parsed once per commit for every CRD of the component
      // it holds: a bundle of many CRDs is dated CRD by CRD over the same
      // commits.
      constexpr size_t kLargeFile = size_t{256} << 10;
      ParseMemo* memo = nullptr;
      if (text->size() > kLargeFile) {
        auto& made = memos_[file];
        if (!made) made = std::make_unique<ParseMemo>(/*move_lines=*/false);
        memo = made.get();
      }
      auto facts = ReadFacts(file, "", std::move(*text), config.limits, true, false, memo);
      if (facts->text) {
        read.crds = ReadFile(*facts, config);
      } else {
        memos_.erase(file);  // its documents were not made known (Bound)
      }
    } else if (std::string blob = history.MissingBlob(commit.id, file); !blob.empty()) {
      read.missing =
          file + " at commit " + Short(commit.id) + " is not in this partial clone (blob " + blob +
          "); fetch it with `git cat-file blob " + blob +
          "` (a partial clone fetches a missing object on demand) or clone without " + "--filter";
    }
    snap = &Keep(key, std::move(read));
  }
  snap->used = clock_;
  if (!snap->missing.empty()) return Seen{nullptr, snap->missing};
  for (const CrdSnapPtr& crd : snap->crds) {
    if (crd->name == query.crd_name) return Seen{crd.get(), ""};
  }
  // The CRD left the file (moved to another one): look for it in the state.
  std::string moved_key = key + "\n" + query.crd_name;
  auto moved = moved_.find(moved_key);
  if (moved == moved_.end()) {
    CrdSnapPtr found;
    const State* state = history.StateAt(commit.id);
    for (size_t n = 0; state && n < state->instances.size() && !found; ++n) {
      const Instance& i = state->instances[n];
      auto file_facts = state->files.find(i.location.path);
      if (!IsCrdOf(i, component_, query.crd_name) || file_facts == state->files.end() ||
          !file_facts->second->text) {
        continue;
      }
      auto schema = CachedCrdSchema(i.document, file_facts->second->text);
      found = std::make_shared<const CrdSnap>(
          CrdSnap{i.resource.name, i.version, MarkedPaths(*schema)});
    }
    moved = moved_.emplace(moved_key, std::move(found)).first;
  }
  return Seen{moved->second.get(), ""};
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
    Seen seen = At(*history, config, commit, query);
    if (!seen.missing.empty()) {
      return Unknown("the marker names no version and " + seen.missing);
    }
    if (!seen.crd || !seen.crd->marked.count(key)) break;
    start = &commit;
    version = seen.crd->version;
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
