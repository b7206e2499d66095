#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "linter/config.h"
#include "linter/model.h"
#include "linter/prefilter.h"
#include "linter/repository.h"
#include "linter/snapshot.h"

namespace skewlint {

/// Reads revisions into snapshots and states. Files are read, parsed and
/// extracted once per blob id, however many revisions (or readers: the
/// engine and the history service share one builder) hold them.
///
/// The cache is bounded: entries nothing else holds (no snapshot, state or
/// instance) are dropped, least recently used first, once the cache holds
/// more than its byte budget; a dropped blob is read again if met again.
///
/// A file is *relevant* when it can hold what rules read: the prefilter
/// keeps it, or it names the kind of a CustomResourceDefinition seen so far
/// (a custom resource the CRD rules judge). Only relevant files are parsed
/// when a revision is read in full; every file a change touches is parsed.
class StateBuilder {
 public:
  StateBuilder(Repository& repository, const Config& config);

  /// Every configured file of `rev` (a commit, kIndexRev or kWorktreeRev);
  /// "" is the empty tree of a repository with no commit yet. Files the
  /// prefilter rules out are listed but not parsed.
  Result<Snapshot> Read(std::string_view rev);
  /// Moves `snapshot` to `rev` in place by `deltas` (a Diff from
  /// snapshot.rev to rev): only the changed files are read, and every one of
  /// them is parsed.
  Status Apply(Snapshot& snapshot, std::string_view rev, const std::vector<FileDelta>& deltas);
  State MakeState(const Snapshot& snapshot) const;
  /// Reads and parses `files` of commits (blobs, whatever commit holds
  /// them) into the cache in one batch, on every core, as Apply would; the
  /// files of `current` are judged again against the CRD kinds the batch
  /// brought. BeginPrefetch, RunPrefetch and EndPrefetch on this thread; a
  /// file that cannot be read is left for the step that meets it.
  Status Prefetch(Snapshot& current, std::string_view rev, const std::vector<FileEntry>& files);

  /// A file of a prefetch batch: read, judged and parsed off the builder's
  /// thread.
  struct Job {
    FileEntry entry;
    std::string key;  ///< blob id + "\n" + path, as the cache keys it
    std::shared_ptr<const std::string> text;
    SnapshotFile file;
    Prefilter::Keep keep = Prefilter::Keep::kNo;
    ParseMemo* memo = nullptr;
  };
  /// Prefetch in three parts, so that the reading and parsing can run on
  /// another thread while this one walks on: BeginPrefetch and EndPrefetch
  /// on the builder's thread, RunPrefetch on one other thread in between.
  /// RunPrefetch touches only the batch, the repository's ReadAllAside and
  /// what never changes (config, prefilter); the large files' parse memos
  /// the batch takes are not used by the builder until EndPrefetch. Files
  /// judged against the CRD kinds known at BeginPrefetch are judged again,
  /// on use, against those learnt since (as any cached file is).
  struct PrefetchBatch {
    std::string rev;
    std::vector<Job> jobs;           ///< the files not cached at BeginPrefetch
    std::vector<std::string> kinds;  ///< CRD kinds known at BeginPrefetch
    bool failed = false;             ///< a read failed: EndPrefetch stores nothing
    std::vector<std::string> lent;   ///< paths whose parse memo the batch holds
  };
  std::unique_ptr<PrefetchBatch> BeginPrefetch(std::string_view rev,
                                               const std::vector<FileEntry>& files);
  void RunPrefetch(PrefetchBatch& batch) const;
  /// Stores the batch in the cache (files cached since are kept as they
  /// are), and judges again the files of `current` against the CRD kinds
  /// it brought. Returns the bytes of text the batch read.
  size_t EndPrefetch(Snapshot& current, PrefetchBatch& batch);
  /// Gives back the memos of a batch that will not be stored.
  void DropPrefetch(const PrefetchBatch& batch);

  /// The predicate that keeps the configured paths, less the config file
  /// itself (never a manifest).
  PathFilter Filter() const;
  bool Reads(std::string_view path) const;
  /// Files read (parsed or skipped) so far, for the summary: each blob and
  /// path once, also when the cache dropped it and it was read again.
  size_t files_read() const { return files_read_; }
  /// Bytes of file text read from the repository so far (re-reads included).
  size_t bytes_read() const { return bytes_read_; }
  /// The cache's byte budget for entries nothing else holds (an estimate of
  /// their text and trees); 0 drops every such entry at the next read.
  void set_cache_budget(size_t bytes) { budget_ = trim_at_ = bytes; }
  /// Entries in the cache, and its estimated bytes (for tests).
  size_t cache_entries() const { return cache_.size(); }
  size_t cache_bytes() const { return cache_bytes_; }

