#include "rules/crd_versions.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "linter/yaml_tree.h"
#include "rules/deprecation_dating.h"

namespace skewlint {
namespace {

// A dotted path in a YAML document; a number indexes a list
// ("images.0.newTag").
const YamlNode* FieldAt(const YamlNode& root, std::string_view dotted) {
  const YamlNode* node = &root;
  while (node && !dotted.empty()) {
    size_t dot = dotted.find('.');
    std::string_view part = dotted.substr(0, dot);
    dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
    size_t index = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
    if (node->IsSequence() && ec == std::errc() && end == part.data() + part.size()) {
      node = index < node->items.size() ? node->items[index].get() : nullptr;
    } else {
      node = node->IsMap() ? node->Get(part) : nullptr;
    }
  }
  return node;
}

std::string_view TrimText(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsCommit(const std::string& rev) { return !rev.empty() && rev.front() != ':'; }

}  // namespace

std::string Release::Note() const {
  switch (how) {
    case How::kTagged:
      return "release tag " + tag;
    case How::kContained:
      return "first released in " + tag;
    case How::kNext:
      return "the release after " + tag;
    case How::kFirst:
      return "the first release, no release tag before it";
  }
  return "";
}

ReleaseTags::ReleaseTags(std::shared_ptr<const re2::RE2> pattern) : pattern_(std::move(pattern)) {}

Version ReleaseTags::VersionOf(std::string_view tag) const {
  if (!pattern_) return TagVersion(tag);
  int group = 0;
  auto names = pattern_->NamedCapturingGroups();
  if (auto it = names.find("version"); it != names.end()) group = it->second;
  std::vector<re2::StringPiece> found(pattern_->NumberOfCapturingGroups() + 1);
  if (!pattern_->Match(re2::StringPiece(tag.data(), tag.size()), 0, tag.size(), RE2::ANCHOR_BOTH,
                       found.data(), static_cast<int>(found.size()))) {
    return Version::Parse("");
  }
  return Version::Parse(std::string_view(found[group].data(), found[group].size()));
}

const std::vector<ReleaseTags::Tagged>& ReleaseTags::Sorted(History& history) const {
  if (sorted_) return *sorted_;
  sorted_.emplace();
  for (const TagInfo& tag : history.Tags()) {
    Version v = VersionOf(tag.name);
    if (v.versioned) sorted_->push_back(Tagged{tag, v});
  }
  std::stable_sort(sorted_->begin(), sorted_->end(), [](const Tagged& a, const Tagged& b) {
    return a.version < b.version || (!(b.version < a.version) && a.tag.name < b.tag.name);
  });
  return *sorted_;
}

Release ReleaseTags::ShipsIn(History& history, const std::string& commit) const {
  if (auto it = ships_in_.find(commit); it != ships_in_.end()) return it->second;
  const std::vector<Tagged>& tags = Sorted(history);
  Release release;
  release.how = Release::How::kFirst;
  release.version = Version::Make(0, 1, 0);
  bool placed = false;
  for (const Tagged& t : tags) {  // its own release tag, the oldest first
    if (t.version.prerelease.empty() && t.tag.commit_id == commit) {
      release = Release{Release::How::kTagged, t.version, t.tag.name};
      placed = true;
      break;
    }
  }
  for (size_t n = 0; !placed && n < tags.size(); ++n) {  // the oldest release containing it
    const Tagged& t = tags[n];
    if (t.version.prerelease.empty() && history.IsAncestor(commit, t.tag.commit_id)) {
      release = Release{Release::How::kContained, t.version, t.tag.name};
      placed = true;
    }
  }
  for (size_t n = tags.size(); !placed && n > 0; --n) {  // after the newest it contains
    const Tagged& t = tags[n - 1];
    if (!history.IsAncestor(t.tag.commit_id, commit)) continue;
    Version next = t.version.prerelease.empty()
                       ? Version::Make(t.version.major, t.version.minor + 1, 0)
                       : Version::Make(t.version.major, t.version.minor, t.version.patch);
    release = Release{Release::How::kNext, next, t.tag.name};
    placed = true;
  }
  return ships_in_.emplace(commit, release).first->second;
}

std::optional<TagInfo> ReleaseTags::NewestIn(History& history, const std::string& commit) const {
  if (auto it = newest_in_.find(commit); it != newest_in_.end()) return it->second;
  const std::vector<Tagged>& tags = Sorted(history);
  std::optional<TagInfo> newest;
  for (size_t n = tags.size(); !newest && n > 0; --n) {
    const Tagged& t = tags[n - 1];
    if (t.version.prerelease.empty() && history.IsAncestor(t.tag.commit_id, commit)) {
      newest = t.tag;
    }
  }
  return newest_in_.emplace(commit, newest).first->second;
}

VersionSource VersionSource::Read(PolicyOptions& options, bool tags) {
  VersionSource source;
  source.tags_ = tags;
  if (auto text = options.String("version", false)) {
    Version v = Version::Parse(*text);
    if (v.versioned) {
      source.literal_ = v;
    } else {
      options.FailAt("version", "expected a version (1.4.0), found '" + *text + "'");
    }
  }
  auto compile = [&options](std::string_view key,
                            bool needs_version_group) -> std::shared_ptr<const re2::RE2> {
    auto text = options.String(key, false);
    if (!text) return nullptr;
    auto re = std::make_shared<const re2::RE2>(*text, re2::RE2::Quiet);
    if (!re->ok()) {
      options.FailAt(key, "expected an re2 pattern: " + re->error());
      return nullptr;
    }
    bool named = re->NamedCapturingGroups().count("version") > 0;
    if ((needs_version_group && !named) || (!named && re->NumberOfCapturingGroups() < 1)) {
      options.FailAt(key,
                     "expected a pattern with a group named version, e.g. "
                     "'^api/v(?P<version>.+)$', found '" +
                         *text + "'");
      return nullptr;
    }
    return re;
  };
  if (auto pattern = compile("tag_pattern", true)) {
    source.releases_ = std::make_shared<ReleaseTags>(pattern);
  }
  if (auto file = options.String("version_file", false)) source.file_ = *file;
  if (auto field = options.String("version_field", false)) source.field_ = *field;
  source.regex_ = compile("version_regex", false);
  if (source.file_.empty() && (!source.field_.empty() || source.regex_)) {
    options.FailAt(source.regex_ ? "version_regex" : "version_field",
                   "needs version_file: the file to read the version from");
  } else if (!source.field_.empty() && source.regex_) {
    options.FailAt("version_regex", "version_field and version_regex exclude each other");
  }
  return source;
}

Version VersionSource::FromFile(History& history, const std::string& rev) const {
  auto text = history.FileText(rev, file_);
  if (!text) return Version::Parse("");
  if (regex_) {
    int group = 1;
    auto names = regex_->NamedCapturingGroups();
    if (auto it = names.find("version"); it != names.end()) group = it->second;
    std::vector<re2::StringPiece> found(regex_->NumberOfCapturingGroups() + 1);
    if (!regex_->Match(re2::StringPiece(*text), 0, text->size(), RE2::UNANCHORED, found.data(),
                       static_cast<int>(found.size()))) {
      return Version::Parse("");
    }
    return Version::Parse(std::string_view(found[group].data(), found[group].size()));
  }
  if (field_.empty()) return Version::Parse(TrimText(*text));
  ParsedYaml parsed = ParseYaml(*text);
  for (const YamlDocument& doc : parsed.documents) {
    const YamlNode* node = doc.root ? FieldAt(*doc.root, field_) : nullptr;
    if (node && node->IsScalar()) return Version::Parse(node->scalar);
  }
  return Version::Parse("");
}

Version VersionSource::At(History* history, const std::string& rev, const std::string& base,
                          const Version& label, std::string* how) const {
  if (label.versioned) return label;
  if (literal_) {
    *how = "the policy's version";
    return *literal_;
  }
  if (!history) return label;
  if (!file_.empty()) {
    Version v = FromFile(*history, rev);
    if (v.versioned) {
      *how = file_;
      return v;
    }
  }
  if (!tags_) return label;
  if (IsCommit(rev)) {
    Release release = releases_->ShipsIn(*history, rev);
    *how = release.Note();
    return release.version;
  }
  if (!IsCommit(base)) return label;
  // A staged or worktree change over `base` ships in the release after it.
  Release release = releases_->ShipsIn(*history, base);
  if (release.how == Release::How::kTagged || release.how == Release::How::kContained) {
    release =
        Release{Release::How::kNext,
                Version::Make(release.version.major, release.version.minor + 1, 0), release.tag};
  }
  *how = release.Note();
  return release.version;
}

Version VersionSource::Past(History* history, const std::string& commit, const Version& label,
                            std::string* how) const {
  if (label.versioned || !history) return label;
  if (!file_.empty()) {
    Version v = FromFile(*history, commit);
    if (v.versioned) {
      *how = file_;
      return v;
    }
  }
  if (!tags_) return label;
  Release release = releases_->ShipsIn(*history, commit);
  *how = release.Note();
  return release.version;
}

}  // namespace skewlint
