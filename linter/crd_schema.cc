#include "linter/crd_schema.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace skewlint {
namespace {

constexpr size_t kVisitBudget = 200000;

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool StartsWithWordIgnoringCase(std::string_view text, std::string_view word) {
  if (text.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
  }
  return text.size() == word.size() || !IsWordChar(text[word.size()]);
}

// The raw lines of a file, without line breaks (CRLF tolerated).
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// The comment at the end of a line holding YAML content, or "". A '#' starts
// a comment at the line start or after a blank, outside quoted scalars.
std::string_view TrailingComment(std::string_view line) {
  char quote = 0;
  char previous = ' ';
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      bool doubled = quote == '\'' && c == '\'' && i + 1 < line.size() && line[i + 1] == '\'';
      if ((c == '\\' && quote == '"') || doubled) {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if ((c == '"' || c == '\'') &&
               std::string_view(" :-[{,").find(previous) != std::string_view::npos) {
      quote = c;
    } else if (c == '#' && (previous == ' ' || previous == '\t')) {
      return line.substr(i);
    }
    previous = c;
  }
  return {};
}

std::optional<DeprecationMarker> CommentMarkerOn(std::string_view comment, int line) {
  while (!comment.empty() && comment.front() == '#') comment.remove_prefix(1);
  auto marker = ParseMarker(comment, DeprecationMarker::Source::kComment);
  if (marker) marker->line = line;
  return marker;
}

// The `# Deprecated…` comment of a key: on the key's own line, or in the
// comment lines directly above it (blank lines between them are skipped;
// the nearest marker wins). Aliases visit one key many times, so both are
// remembered by line: the nearest marker line above each line scanned, and
// the answer for each key line. Every line is scanned once.
class CommentMarkers {
 public:
  explicit CommentMarkers(std::string_view text) : own_(SplitLines(text)), lines_(own_) {}
  /// With the lines of the text split already (shared between the CRDs of
  /// one file).
  explicit CommentMarkers(const std::vector<std::string_view>& lines) : lines_(lines) {}

  std::optional<DeprecationMarker> At(int key_line) {
    if (key_line < 1 || static_cast<size_t>(key_line) > lines_.size()) return std::nullopt;
    auto [it, added] = by_key_line_.try_emplace(key_line);
    if (added) it->second = Find(key_line);
    return it->second;
  }

 private:
  std::optional<DeprecationMarker> Find(int key_line) {
    std::string_view own = lines_[key_line - 1];
    if (Trim(own).rfind('#', 0) != 0) {
      if (auto marker = CommentMarkerOn(TrailingComment(own), key_line)) return marker;
    }
    int line = MarkerLineAbove(key_line - 1);
    return line ? CommentMarkerOn(Trim(lines_[line - 1]), line) : std::nullopt;
  }

  // The nearest marker line at or above `line` in the run of comment and
  // blank lines that ends there, or 0.
  int MarkerLineAbove(int line) {
    if (above_.empty()) above_.assign(lines_.size() + 1, kUnknown);
    std::vector<int> walked;  // lines to fill in, bottom up
    int found = 0;
    for (int n = line; n >= 1; --n) {
      if (above_[n] != kUnknown) {
        found = above_[n];
        break;
      }
      std::string_view text = Trim(lines_[n - 1]);
      if (!text.empty() && text.front() != '#') {
        above_[n] = 0;
        break;
      }
      if (!text.empty() && CommentMarkerOn(text, n)) {
        above_[n] = found = n;
        break;
      }
      walked.push_back(n);
    }
    for (int n : walked) above_[n] = found;
    return found;
  }

  static constexpr int kUnknown = -1;
  std::vector<std::string_view> own_;
  const std::vector<std::string_view>& lines_;
  std::vector<int> above_;  ///< by line; lazily sized
  std::unordered_map<int, std::optional<DeprecationMarker>> by_key_line_;
};

struct SchemaReader {
  CommentMarkers& comments;
  CrdApiVersion& version;
  VisitBudget budget{kVisitBudget};

