#include "linter/state_builder.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <system_error>
#include <thread>

#include "linter/kustomize.h"
#include "linter/yaml_fastcheck.h"

namespace skewlint {
namespace {

bool InTemplatesFolder(std::string_view path) {
  return path.rfind("templates/", 0) == 0 || path.find("/templates/") != std::string_view::npos;
}

// A chart's `helm test` Pods: run by `helm test`, never by an upgrade.
bool InChartTestsFolder(std::string_view path) {
  return path.rfind("templates/tests/", 0) == 0 ||
         path.find("/templates/tests/") != std::string_view::npos;
}

std::string FormatBytes(size_t n) {
  return n >= 1024 * 1024 ? std::to_string(n / (1024 * 1024)) + " MiB"
                          : std::to_string(n) + " bytes";
}

}  // namespace

std::shared_ptr<FileFacts> ReadFacts(const std::string& path, const std::string& id,
                                     std::string text, const Limits& limits, bool need_tree,
                                     bool not_text, ParseMemo* memo) {
  auto facts = std::make_shared<FileFacts>();
  facts->path = path;
  facts->id = id;
  constexpr size_t kBinaryProbe = 8192;
  if (not_text || std::memchr(text.data(), '\0', std::min(text.size(), kBinaryProbe)) != nullptr) {
    facts->not_manifest = true;  // binary, or git-crypt's "\0GITCRYPT\0" header
    return facts;
  }
  if (text.size() > limits.max_file_bytes) {
    facts->skipped = "file is " + FormatBytes(text.size()) + ", over the limit of " +
                     FormatBytes(limits.max_file_bytes) + " (limits.max_file_bytes)";
    return facts;
  }
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
    facts->skipped = "binary file (it holds NUL bytes)";
    return facts;
  }
  // A chart template ({{ }} in a templates/ folder, or anything in
  // templates/tests/) is never read. Elsewhere, {{ }} makes a template only
  // when the file does not parse: values handed to a chart may hold them.
  bool templated = LooksLikeTemplate(text);
  if (InChartTestsFolder(path) || (templated && InTemplatesFolder(path))) {
    facts->is_template = true;
    return facts;
  }
  // max_nodes also bounds alias expansion, so that no traversal of a
  // manifest, budgeted or not, can visit more nodes than that.
  YamlLimits yaml_limits{limits.max_depth, limits.max_documents, limits.max_nodes,
                         limits.max_nodes};
  if (!need_tree && CertainlyParses(text, yaml_limits)) {
    facts->text = std::make_shared<const std::string>(std::move(text));
    return facts;
  }
  ParsedYaml parsed = ParseYaml(text, yaml_limits, memo);
  if (!parsed.problems.empty() && (templated || InTemplatesFolder(path))) {
    facts->is_template = true;  // a template that only renders as YAML
    return facts;
  }
  facts->documents = std::move(parsed.documents);
  facts->problems = std::move(parsed.problems);
  facts->text = std::make_shared<const std::string>(std::move(text));
  return facts;
}

StateBuilder::StateBuilder(Repository& repository, const Config& config)
    : repository_(repository), config_(config), prefilter_(config) {
  unsigned cores = std::thread::hardware_concurrency();
  workers_ = std::min<size_t>(cores > 1 ? cores - 1 : 0, 7);
}

bool StateBuilder::Reads(std::string_view path) const {
  return config_.IncludesPath(path) && path != config_.path;
}

PathFilter StateBuilder::Filter() const {
  return [this](std::string_view path) { return Reads(path); };
}

bool StateBuilder::NamesKind(std::string_view text, const std::vector<std::string>& kinds,
                             size_t from) {
  for (size_t i = from; i < kinds.size(); ++i) {
    if (text.find(kinds[i]) != std::string_view::npos) return true;
  }
  return false;
}

void StateBuilder::LearnCrdKinds(const FileFacts& facts) {
  for (const auto& doc : facts.documents) {
    const YamlNode& root = *doc.root;
    if (!root.IsMap() || root.ScalarAt("kind") != "CustomResourceDefinition") continue;
    const YamlNode* names = root.Path("spec.names");
    std::string kind(names ? names->ScalarAt("kind") : "");
    if (kind.size() >= 3 && crd_kind_set_.insert(kind).second) crd_kinds_.push_back(kind);
  }
}

