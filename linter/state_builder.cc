#include "linter/state_builder.h"

#include <cstring>

namespace skewlint {
namespace {

bool InTemplatesFolder(std::string_view path) {
  return path.rfind("templates/", 0) == 0 || path.find("/templates/") != std::string_view::npos;
}

std::string FormatBytes(size_t n) {
  return n >= 1024 * 1024 ? std::to_string(n / (1024 * 1024)) + " MiB"
                          : std::to_string(n) + " bytes";
}

}  // namespace

std::shared_ptr<FileFacts> ReadFacts(const std::string& path, const std::string& id,
                                     std::string text, const Limits& limits) {
  auto facts = std::make_shared<FileFacts>();
  facts->path = path;
  facts->id = id;
  if (text.size() > limits.max_file_bytes) {
    facts->skipped = "file is " + FormatBytes(text.size()) + ", over the limit of " +
                     FormatBytes(limits.max_file_bytes) + " (limits.max_file_bytes)";
    return facts;
  }
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
    facts->skipped = "binary file (it holds NUL bytes)";
    return facts;
  }
  if (LooksLikeTemplate(text)) {
    facts->is_template = true;
    return facts;
  }
  // max_nodes also bounds alias expansion, so that no traversal of a
  // manifest, budgeted or not, can visit more nodes than that.
  YamlLimits yaml_limits{limits.max_depth, limits.max_documents, limits.max_nodes,
                         limits.max_nodes};
  ParsedYaml parsed = ParseYaml(text, yaml_limits);
  if (!parsed.problems.empty() && InTemplatesFolder(path)) {
    facts->is_template = true;  // a chart template that only renders as YAML
    return facts;
  }
  facts->documents = std::move(parsed.documents);
  facts->problems = std::move(parsed.problems);
  facts->text = std::make_shared<const std::string>(std::move(text));
  return facts;
}

StateBuilder::StateBuilder(Repository& repository, const Config& config)
    : repository_(repository), config_(config), prefilter_(config) {}

PathFilter StateBuilder::Filter() const {
  return [this](std::string_view path) { return config_.IncludesPath(path); };
}

Result<SnapshotFile> StateBuilder::Load(std::string_view rev, const FileEntry& entry,
                                        bool must_parse) {
  std::string key = entry.id + "\n" + entry.path;
  auto it = cache_.find(key);
  if (it != cache_.end() && !(must_parse && it->second.facts->filtered)) return it->second;
  Result<std::string> text = repository_.Read(rev, entry);
  if (!text.ok()) return text.error();
  if (it == cache_.end()) ++files_read_;
  SnapshotFile file;
  bool relevant = prefilter_.Keeps(entry.path, *text);
  if (!must_parse && !relevant) {
    auto facts = std::make_shared<FileFacts>();
    facts->path = entry.path;
    facts->id = entry.id;
    facts->filtered = true;
    facts->relevant = false;
    file.facts = std::move(facts);
  } else {
    auto facts = ReadFacts(entry.path, entry.id, std::move(text).value(), config_.limits);
    facts->relevant = relevant;
    file.facts = std::move(facts);
  }
  file.found = std::make_shared<const FileInstances>(ExtractInstances(*file.facts, config_));
  cache_[key] = file;
  return file;
}

Result<Snapshot> StateBuilder::Read(std::string_view rev) {
  if (rev.empty()) return Snapshot{};  // before the first commit
  Result<std::vector<FileEntry>> entries = repository_.ListFiles(rev, Filter());
  if (!entries.ok()) return entries.error();
  Snapshot snapshot;
  snapshot.rev = std::string(rev);
  for (const auto& entry : *entries) {
    Result<SnapshotFile> file = Load(rev, entry, false);
    if (!file.ok()) return file.error();
    snapshot.files.emplace(entry.path, std::move(file).value());
  }
  return snapshot;
}

Result<Snapshot> StateBuilder::Update(const Snapshot& previous, std::string_view rev,
                                      const std::vector<FileDelta>& deltas) {
  Snapshot snapshot = previous;
  snapshot.rev = std::string(rev);
  for (const auto& delta : deltas) {
    if (!delta.old_path.empty()) snapshot.files.erase(delta.old_path);
    if (delta.new_path.empty() || !config_.IncludesPath(delta.new_path)) continue;
    Result<SnapshotFile> file = Load(rev, FileEntry{delta.new_path, delta.new_id}, true);
    if (!file.ok()) return file.error();
    snapshot.files[delta.new_path] = std::move(file).value();
  }
  return snapshot;
}

State StateBuilder::MakeState(const Snapshot& snapshot) const {
  return skewlint::MakeState(snapshot, config_);
}

}  // namespace skewlint