  static std::string Join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

  void Walk(const YamlNode& schema, SchemaNode node) {
    if (!budget.Spend()) return;
    if (!schema.IsMap()) {
      version.nodes.emplace(node.path, std::move(node));
      return;
    }
    node.preserve_unknown = schema.ScalarAt("x-kubernetes-preserve-unknown-fields") == "true";
    if (!node.deprecation) {
      const YamlNode* description = schema.Get("description");
      if (description && description->IsScalar()) {
        auto marker = ParseMarker(description->scalar, DeprecationMarker::Source::kDescription);
        if (marker) {
          marker->line = description->line;
          node.deprecation = std::make_shared<const DeprecationMarker>(std::move(*marker));
        }
      }
    }
    WalkProperties(schema, node);
    WalkChild(schema, "items", node.path + "[]", node.has_items);
    WalkChild(schema, "additionalProperties", node.path + ".*", node.has_additional);
    const YamlNode* additional = schema.Get("additionalProperties");
    node.open_additional = additional && additional->IsScalar() && additional->scalar == "true";
    version.nodes.emplace(node.path, std::move(node));
  }

  void WalkProperties(const YamlNode& schema, SchemaNode& node) {
    const YamlNode* properties = schema.Get("properties");
    if (!properties || !properties->IsMap()) return;
    node.declares_properties = true;
    for (const auto& entry : properties->entries) {
      if (budget.exhausted()) return;
      SchemaNode child;
      child.path = Join(node.path, entry.key);
      child.is_property = true;
      child.line = entry.key_line;
      child.column = entry.key_column;
      if (auto marker = comments.At(entry.key_line)) {
        child.deprecation = std::make_shared<const DeprecationMarker>(std::move(*marker));
      }
      Walk(*entry.value, std::move(child));
    }
  }

  void WalkChild(const YamlNode& schema, std::string_view key, std::string path, bool& flag) {
    const YamlNode::Entry* entry = schema.GetEntry(key);
    if (!entry || !entry->value->IsMap()) return;
    flag = true;
    SchemaNode child;
    child.path = std::move(path);
    child.line = entry->key_line;
    child.column = entry->key_column;
    Walk(*entry->value, std::move(child));
  }
};

std::optional<DeprecationMarker> VersionMarker(const YamlNode& item, CommentMarkers& comments) {
  if (item.ScalarAt("deprecated") == "true") {
    std::string warning(Trim(item.ScalarAt("deprecationWarning")));
    DeprecationMarker marker{DeprecationMarker::Source::kVersionField,
                             warning.empty() ? "deprecated: true" : warning, MarkerVersion(warning),
                             item.Get("deprecated")->line};
    return marker;
  }
  if (auto marker = comments.At(item.line)) return marker;
  const YamlNode::Entry* name = item.GetEntry("name");
  return name && name->key_line != item.line ? comments.At(name->key_line) : std::nullopt;
}

void ReadSchema(const YamlNode::Entry* entry, CommentMarkers& comments, CrdApiVersion& version) {
  if (!entry || !entry->value->IsMap()) return;
  version.has_schema = true;
  SchemaNode root;
  root.line = entry->key_line;
  root.column = entry->key_column;
  SchemaReader reader{comments, version};
  reader.Walk(*entry->value, std::move(root));
  version.truncated = reader.budget.exhausted();
}

CrdApiVersion ReadApiVersion(const YamlNode& item, const YamlNode::Entry* shared,
                             CommentMarkers& comments) {
  CrdApiVersion version;
  version.name = item.ScalarAt("name");
  version.served = item.ScalarAt("served") != "false";
  version.storage = item.ScalarAt("storage") == "true";
  const YamlNode::Entry* name = item.GetEntry("name");
  version.line = name ? name->key_line : item.line;
  version.column = name ? name->key_column : item.column;
  version.deprecation = VersionMarker(item, comments);
  const YamlNode* wrapper = item.Get("schema");
  const YamlNode::Entry* own = wrapper ? wrapper->GetEntry("openAPIV3Schema") : nullptr;
  ReadSchema(own ? own : shared, comments, version);
  return version;
}

}  // namespace