ParseMemo* StateBuilder::MemoFor(const std::string& path, size_t text_size) {
  if (text_size < kMemoFrom || lent_memos_.count(path)) return nullptr;
  auto& memo = memos_[path];
  if (!memo) memo = std::make_unique<ParseMemo>();
  return memo.get();
}

SnapshotFile StateBuilder::Build(const FileEntry& entry, const std::string& text, bool must_parse,
                                 Prefilter::Keep keep, bool not_text, ParseMemo* memo) const {
  if (not_text) keep = Prefilter::Keep::kNo;
  bool relevant = keep != Prefilter::Keep::kNo && !not_text;
  SnapshotFile file;
  if (not_text) {
    auto facts = ReadFacts(entry.path, entry.id, "", config_.limits, false, true);
    facts->relevant = false;
    facts->content = false;
    file.facts = std::move(facts);
  } else if (!must_parse && !relevant) {
    auto facts = std::make_shared<FileFacts>();
    facts->path = entry.path;
    facts->id = entry.id;
    facts->filtered = true;
    facts->relevant = false;
    facts->content = false;
    file.facts = std::move(facts);
  } else {
    // A changed file nothing reads but parse-error needs no tree when it
    // certainly parses.
    auto facts =
        ReadFacts(entry.path, entry.id, text, config_.limits, /*need_tree=*/relevant, false, memo);
    facts->relevant = relevant;
    facts->content = keep == Prefilter::Keep::kByContent;
    file.facts = std::move(facts);
  }
  file.found = std::make_shared<const FileInstances>(ExtractInstances(*file.facts, config_));
  file.signature = Signature(entry, *file.found, keep);
  return file;
}

SnapshotFile StateBuilder::Make(std::string_view rev, const FileEntry& entry,
                                std::shared_ptr<const std::string> text, bool must_parse,
                                Prefilter::Keep keep) {
  bool not_text = repository_.NotText(rev, {entry}).front();
  SnapshotFile file = Build(entry, *text, must_parse, keep, not_text);
  if (file.facts->relevant) LearnCrdKinds(*file.facts);
  return file;
}

std::string StateBuilder::Signature(const FileEntry& entry, const FileInstances& found,
                                    Prefilter::Keep keep) const {
  if (keep == Prefilter::Keep::kNo || keep == Prefilter::Keep::kForFileRules) return "";
  if (keep == Prefilter::Keep::kByContent || !found.instances.empty() ||
      !found.app_version_candidates.empty() || found.patch_like) {
    return "#" + entry.id;
  }
  // Kept for its structure: only what Kustomize resolution reads can matter.
  std::string out = found.is_kustomization ? "kustomization" : "";
  if (!found.app_version.raw.empty()) out += "appVersion " + found.app_version.raw;
  for (const auto& resource : found.kustomize_resources) out += "\nresource " + resource;
  for (const auto& [path, id] : found.flux_builders) out += "\nflux " + path + " " + id;
  for (const auto& p : found.patches) {
    out += "\npatch " + p.file + " " + p.target.ToString() + " " + p.built_by + " " +
           p.at.ToString() + "\n" + p.text;
  }
  for (const auto& o : found.overrides) {
    if (!prefilter_.Mentions(o.name) && !prefilter_.Mentions(o.new_name)) continue;
    out += "\nimage " + o.name + " " + o.new_name + " " + o.version.raw + " " +
           (o.has_tag ? "tag " : "") + std::to_string(o.location.line) + ":" +
           std::to_string(o.location.column);
  }
  return out;
}

SnapshotFile StateBuilder::Hit(std::string_view rev, Cached& c, const FileEntry& entry,
                               bool must_parse) {
  const FileFacts& facts = *c.file.facts;
  if (!facts.relevant && c.kinds_known < crd_kinds_.size()) {
    // A CRD seen since names this file's kind: it now holds a custom resource.
    const std::string* text = c.text ? c.text.get() : facts.text.get();
    size_t from = c.kinds_known;
    c.kinds_known = crd_kinds_.size();
    if (text && NamesCrdKind(*text, from)) {
      auto kept = c.text ? c.text : facts.text;
      c.file = Make(rev, entry, kept, true, Prefilter::Keep::kByContent);
      c.text = nullptr;
    }
  }
  if (must_parse && c.file.facts->filtered) {
    c.file = Make(rev, entry, c.text, true, Prefilter::Keep::kNo);  // filtered: not relevant
    c.text = nullptr;
  }
  return c.file;
}