 private:
  struct Cached {
    SnapshotFile file;
    std::shared_ptr<const std::string> text;  ///< kept for files not parsed
    size_t kinds_known = 0;                   ///< crd_kinds_ judged against
    size_t bytes = 0;                         ///< estimated size (Estimate)
    uint64_t used = 0;                        ///< the read that last returned it
  };
  static size_t Estimate(const Cached& cached);
  /// Drops entries nothing else holds, least recently used first, when the
  /// cache is over its budget.
  void Trim();

  /// The files of `entries`, in order: read on this thread, parsed on all
  /// cores when there are many.
  Result<std::vector<SnapshotFile>> LoadAll(std::string_view rev,
                                            const std::vector<FileEntry>& entries, bool must_parse);
  SnapshotFile Hit(std::string_view rev, Cached& cached, const FileEntry& entry, bool must_parse);
  /// Judges and parses `jobs` (their text read) on every core, against CRD
  /// `kinds`; touches nothing else.
  void ParseJobs(std::vector<Job>& jobs, bool must_parse,
                 const std::vector<std::string>& kinds) const;
  /// Counts the jobs' text as read (once per blob and path).
  void CountRead(const Job& job);
  /// What `.gitattributes` at `rev` says of the parsed jobs, then learns
  /// their CRD kinds and caches them (judged against the first `known`
  /// kinds); a job whose key is cached already is left out unless
  /// `replace`.
  void StoreJobs(std::string_view rev, std::vector<Job>& jobs, bool must_parse, size_t known,
                 bool replace);
  /// Parses and extracts; const, so that threads can share it.
  SnapshotFile Build(const FileEntry& entry, const std::string& text, bool must_parse,
                     Prefilter::Keep keep, bool not_text = false, ParseMemo* memo = nullptr) const;
  /// The parse memo of a large file's path (made on first use), else null.
  ParseMemo* MemoFor(const std::string& path, size_t text_size);
  /// Build (with what `.gitattributes` at `rev` says of the file), then
  /// learns the CRD kinds the file defines.
  SnapshotFile Make(std::string_view rev, const FileEntry& entry,
                    std::shared_ptr<const std::string> text, bool must_parse, Prefilter::Keep keep);
  std::string Signature(const FileEntry& entry, const FileInstances& found,
                        Prefilter::Keep keep) const;
  bool NamesCrdKind(std::string_view text, size_t from) const {
    return NamesKind(text, crd_kinds_, from);
  }
  static bool NamesKind(std::string_view text, const std::vector<std::string>& kinds, size_t from);
  void LearnCrdKinds(const FileFacts& facts);
  /// Files of `snapshot` judged before the CRD kinds they name were known.
  void Rejudge(Snapshot& snapshot);

  Repository& repository_;
  const Config& config_;
  Prefilter prefilter_;
  std::map<std::string, Cached> cache_;  // by blob id + path
  size_t cache_bytes_ = 0;
  size_t budget_ = size_t{4} << 20;
  size_t trim_at_ = size_t{4} << 20;    // cache_bytes_ that calls for a Trim
  uint64_t reads_ = 0;                  // LoadAll calls, the clock of `used`
  std::unordered_set<size_t> dropped_;  // hashes of keys dropped, not counted again
  std::map<std::string, std::unique_ptr<ParseMemo>> memos_;  // by path, large files only
  std::set<std::string> lent_memos_;                      // paths whose memo a prefetch batch holds
  static constexpr size_t kMemoFrom = size_t{256} << 10;  // bytes of text
  size_t bytes_read_ = 0;
  std::vector<std::string> crd_kinds_;  // in the order first seen
  std::set<std::string> crd_kind_set_;
  size_t files_read_ = 0;
  size_t workers_ = 0;  // threads beside this one for parsing
  static constexpr size_t kParallelFrom = 32;
};

/// Reads raw file text into FileFacts: size limit, binary and encrypted
/// files (FileFacts::not_manifest; also when `not_text`: the attributes say
/// so), Helm template detection, YAML parsing with the configured limits.
/// Pure.
/// `need_tree` false: when the text certainly parses (yaml_fastcheck.h) no
/// tree is built; `documents` stays empty and `text` is kept.
/// `memo`: the documents of this path's last parse, reused where their
/// bytes did not change (ParseMemo); may be null.
std::shared_ptr<FileFacts> ReadFacts(const std::string& path, const std::string& id,
                                     std::string text, const Limits& limits, bool need_tree = true,
                                     bool not_text = false, ParseMemo* memo = nullptr);

}  // namespace skewlint