std::optional<DeprecationMarker> ParseMarker(std::string_view text,
                                             DeprecationMarker::Source source) {
  std::string_view body = Trim(text);
  auto leads = [](std::string_view start) {
    while (!start.empty() &&
           std::string_view(" \t*_>`[(").find(start.front()) != std::string_view::npos) {
      start.remove_prefix(1);
    }
    return StartsWithWordIgnoringCase(start, "deprecated");
  };
  bool marked = leads(body);
  // A description also deprecates from the start of a paragraph or sentence
  // that begins a line (the Go doc convention, "Deprecated: use x" after the
  // field's summary, that controller-gen copies into descriptions); a
  // "deprecated" inside a sentence does not.
  for (size_t at = body.find('\n');
       !marked && source == DeprecationMarker::Source::kDescription && at != std::string_view::npos;
       at = body.find('\n', at + 1)) {
    std::string_view before = body.substr(0, at);
    size_t line_start = before.rfind('\n');
    std::string_view previous =
        Trim(line_start == std::string_view::npos ? before : before.substr(line_start + 1));
    bool sentence_start = previous.empty() ||
                          std::string_view(".:!?)").find(previous.back()) != std::string_view::npos;
    marked = sentence_start && leads(body.substr(at + 1));
  }
  if (!marked) return std::nullopt;
  return DeprecationMarker{source, std::string(body), MarkerVersion(body), 0};
}

std::optional<Version> MarkerVersion(std::string_view text) {
  static const RE2 after_word(
      R"((?i)\bdeprecated\W+(?:(?:since|in|as\s+of|from|with|starting(?:\s+(?:in|with|from))?)\s+)?)"
      R"((?:(?:version|release)\s+)?v?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?))");
  static const RE2 since(R"((?i)\b(?:since|as\s+of)\s+(?:(?:version|release)\s+)?)"
                         R"(v?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?))");
  re2::StringPiece input(text.data(), text.size());
  std::string found;
  if (!RE2::PartialMatch(input, after_word, &found) && !RE2::PartialMatch(input, since, &found)) {
    return std::nullopt;
  }
  Version version = Version::Parse(found);
  if (!version.versioned) return std::nullopt;
  return version;
}

const SchemaNode* CrdApiVersion::Find(std::string_view path) const {
  auto it = nodes.find(std::string(path));
  return it == nodes.end() ? nullptr : &it->second;
}

const DeprecationMarker* CrdApiVersion::MarkerOf(std::string_view path) const {
  if (path.empty()) return deprecation ? &*deprecation : nullptr;
  const SchemaNode* node = Find(path);
  return node && node->deprecation ? node->deprecation.get() : nullptr;
}

const SchemaNode* CrdApiVersion::NearestExisting(std::string_view path) const {
  std::string at(path);
  while (!at.empty() && !Find(at)) at = ParentPath(at);
  return Find(at);
}

const CrdApiVersion* CrdSchema::Find(std::string_view api_version) const {
  for (const auto& v : versions) {
    if (v.name == api_version) return &v;
  }
  return nullptr;
}

std::vector<const CrdApiVersion*> CrdSchema::Served() const {
  std::vector<const CrdApiVersion*> out;
  for (const auto& v : versions) {
    if (v.served) out.push_back(&v);
  }
  return out;
}

std::string ParentPath(std::string_view path) {
  if (path.size() >= 2 && path.substr(path.size() - 2) == "[]") {
    return std::string(path.substr(0, path.size() - 2));
  }
  size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? "" : std::string(path.substr(0, dot));
}