Result<std::vector<SnapshotFile>> StateBuilder::LoadAll(std::string_view rev,
                                                        const std::vector<FileEntry>& entries,
                                                        bool must_parse) {
  std::vector<SnapshotFile> out(entries.size());
  std::vector<Job> jobs;
  std::vector<size_t> at;  // of each job, its index in `entries`
  std::vector<FileEntry> misses;
  ++reads_;
  for (size_t i = 0; i < entries.size(); ++i) {
    const FileEntry& entry = entries[i];
    std::string key = entry.id + "\n" + entry.path;
    if (auto it = cache_.find(key); it != cache_.end()) {
      Cached& c = it->second;
      out[i] = Hit(rev, c, entry, must_parse);
      cache_bytes_ -= c.bytes;
      c.bytes = Estimate(c);
      cache_bytes_ += c.bytes;
      c.used = reads_;
      continue;
    }
    jobs.push_back(Job{entry, std::move(key)});
    at.push_back(i);
    misses.push_back(entry);
  }
  std::vector<Result<std::string>> texts = repository_.ReadAll(rev, misses);
  for (size_t j = 0; j < jobs.size(); ++j) {
    if (!texts[j].ok()) return texts[j].error();
    jobs[j].text = std::make_shared<const std::string>(std::move(texts[j]).value());
    jobs[j].memo = MemoFor(jobs[j].entry.path, jobs[j].text->size());
    CountRead(jobs[j]);
  }
  size_t known = crd_kinds_.size();
  ParseJobs(jobs, must_parse, crd_kinds_);
  StoreJobs(rev, jobs, must_parse, known, true);
  for (size_t j = 0; j < jobs.size(); ++j) out[at[j]] = jobs[j].file;
  if (cache_bytes_ > trim_at_) Trim();
  return out;
}

void StateBuilder::CountRead(const Job& job) {
  bytes_read_ += job.text->size();
  // A blob the cache dropped is read again, but counted once.
  if (dropped_.empty() || dropped_.erase(std::hash<std::string>{}(job.key)) == 0) ++files_read_;
}

void StateBuilder::ParseJobs(std::vector<Job>& jobs, bool must_parse,
                             const std::vector<std::string>& kinds) const {
  // Judging and parsing are most of the work and touch nothing shared (the
  // CRD kinds only change in StoreJobs): spread them over the cores.
  // A parse memo serves one parse at a time, in the order of the file's
  // versions: the jobs with one are this thread's, in order.
  std::vector<size_t> memo_jobs, plain_jobs;
  for (size_t j = 0; j < jobs.size(); ++j) (jobs[j].memo ? memo_jobs : plain_jobs).push_back(j);
  auto parse = [&](Job& job) {
    Prefilter::Keep keep = prefilter_.Why(job.entry.path, *job.text);
    if (keep != Prefilter::Keep::kByContent && NamesKind(*job.text, kinds, 0)) {
      keep = Prefilter::Keep::kByContent;  // a custom resource of a CRD seen
    }
    job.file = Build(job.entry, *job.text, must_parse, keep, false, job.memo);
    job.keep = keep;
  };
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k; (k = next.fetch_add(1)) < plain_jobs.size();) parse(jobs[plain_jobs[k]]);
  };
  size_t helpers = jobs.size() >= kParallelFrom ? workers_ : 0;
  std::vector<std::thread> threads;
  for (size_t t = 0; t < helpers; ++t) {
    try {
      threads.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no thread to be had (a process limit): this one does the rest
    }
  }
  for (size_t j : memo_jobs) parse(jobs[j]);
  work();
  for (auto& t : threads) t.join();
}

void StateBuilder::StoreJobs(std::string_view rev, std::vector<Job>& jobs, bool must_parse,
                             size_t known, bool replace) {
  if (!replace) {
    std::erase_if(jobs, [&](const Job& job) { return cache_.count(job.key) > 0; });
  }
  // Of the files read, those `.gitattributes` marks as not text (git-crypt
  // and other filters, -diff, binary) are not manifests: asked only for the
  // files that were read, which are few beside those the prefilter dropped.
  std::vector<size_t> read;
  std::vector<FileEntry> read_entries;
  for (size_t j = 0; j < jobs.size(); ++j) {
    if (jobs[j].file.facts->filtered || jobs[j].file.facts->not_manifest) continue;
    read.push_back(j);
    read_entries.push_back(jobs[j].entry);
  }
  std::vector<bool> not_text = repository_.NotText(rev, read_entries);
  for (size_t k = 0; k < read.size() && k < not_text.size(); ++k) {
    if (!not_text[k]) continue;
    Job& job = jobs[read[k]];
    job.file = Build(read_entries[k], *job.text, must_parse, job.keep, true);
  }
  for (Job& job : jobs) {
    if (job.file.facts->relevant) LearnCrdKinds(*job.file.facts);
    // A file not parsed keeps its text, to be judged again when a CRD comes.
    auto text = job.file.facts->filtered ? job.text : nullptr;
    Cached& c = cache_[job.key] = Cached{job.file, std::move(text), known};
    c.bytes = Estimate(c);
    c.used = reads_;
    cache_bytes_ += c.bytes;
  }
}

size_t StateBuilder::Estimate(const Cached& c) {
  // Measured on manifests: a parsed tree takes about ten times its text.
  const FileFacts& facts = *c.file.facts;
  size_t text = facts.text ? facts.text->size() : 0;
  size_t bytes = 1024 + (c.text ? c.text->size() : 0) + text + c.file.found->instances.size() * 512;
  if (!facts.documents.empty()) bytes += 10 * text;
  return bytes;
}