namespace {

CrdSchema ReadWithComments(const YamlNode& crd, CommentMarkers& comments) {
  CrdSchema schema;
  if (!crd.IsMap()) return schema;
  schema.name = crd.Path("metadata.name") ? crd.Path("metadata.name")->scalar : "";
  const YamlNode* spec = crd.Get("spec");
  if (!spec || !spec->IsMap()) return schema;
  schema.group = spec->ScalarAt("group");
  schema.kind = spec->Path("names.kind") ? spec->Path("names.kind")->scalar : "";
  std::string_view preserve = spec->ScalarAt("preserveUnknownFields");
  bool keeps_unknown =
      preserve == "true" ||
      (crd.ScalarAt("apiVersion") == "apiextensions.k8s.io/v1beta1" && preserve != "false");
  const YamlNode* validation = spec->Get("validation");
  const YamlNode::Entry* shared = validation ? validation->GetEntry("openAPIV3Schema") : nullptr;
  const YamlNode::Entry* versions = spec->GetEntry("versions");
  if (versions && versions->value->IsSequence()) {
    schema.versions_line = versions->key_line;
    schema.versions_column = versions->key_column;
    for (const auto& item : versions->value->items) {
      if (item->IsMap()) schema.versions.push_back(ReadApiVersion(*item, shared, comments));
    }
  } else if (const YamlNode::Entry* single = spec->GetEntry("version")) {
    schema.versions_line = single->key_line;
    schema.versions_column = single->key_column;
    CrdApiVersion version;
    version.name = single->value->scalar;
    version.line = single->key_line;
    version.column = single->key_column;
    ReadSchema(shared, comments, version);
    schema.versions.push_back(std::move(version));
  }
  for (auto& version : schema.versions) version.keeps_unknown = keeps_unknown;
  return schema;
}

// The schemas read so far. A state's CRDs are read by several rules, and
// the next commit's state shares every document of the files it did not
// change; the next version of a changed bundle shares, by content id, every
// document whose bytes it did not change. An entry by document pointer
// holds neither the document nor the text (weak pointers), so it cannot
// keep a parse alive, and it answers only while both are the ones it was
// read from. An entry by content id needs neither: ids are never reused.
class SchemaCache {
 public:
  std::shared_ptr<const CrdSchema> Get(const YamlNodePtr& crd,
                                       const std::shared_ptr<const std::string>& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++clock_;
    auto it = by_node_.find(crd.get());
    if (it != by_node_.end() && it->second.node.lock() == crd && it->second.text.lock() == text) {
      it->second.used = clock_;
      return it->second.schema;
    }
    auto schema = Read(*crd, text);
    NodeEntry entry;
    entry.schema = schema;
    entry.node = crd;
    entry.text = text;
    Put(by_node_, crd.get(), std::move(entry));
    return schema;
  }

  std::shared_ptr<const CrdSchema> Get(const YamlDocument& doc,
                                       const std::shared_ptr<const std::string>& text) {
    if (doc.content_id == 0) return Get(doc.root, text);
    std::lock_guard<std::mutex> lock(mutex_);
    ++clock_;
    auto key = std::make_pair(doc.content_id, text != nullptr);
    auto it = by_content_.find(key);
    if (it != by_content_.end()) {
      ContentEntry& entry = it->second;
      entry.used = clock_;
      if (entry.first_line == doc.first_line) return entry.schema;
      // The states before and after a change ask for one document at two
      // places: keep both.
      if (entry.other && entry.other_line == doc.first_line) {
        std::swap(entry.schema, entry.other);
        std::swap(entry.first_line, entry.other_line);
        return entry.schema;
      }
      entry.other = std::move(entry.schema);
      entry.other_line = entry.first_line;
      entry.schema = std::make_shared<const CrdSchema>(
          ShiftLines(*entry.other, doc.first_line - entry.other_line));
      entry.first_line = doc.first_line;
      if (!entry.counted_other) {
        entry.counted_other = true;
        bytes_ += entry.bytes;
        entry.bytes *= 2;
      }
      return entry.schema;
    }
    auto schema = Read(*doc.root, text);
    ContentEntry entry;
    entry.schema = schema;
    entry.first_line = doc.first_line;
    Put(by_content_, key, std::move(entry));
    return schema;
  }

 private:
  struct Entry {
    std::shared_ptr<const CrdSchema> schema;
    uint64_t used = 0;
    size_t bytes = 0;  ///< an estimate of what it holds
  };
  struct NodeEntry : Entry {
    std::weak_ptr<const YamlNode> node;
    std::weak_ptr<const std::string> text;
    bool Stale() const { return node.expired() || text.expired(); }
  };
  struct ContentEntry : Entry {
    int first_line = 0;                      ///< where `schema` stands
    std::shared_ptr<const CrdSchema> other;  ///< the same at another place, or null
    int other_line = 0;
    bool counted_other = false;
    bool Stale() const { return false; }
  };

  std::shared_ptr<const CrdSchema> Read(const YamlNode& crd,
                                        const std::shared_ptr<const std::string>& text) {
    if (lines_for_.lock() != text || lines_for_.expired()) {
      lines_ = text ? SplitLines(*text) : std::vector<std::string_view>{};
      lines_for_ = text;
    }
    CommentMarkers comments(lines_);
    return std::make_shared<const CrdSchema>(ReadWithComments(crd, comments));
  }

  static size_t Estimate(const CrdSchema& schema) {
    size_t bytes = sizeof(CrdSchema) + schema.name.size();
    for (const auto& version : schema.versions) {
      bytes += sizeof(CrdApiVersion);
      for (const auto& [path, node] : version.nodes) bytes += kNodeBytes + 2 * path.size();
    }
    return bytes;
  }

  template <typename Map, typename Key, typename Value>
  void Put(Map& map, const Key& key, Value entry) {
    entry.used = clock_;
    entry.bytes = Estimate(*entry.schema);
    if (auto old = map.find(key); old != map.end()) {
      bytes_ -= old->second.bytes;
      map.erase(old);
    }
    bytes_ += entry.bytes;
    map.emplace(key, std::move(entry));
    if (bytes_ > kBudget) Shrink();
  }

  // Drops what can no longer answer, then the least recently used, down to
  // three quarters of the budget.
  void Shrink() {
    std::vector<std::pair<uint64_t, size_t>> uses;  // last use, bytes
    auto stale = [&](auto& map) {
      for (auto it = map.begin(); it != map.end();) {
        if (it->second.Stale()) {
          bytes_ -= it->second.bytes;
          it = map.erase(it);
        } else {
          uses.emplace_back(it->second.used, it->second.bytes);
          ++it;
        }
      }
    };
    stale(by_node_);
    stale(by_content_);
    std::sort(uses.begin(), uses.end());
    uint64_t keep_from = 0;  // entries used at or after this stay
    size_t left = bytes_;
    for (const auto& [used, bytes] : uses) {
      if (left <= kBudget / 4 * 3) break;
      left -= bytes;
      keep_from = used + 1;
    }
    auto drop = [&](auto& map) {
      for (auto it = map.begin(); it != map.end();) {
        if (it->second.used < keep_from) {
          bytes_ -= it->second.bytes;
          it = map.erase(it);
        } else {
          ++it;
        }
      }
    };
    drop(by_node_);
    drop(by_content_);
  }

  struct PairHash {
    size_t operator()(const std::pair<uint64_t, bool>& key) const {
      return std::hash<uint64_t>()(key.first * 2 + (key.second ? 1 : 0));
    }
  };