void StateBuilder::Trim() {
  // Only the cache holds the entry: dropping it frees it. Ordered by last
  // use, then key, so that what is dropped does not depend on addresses.
  std::vector<std::pair<uint64_t, std::map<std::string, Cached>::iterator>> idle;
  for (auto it = cache_.begin(); it != cache_.end(); ++it) {
    const SnapshotFile& f = it->second.file;
    if (f.facts.use_count() == 1 && f.found.use_count() == 1)
      idle.emplace_back(it->second.used, it);
  }
  std::stable_sort(idle.begin(), idle.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  size_t goal = budget_ / 4 * 3;
  for (auto& [used, it] : idle) {
    if (cache_bytes_ <= goal) break;
    cache_bytes_ -= it->second.bytes;
    dropped_.insert(std::hash<std::string>{}(it->first));
    cache_.erase(it);
  }
  // What is held elsewhere stays: wait for another half budget before the
  // next look, so that a cache held over its budget is not walked on every
  // read.
  trim_at_ = std::max(budget_, cache_bytes_ + budget_ / 2);
}

void StateBuilder::Rejudge(Snapshot& snapshot) {
  for (auto& [path, file] : snapshot.files) {
    if (file.facts->relevant) continue;
    auto it = cache_.find(file.facts->id + "\n" + path);
    if (it == cache_.end() || it->second.kinds_known == crd_kinds_.size()) continue;
    file = Hit(snapshot.rev, it->second, FileEntry{path, file.facts->id}, false);
    if (file.found->is_kustomization) snapshot.kustomize_graph = nullptr;
    Renote(snapshot, path);
  }
}

Result<Snapshot> StateBuilder::Read(std::string_view rev) {
  if (rev.empty()) return Snapshot{};  // before the first commit
  Result<std::vector<FileEntry>> entries = repository_.ListFiles(rev, Filter());
  if (!entries.ok()) return entries.error();
  size_t kinds = crd_kinds_.size();
  auto files = LoadAll(rev, *entries, false);
  if (!files.ok()) return files.error();
  Snapshot snapshot;
  snapshot.rev = std::string(rev);
  for (size_t i = 0; i < entries->size(); ++i) {
    snapshot.files.emplace_hint(snapshot.files.end(), std::move((*entries)[i].path),
                                std::move((*files)[i]));
  }
  Index(snapshot);
  if (crd_kinds_.size() != kinds) Rejudge(snapshot);
  return snapshot;
}

Status StateBuilder::Apply(Snapshot& snapshot, std::string_view rev,
                           const std::vector<FileDelta>& deltas) {
  size_t kinds = crd_kinds_.size();
  snapshot.rev = std::string(rev);
  std::vector<FileEntry> entries;
  // The Kustomize graph stands unless a kustomization comes, goes, lists
  // other resources, or gains or loses a tracked images: entry (a new tag
  // leaves it as it is).
  std::map<std::string, std::pair<std::vector<std::string>, bool>> removed;  // resources, tracked
  for (const auto& delta : deltas) {
    if (auto old = snapshot.files.find(delta.old_path); old != snapshot.files.end()) {
      const FileInstances& found = *old->second.found;
      if (found.is_kustomization) {
        removed[old->first] = {found.kustomize_resources, HasTrackedImage(found)};
      }
      snapshot.files.erase(old);
    }
    if (delta.new_path.empty() || !Reads(delta.new_path)) continue;
    entries.push_back(FileEntry{delta.new_path, delta.new_id});
  }
  auto files = LoadAll(rev, entries, true);
  if (!files.ok()) return files.error();
  bool graph_moved = false;
  for (size_t i = 0; i < entries.size(); ++i) {
    const FileInstances& found = *(*files)[i].found;
    auto old = removed.find(entries[i].path);
    if (found.is_kustomization &&
        (old == removed.end() || old->second.first != found.kustomize_resources ||
         old->second.second != HasTrackedImage(found))) {
      graph_moved = true;
    }
    if (old != removed.end() && found.is_kustomization) removed.erase(old);
    snapshot.files[entries[i].path] = std::move((*files)[i]);
  }
  if (graph_moved || !removed.empty()) snapshot.kustomize_graph = nullptr;
  for (const auto& delta : deltas) {
    Renote(snapshot, delta.old_path);
    Renote(snapshot, delta.new_path);
  }
  if (crd_kinds_.size() != kinds) Rejudge(snapshot);
  return Ok{};
}

Status StateBuilder::Prefetch(Snapshot& current, std::string_view rev,
                              const std::vector<FileEntry>& files) {
  auto batch = BeginPrefetch(rev, files);
  RunPrefetch(*batch);
  EndPrefetch(current, *batch);
  return Ok{};
}

std::unique_ptr<StateBuilder::PrefetchBatch> StateBuilder::BeginPrefetch(
    std::string_view rev, const std::vector<FileEntry>& files) {
  auto batch = std::make_unique<PrefetchBatch>();
  batch->rev = std::string(rev);
  batch->kinds = crd_kinds_;
  for (const FileEntry& entry : files) {
    std::string key = entry.id + "\n" + entry.path;
    if (cache_.count(key)) continue;
    Job job{entry, std::move(key)};
    // The memo of a large file's path goes with the batch (a path first
    // met in it has none yet: EndPrefetch makes it for the next batches).
    if (auto memo = memos_.find(entry.path); memo != memos_.end()) {
      job.memo = memo->second.get();
      if (lent_memos_.insert(entry.path).second) batch->lent.push_back(entry.path);
    }
    batch->jobs.push_back(std::move(job));
  }
  return batch;
}

void StateBuilder::RunPrefetch(PrefetchBatch& batch) const {
  std::vector<FileEntry> entries;
  for (const Job& job : batch.jobs) entries.push_back(job.entry);
  std::vector<Result<std::string>> texts = repository_.ReadAllAside(batch.rev, entries);
  for (size_t j = 0; j < batch.jobs.size(); ++j) {
    if (j >= texts.size() || !texts[j].ok()) {
      batch.failed = true;  // left for the step that meets it
      return;
    }
    batch.jobs[j].text = std::make_shared<const std::string>(std::move(texts[j]).value());
    if (batch.jobs[j].text->size() < kMemoFrom) batch.jobs[j].memo = nullptr;
  }
  ParseJobs(batch.jobs, true, batch.kinds);
}

void StateBuilder::DropPrefetch(const PrefetchBatch& batch) {
  for (const std::string& path : batch.lent) lent_memos_.erase(path);
}

size_t StateBuilder::EndPrefetch(Snapshot& current, PrefetchBatch& batch) {
  DropPrefetch(batch);
  if (batch.failed) return 0;
  size_t before = bytes_read_;
  ++reads_;
  for (const Job& job : batch.jobs) {
    if (cache_.count(job.key)) continue;  // read here meanwhile: counted then
    CountRead(job);
    MemoFor(job.entry.path, job.text->size());  // for a large file's next versions
  }
  size_t kinds = crd_kinds_.size();
  StoreJobs(batch.rev, batch.jobs, true, batch.kinds.size(), false);
  if (cache_bytes_ > trim_at_) Trim();
  if (crd_kinds_.size() != kinds) Rejudge(current);
  return bytes_read_ - before;
}

State StateBuilder::MakeState(const Snapshot& snapshot) const {
  return skewlint::MakeState(snapshot, config_);
}

}  // namespace skewlint