  /// The schemas of a few states' CRDs (a 4 MiB bundle's are about 20 MiB).
  static constexpr size_t kBudget = size_t{48} << 20;
  static constexpr size_t kNodeBytes = 160;  ///< a SchemaNode in its map, without its path
  std::mutex mutex_;
  uint64_t clock_ = 0;
  size_t bytes_ = 0;
  std::unordered_map<const YamlNode*, NodeEntry> by_node_;
  std::unordered_map<std::pair<uint64_t, bool>, ContentEntry, PairHash> by_content_;
  std::weak_ptr<const std::string> lines_for_;  // the text lines_ split
  std::vector<std::string_view> lines_;
};

SchemaCache& TheSchemaCache() {
  static SchemaCache* cache = new SchemaCache();  // never destroyed: no exit-order trouble
  return *cache;
}

void ShiftMarker(std::optional<DeprecationMarker>& marker, int delta) {
  if (marker && marker->line) marker->line += delta;
}

void ShiftMarker(std::shared_ptr<const DeprecationMarker>& marker, int delta) {
  if (!marker || !marker->line) return;
  auto moved = std::make_shared<DeprecationMarker>(*marker);
  moved->line += delta;
  marker = std::move(moved);
}

void Shift(int& line, int delta) {
  if (line) line += delta;
}

}  // namespace

CrdSchema ReadCrdSchema(const YamlNode& crd, std::string_view text) {
  CommentMarkers comments(text);
  return ReadWithComments(crd, comments);
}

std::shared_ptr<const CrdSchema> CachedCrdSchema(const YamlNodePtr& crd,
                                                 const std::shared_ptr<const std::string>& text) {
  return TheSchemaCache().Get(crd, text);
}

std::shared_ptr<const CrdSchema> CachedCrdSchema(const YamlDocument& document,
                                                 const std::shared_ptr<const std::string>& text) {
  return TheSchemaCache().Get(document, text);
}

CrdSchema ShiftLines(const CrdSchema& schema, int delta) {
  CrdSchema out = schema;
  if (delta == 0) return out;
  Shift(out.versions_line, delta);
  for (auto& version : out.versions) {
    Shift(version.line, delta);
    ShiftMarker(version.deprecation, delta);
    for (auto& [path, node] : version.nodes) {
      Shift(node.line, delta);
      ShiftMarker(node.deprecation, delta);
    }
  }
  return out;
}

namespace {

struct FieldWalker {
  const CrdApiVersion& version;
  std::vector<FieldUse>& out;
  VisitBudget budget{kVisitBudget};

  static bool SkippedAtRoot(std::string_view key) {
    return key == "apiVersion" || key == "kind" || key == "metadata" || key == "status";
  }

  void Walk(const YamlNode& value, const std::string& path, const std::string& shown) {
    const SchemaNode* node = version.Find(path);
    if (!budget.Spend() || !node || node->preserve_unknown) return;
    if (value.IsSequence() && node->has_items) {
      for (const auto& item : value.items) {
        if (budget.exhausted()) return;
        Walk(*item, path + "[]", shown + "[]");
      }
      return;
    }
    if (!value.IsMap()) return;
    for (const auto& entry : value.entries) {
      if (budget.exhausted()) return;
      if (path.empty() && SkippedAtRoot(entry.key)) continue;
      if (entry.value->IsNull()) continue;  // `field: ~` or `field:` sets nothing
      std::string child_shown = SchemaReader::Join(shown, entry.key);
      std::string child = SchemaReader::Join(path, entry.key);
      if (!node->declares_properties || !version.Find(child)) {
        if (node->has_additional) {
          child = path + ".*";
        } else if (node->open_additional || !node->declares_properties) {
          continue;
        }
      }
      bool known = version.Find(child) != nullptr;
      if (!known && (version.truncated || version.keeps_unknown)) continue;
      out.push_back(FieldUse{child, child_shown, entry.key_line, entry.key_column, known});
      if (known) Walk(*entry.value, child, child_shown);
    }
  }
};

}  // namespace

std::vector<FieldUse> FieldsSet(const CrdApiVersion& version, const YamlNode& resource) {
  std::vector<FieldUse> out;
  if (!version.has_schema) return out;
  FieldWalker walker{version, out};
  walker.Walk(resource, "", "");
  return out;
}

}  // namespace skewlint
