#include "linter/engine.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <system_error>

#include "linter/grouping.h"
#include "linter/state_builder.h"
#include "linter/suppression.h"
#include "rules/history.h"
#include "rules/registry.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

// Hands the pages the allocator holds free back to the system: a walk's
// threads (diffs, parsing) each grow an arena that otherwise keeps its
// peak, which peak RSS would count for the whole run.
void ReturnFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

struct Step {
  const State& before;
  const State& after;
  const std::vector<FileDelta>& deltas;
  std::string commit;
  const Error* config_error = nullptr;  // the config the step leaves is invalid
  SharedWork* shared = nullptr;         // of the rules that read `after`
};

Severity Milder(Severity s) {
  return s == Severity::kError ? Severity::kWarning : Severity::kNotice;
}

// Which checks a step runs.
enum class Only { kAll, kInvariants, kPerFile, kRun };

std::vector<Finding> RunChecks(const std::vector<ConfiguredCheck>& checks, const Config& config,
                               const Step& step, const CheckRequest& request, History* history,
                               Only only) {
  std::vector<Finding> out;
  for (const auto& c : checks) {
    bool invariant = c.spec->kind == RuleSpec::Kind::kInvariant;
    if ((only == Only::kRun) != (c.spec->kind == RuleSpec::Kind::kRun)) continue;
    if ((only == Only::kInvariants && !invariant) ||
        (only == Only::kPerFile && !c.spec->per_file)) {
      continue;
    }
    const State& after = only == Only::kInvariants ? step.before : step.after;
    RuleContext ctx{step.before,
                    after,
                    step.deltas,
                    config,
                    step.commit,
                    request.now,
                    history,
                    step.config_error,
                    &after == &step.after ? step.shared : nullptr};
    std::vector<Finding> found;
    c.check->Run(ctx, found);
    for (Finding& f : found) {
      if (f.rule.empty()) f.rule = std::string(c.spec->id);
      if (f.policy.empty()) f.policy = c.policy;
      if (!f.fixed_severity) f.severity = f.milder ? Milder(c.severity) : c.severity;
      f.commit = step.commit;
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::set<std::string> Keys(const std::vector<Finding>& findings) {
  std::set<std::string> keys;
  for (const auto& f : findings) keys.insert(f.BaselineKey());
  return keys;
}

// "1.5.0-models@sha256:…" out of "spiceai/spiceai:1.5.0-models@sha256:…".
std::string VersionText(const Instance& i) {
  const std::string& raw = i.version.raw;
  if (!i.image.empty() && raw.size() > i.image.size() &&
      raw.compare(0, i.image.size(), i.image) == 0 &&
      (raw[i.image.size()] == ':' || raw[i.image.size()] == '@')) {
    return raw.substr(i.image.size() + 1);
  }
  return raw;
}

void AddChanges(const RuleContext& change, std::vector<ComponentChange>& out) {
  const std::string& commit = change.commit;
  auto matched = MatchInstances(change);
  for (const Moved& m : *matched) {
    if (m.before && m.after && m.before->version.raw == m.after->version.raw) continue;
    const Instance& i = m.after ? *m.after : *m.before;
    out.push_back(ComponentChange{i.component, i.scope, m.before ? VersionText(*m.before) : "",
                                  m.after ? VersionText(*m.after) : "",
                                  ChangeKind(m.before, m.after), i.location, commit});
  }
}

// The history rules see: states the run already built answer StateAt
// (per-commit mode walks the very commits promotion-order looks back on);
// the rest goes to the repository's history. The newest states are kept up
// to a byte budget (what each holds that the one before did not), so that
// memory does not grow with the range; an older one is built again from the
// repository when a rule asks for it.
class KnownStates : public History {
 public:
  explicit KnownStates(History* inner) : inner_(inner) {}

  void Remember(const std::string& rev, std::shared_ptr<const State> state) {
    if (rev.empty()) return;
    size_t bytes = 0;
    if (order_.empty() || known_[order_.back().first] != state) {
      bytes = Exclusive(*state, order_.empty() ? nullptr : known_[order_.back().first].get());
    }
    known_.insert_or_assign(rev, std::move(state));
    order_.emplace_back(rev, bytes);
    bytes_ += bytes;
    while (order_.size() > kMinKept && bytes_ > kBudget) {
      bytes_ -= order_.front().second;
      if (known_.count(order_.front().first) &&
          std::none_of(order_.begin() + 1, order_.end(),
                       [&](const auto& o) { return o.first == order_.front().first; })) {
        known_.erase(order_.front().first);
      }
      order_.pop_front();
    }
  }
  History* get() { return inner_ ? this : nullptr; }

  std::vector<CommitInfo> PathCommits(std::string_view rev, std::string_view path,
                                      size_t limit) override {
    return inner_->PathCommits(rev, path, limit);
  }
  std::vector<CommitInfo> Ancestry(std::string_view rev, size_t limit) override {
    return inner_->Ancestry(rev, limit);
  }
  std::optional<std::string> FileText(std::string_view rev, std::string_view path) override {
    return inner_->FileText(rev, path);
  }
  std::string MissingBlob(std::string_view rev, std::string_view path) override {
    return inner_->MissingBlob(rev, path);
  }
  const State* StateAt(std::string_view rev) override {
    auto it = known_.find(std::string(rev));
    return it != known_.end() ? it->second.get() : inner_->StateAt(rev);
  }
  std::vector<TagInfo> Tags() override { return inner_->Tags(); }
  bool IsAncestor(std::string_view ancestor, std::string_view descendant) override {
    return inner_->IsAncestor(ancestor, descendant);
  }
  void Forget() override {
    if (inner_) inner_->Forget();
  }

 private:
  // An estimate of what `state` holds that `previous` does not: its
  // instances, and the files it does not share (a parsed tree takes about
  // ten times its text).
  static size_t Exclusive(const State& state, const State* previous) {
    size_t bytes = 1024 + state.instances.size() * 512;
    for (const auto& [path, facts] : state.files) {
      if (previous) {
        auto it = previous->files.find(path);
        if (it != previous->files.end() && it->second == facts) continue;
      }
      size_t text = facts->text ? facts->text->size() : 0;
      bytes += 256 + text + (facts->documents.empty() ? 0 : 10 * text);
    }
    return bytes;
  }

  static constexpr size_t kBudget = size_t{4} << 20;
  static constexpr size_t kMinKept = 2;
  History* inner_;
  std::map<std::string, std::shared_ptr<const State>> known_;
  std::deque<std::pair<std::string, size_t>> order_;  // revs remembered, oldest first
  size_t bytes_ = 0;                                  // of order_
};

class Runner {
 public:
  Runner(Repository& repository, const Config& config, const CheckRequest& request,
         History* history, const std::vector<ConfiguredCheck>& checks, StateBuilder& builder)
      : repository_(repository),
        config_(config),
        request_(request),
        history_(history),
        checks_(checks),
        builder_(builder) {}

  ~Runner() { DropAhead(); }
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  Result<CheckOutcome> Run() {
    bool commits_only = request_.mode == CheckRequest::Mode::kNet ||
                        request_.mode == CheckRequest::Mode::kPerCommit;
    // revs_: the base, then the revision of each step.
    revs_.push_back(request_.base);
    if (commits_only) {
      auto commits = repository_.FirstParentRange(request_.base, request_.head);
      if (!commits.ok() && request_.mode == CheckRequest::Mode::kPerCommit) return commits.error();
      if (commits.ok()) range_ = std::move(commits).value();
      PullRequestCommits();
      outcome_.commits = HistoryRange().size();
    }
    if (request_.mode == CheckRequest::Mode::kPerCommit) {
      revs_.reserve(range_.size() + 1);
      for (const auto& c : range_) revs_.push_back(c.id);
      range_ = {};  // the steps' ids are all a per-commit walk needs of it
    } else {
      revs_.push_back(request_.head);
    }
    size_t steps = revs_.size() - 1;
    // Between commits, the steps' diffs are taken on another thread (its
    // own handle of the repository), a chunk ahead of the walk.
    if (commits_only) TakeDiffs(0);
    Result<Snapshot> base = builder_.Read(request_.base);
    auto base_state =
        base.ok() ? std::make_shared<const State>(builder_.MakeState(*base)) : nullptr;
    if (base_state) {
      history_.Remember(request_.base, base_state);
      std::vector<FileDelta> none;
      baseline_ = Keys(RunChecks(checks_, config_, Step{*base_state, *base_state, none, ""},
                                 request_, history_.get(), Only::kInvariants));
      open_ = baseline_;
    }
    if (Status diffed = commits_only ? NextDiffs(0) : Status(Ok{}); !diffed.ok()) {
      return diffed.error();  // joined before any return
    }
    if (!base.ok()) return base.error();
    snapshot_ = std::move(base).value();
    base_state_ = base_state;
    state_ = std::move(base_state);
    if (!commits_only) {
      auto deltas = repository_.Diff(snapshot_.rev, revs_[1], DiffFilter());
      if (!deltas.ok()) return deltas.error();
      diffs_.push_back(std::move(deltas).value());
    }
    for (size_t i = 0; i < steps; ++i) {
      if (i == diffs_from_ + diffs_.size()) {
        if (Status diffed = NextDiffs(i); !diffed.ok()) return diffed.error();
      }
      if (steps > 1 && i == prefetched_) Prefetch(i);
      const std::string& rev = revs_[i + 1];
      Status status = RunStep(rev, commits_only ? rev : "", diffs_[i - diffs_from_]);
      if (!status.ok()) return status.error();
      diffs_[i - diffs_from_] = {};
      history_.Forget();
    }
    diffs_ = {};
    ReportHeadInvariants();
    RunWholeRange(steps == 0 || !commits_only ? "" : revs_.back());
    if (request_.mode == CheckRequest::Mode::kNet) AttributeCommits();
    outcome_.files_scanned = builder_.files_read();
    outcome_.findings = GroupFindings(std::move(outcome_.findings));
    std::sort(outcome_.changes.begin(), outcome_.changes.end());
    return std::move(outcome_);
  }

 private:
  using SnapshotFiles = std::map<std::string, SnapshotFile>;

  // Moves the snapshot to `rev` and checks the move. The state (the
  // cross-file passes) is rebuilt, and every rule runs, only when a changed
  // file's signature moved (snapshot.h): otherwise the state cannot have
  // moved and only the rules that read the changed files alone run.
  Status RunStep(const std::string& rev, const std::string& commit,
                 const std::vector<FileDelta>& deltas) {
    SnapshotFiles old_files = Touched(deltas, true);
    std::string previous_rev = snapshot_.rev;
    if (Status applied = builder_.Apply(snapshot_, rev, deltas); !applied.ok()) return applied;
    SnapshotFiles new_files = Touched(deltas, false);
    if (!TouchesConfig(deltas) && !MovesState(deltas, old_files, new_files)) {
      RunPerFileChecks(old_files, new_files, deltas, previous_rev, commit);
      history_.Remember(commit, state_);
      return Ok{};
    }
    auto state = std::make_shared<State>(builder_.MakeState(snapshot_));
    AddTouched(new_files, *state);
    // The state before, with the files as the previous commit left them
    // (an unchecked commit may have changed them since the state was made).
    State before = *state_;
    before.rev = previous_rev;
    for (auto& [path, file] : old_files) before.files.erase(path);
    AddTouched(old_files, before);
    std::optional<Error> config_error = HeadConfigError(rev, deltas);
    SharedWork shared;
    std::vector<Finding> found = RunChecks(
        checks_, config_,
        Step{before, *state, deltas, commit, config_error ? &*config_error : nullptr, &shared},
        request_, history_.get(), Only::kAll);
    Report(*state, found, true);
    state_checked_ = true;
    AddChanges(RuleContext{before, *state, deltas, config_, commit, 0, nullptr, nullptr, &shared},
               outcome_.changes);
    state_ = std::move(state);
    history_.Remember(commit, state_);
    return Ok{};
  }

  // The rules about the run as a whole (policy-unmatched): the base against
  // the head, once.
  void RunWholeRange(const std::string& commit) {
    if (!base_state_ || !state_) return;
    std::vector<FileDelta> none;
    std::vector<Finding> found =
        RunChecks(checks_, config_, Step{*base_state_, *state_, none, commit}, request_,
                  history_.get(), Only::kRun);
    Report(*state_, found, false);
  }

  // Adds changed files to `state`, with the Chart.yaml beside each (what
  // Helm values are read against).
  void AddTouched(const SnapshotFiles& files, State& state) const {
    for (const auto& [path, file] : files) {
      state.files[path] = file.facts;
      size_t slash = path.find_last_of('/');
      std::string chart = path.substr(0, slash == std::string::npos ? 0 : slash + 1) + "Chart.yaml";
      if (auto it = files.find(chart); it != files.end()) {
        state.files.emplace(chart, it->second.facts);
      } else if (auto at = snapshot_.files.find(chart); at != snapshot_.files.end()) {
        state.files.emplace(chart, at->second.facts);
      }
    }
  }

  // Reads and parses, in one batch, the new side of the changed files of
  // the next steps from `from` (each blob once), on every core. The window
  // of steps adapts to what they read, so that the batch stays a few MiB
  // and memory does not grow with the range. Errors are left for the step
  // that meets them.
  //
  // The batch is read and parsed on another thread while the walk goes
  // through the batch before it: at `from`, the batch started there is
  // stored (or, the first time and after a chunk of diffs, one is made
  // here), and the next one is started.
  void Prefetch(size_t from) {
    if (ahead_.valid() && ahead_from_ == from) {
      FinishAhead();
    } else {
      DropAhead();
      size_t to = PrefetchEnd(from);
      size_t before = builder_.bytes_read();
      (void)builder_.Prefetch(snapshot_, revs_[to], PrefetchEntries(from, to));
      AdaptWindow(builder_.bytes_read() - before);
      prefetched_ = to;
    }
    StartAhead(prefetched_, from);
  }

  size_t PrefetchEnd(size_t from) const {
    return std::min(diffs_from_ + diffs_.size(), from + window_);
  }

  std::vector<FileEntry> PrefetchEntries(size_t from, size_t to) const {
    std::vector<FileEntry> entries;
    std::set<std::pair<std::string, std::string>> seen;
    for (size_t i = from; i < to; ++i) {
      for (const auto& d : diffs_[i - diffs_from_]) {
        if (d.new_path.empty() || !builder_.Reads(d.new_path)) continue;
        if (seen.insert({d.new_id, d.new_path}).second) {
          entries.push_back(FileEntry{d.new_path, d.new_id});
        }
      }
    }
    return entries;
  }

  void AdaptWindow(size_t read) {
    constexpr size_t kAheadBytes = size_t{8} << 20;
    constexpr size_t kMaxWindow = 256;
    if (read > kAheadBytes) {
      window_ = std::max<size_t>(1, window_ / 2);
    } else if (read < kAheadBytes / 4) {
      window_ = std::min(kMaxWindow, window_ * 2);
    }
  }

  // Starts reading and parsing the batch of steps from `from` on another
  // thread (none when the diffs taken so far end there); the walk is at
  // step `walked`.
  void StartAhead(size_t from, size_t walked) {
    // A batch cut short by the end of the diffs taken so far takes the next
    // chunk in, when the diff thread has it ready.
    if (PrefetchEnd(from) < from + window_ && next_.valid() &&
        next_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      (void)NextDiffs(walked);  // a failed chunk waits for the walk to reach it
    }
    size_t to = PrefetchEnd(from);
    if (from >= to) return;
    auto batch = builder_.BeginPrefetch(revs_[to], PrefetchEntries(from, to));
    ahead_from_ = from;
    ahead_to_ = to;
    StateBuilder* builder = &builder_;
    auto run = [builder, batch = std::shared_ptr<StateBuilder::PrefetchBatch>(std::move(batch))] {
      builder->RunPrefetch(*batch);
      return batch;
    };
    try {
      ahead_ = std::async(std::launch::async, std::move(run));
    } catch (const std::system_error&) {
      // No thread to be had (a process limit): the same, deferred to get().
      ahead_ = std::async(std::launch::deferred, std::move(run));
    }
  }

  void FinishAhead() {
    std::shared_ptr<StateBuilder::PrefetchBatch> batch = ahead_.get();
    AdaptWindow(builder_.EndPrefetch(snapshot_, *batch));
    prefetched_ = ahead_to_;
  }

  // A batch started for steps the walk will not meet from its start (the
  // walk ended or failed): waited for, and its memos handed back.
  void DropAhead() {
    if (!ahead_.valid()) return;
    try {
      builder_.DropPrefetch(*ahead_.get());
    } catch (...) {
      // what failed would have failed the step that read it
    }
  }

  // The files of the deltas' old (or new) side, as the snapshot holds them.
  SnapshotFiles Touched(const std::vector<FileDelta>& deltas, bool old_side) const {
    SnapshotFiles out;
    for (const auto& d : deltas) {
      const std::string& path = old_side ? d.old_path : d.new_path;
      auto it = path.empty() ? snapshot_.files.end() : snapshot_.files.find(path);
      if (it != snapshot_.files.end()) out.emplace(path, it->second);
    }
    return out;
  }

  // Whether a changed file's signature moved (a renamed file that matters
  // moves its instances too).
  static bool MovesState(const std::vector<FileDelta>& deltas, const SnapshotFiles& old_files,
                         const SnapshotFiles& new_files) {
    auto signature = [](const SnapshotFiles& files, const std::string& path) -> std::string {
      auto it = path.empty() ? files.end() : files.find(path);
      return it == files.end() ? "" : it->second.signature;
    };
    return std::any_of(deltas.begin(), deltas.end(), [&](const FileDelta& d) {
      std::string before = signature(old_files, d.old_path);
      std::string after = signature(new_files, d.new_path);
      return before != after || (!before.empty() && d.old_path != d.new_path);
    });
  }

  // The configured paths, and the config file, which may sit outside
  // `paths.include` (policy-changed needs its deltas).
  PathFilter DiffFilter() const {
    return [this](std::string_view path) {
      return config_.IncludesPath(path) ||
             (!request_.config_in_repo.empty() && path == request_.config_in_repo);
    };
  }

  // Suppressions, then the findings not already held by the base or reported.
  // In per-commit mode each commit is told what it alone would be told (net
  // mode on that commit): a transition finding at every commit that makes
  // it, an invariant one at each commit that opens it (again).
  void Report(const State& state, std::vector<Finding>& found, bool invariants_ran) {
    ApplySuppressions(state, config_, found);
    bool per_commit = request_.mode == CheckRequest::Mode::kPerCommit && !request_.all_findings;
    std::set<std::string> step;
    std::set<std::string> open;
    for (Finding& f : found) {
      std::string key = f.BaselineKey();
      bool invariant = FindRule(f.rule)->kind == RuleSpec::Kind::kInvariant;
      if (invariant) open.insert(key);
      bool old = invariant && (per_commit ? open_ : baseline_).count(key);
      if ((old && !request_.all_findings) || !step.insert(key).second) continue;
      if (!reported_.insert(key).second && !per_commit) continue;
      outcome_.findings.push_back(std::move(f));
    }
    if (per_commit && invariants_ran) open_ = std::move(open);
  }

  // Whether the config the step leaves is invalid (so that the change that
  // breaks it fails, not the next one).
  std::optional<Error> HeadConfigError(const std::string& rev,
                                       const std::vector<FileDelta>& deltas) const {
    if (!request_.validate_config || !TouchesConfig(deltas)) return std::nullopt;
    return request_.validate_config(rev);
  }

  // --all-findings on a range whose changes never moved the state (a README
  // edit): the invariant findings of the head still hold and are reported.
  void ReportHeadInvariants() {
    if (!request_.all_findings || state_checked_ || !state_) return;
    std::vector<FileDelta> none;
    std::vector<Finding> found = RunChecks(checks_, config_, Step{*state_, *state_, none, ""},
                                           request_, history_.get(), Only::kInvariants);
    Report(*state_, found, false);
  }

  bool TouchesConfig(const std::vector<FileDelta>& deltas) const {
    const std::string& path = request_.config_in_repo;
    return !path.empty() && std::any_of(deltas.begin(), deltas.end(), [&](const FileDelta& d) {
      return d.old_path == path || d.new_path == path;
    });
  }

  // A change that cannot move the state: the rules that read only the
  // changed files have a say. Each side holds the changed files, the
  // Chart.yaml beside a changed values file, and the state's instances in
  // the changed files.
  void RunPerFileChecks(const SnapshotFiles& old_files, const SnapshotFiles& new_files,
                        const std::vector<FileDelta>& deltas, const std::string& previous_rev,
                        const std::string& commit) {
    State before = Around(old_files, previous_rev);
    State after = Around(new_files, snapshot_.rev);
    std::vector<Finding> found = RunChecks(checks_, config_, Step{before, after, deltas, commit},
                                           request_, history_.get(), Only::kPerFile);
    Report(after, found, false);
  }

  State Around(const SnapshotFiles& files, const std::string& rev) const {
    State out;
    out.rev = rev;
    AddTouched(files, out);
    for (const Instance& i : state_->instances) {
      if (files.count(i.location.path)) out.instances.push_back(i);
    }
    return out;
  }

  // The commits the change's own history holds: the range, or, when the
  // range is one merge of a branch into the base (a pull request's
  // synthetic merge commit, refs/pull/N/merge), the merged branch's commits,
  // which the merge itself is not one of.
  void PullRequestCommits() {
    if (range_.size() != 1 || range_.front().parents.size() != 2) return;
    const CommitInfo& merge = range_.front();
    auto base = repository_.MergeBase(request_.base, merge.id);
    if (!base.ok() || *base != merge.parents.front()) return;
    auto branch = repository_.FirstParentRange(merge.parents.front(), merge.parents.back());
    if (!branch.ok() || branch->empty()) return;
    synthetic_merge_ = true;
    branch_ = std::move(branch).value();
  }
  const std::vector<CommitInfo>& HistoryRange() const {
    return synthetic_merge_ ? branch_ : range_;
  }

  // Starts taking the diffs of the steps from `from` (a chunk of them) on
  // another thread.
  void TakeDiffs(size_t from) {
    constexpr size_t kChunk = 512;
    size_t to = std::min(revs_.size() - 1, from + kChunk);
    next_from_ = from;
    if (from >= to) return;
    std::vector<std::string> revs(revs_.begin() + static_cast<std::ptrdiff_t>(from),
                                  revs_.begin() + static_cast<std::ptrdiff_t>(to + 1));
    auto take = [this, revs = std::move(revs)] {
      return repository_.DiffCommits(revs, DiffFilter());
    };
    try {
      next_ = std::async(std::launch::async, std::move(take));
    } catch (const std::system_error&) {
      // No thread to be had (a process limit): the same, deferred to get().
      next_ = std::async(std::launch::deferred, std::move(take));
    }
  }

  // Waits for the chunk TakeDiffs started, appends it to the steps' diffs,
  // and starts the next; the diffs of the steps before `walked` (the
  // walk's step) are let go. A chunk with a diff that failed is kept back,
  // and its error returned when the walk reaches it.
  Status NextDiffs(size_t walked) {
    while (!diffs_.empty() && diffs_from_ < walked) {
      diffs_.pop_front();
      ++diffs_from_;
    }
    if (diffs_.empty()) diffs_from_ = walked;
    ReturnFreedMemory();
    if (diff_error_) {
      if (walked < next_from_) return Ok{};
      Error error = std::move(*diff_error_);
      diff_error_.reset();
      return error;
    }
    if (!next_.valid()) return Ok{};
    std::vector<Result<std::vector<FileDelta>>> chunk = next_.get();
    for (const auto& deltas : chunk) {
      if (!deltas.ok()) {
        diff_error_ = deltas.error();
        return walked < next_from_ ? Status(Ok{}) : NextDiffs(walked);
      }
    }
    for (auto& deltas : chunk) diffs_.push_back(std::move(deltas).value());
    TakeDiffs(next_from_ + chunk.size());
    return Ok{};
  }

  // In net mode a finding belongs to the commit of the change's own history
  // that last changed its line, else to the newest that changed its file
  // (one walk back over the change's commits, Repository::Owners). On a
  // synthetic merge, what no commit of the branch placed belongs to the
  // branch's head.
  void AttributeCommits() {
    std::map<std::string, std::set<int>> wanted;
    for (const auto& f : outcome_.findings) {
      if (!f.location.path.empty()) wanted[f.location.path].insert(f.location.line);
    }
    for (const auto& c : outcome_.changes) {
      if (!c.location.path.empty()) wanted[c.location.path].insert(c.location.line);
    }
    ChangeOwners owners = repository_.Owners(request_.head, HistoryRange(), wanted);
    std::string fallback = synthetic_merge_ ? branch_.back().id : "";
    auto place = [&](const Location& where, std::string& commit) {
      if (auto line = owners.lines.find({where.path, where.line}); line != owners.lines.end()) {
        commit = line->second;
      } else if (auto file = owners.files.find(where.path); file != owners.files.end()) {
        commit = file->second;
      } else if (!fallback.empty()) {
        commit = fallback;
      }
    };
    for (auto& f : outcome_.findings) place(f.location, f.commit);
    for (auto& c : outcome_.changes) place(c.location, c.commit);
  }

  Repository& repository_;
  const Config& config_;
  const CheckRequest& request_;
  KnownStates history_;
  const std::vector<ConfiguredCheck>& checks_;
  StateBuilder& builder_;
  std::vector<CommitInfo> range_;             // first-parent commits of base..head (net mode)
  std::vector<CommitInfo> branch_;            // a synthetic merge's branch (PullRequestCommits)
  std::vector<std::string> revs_;             // the base, then each step's revision
  std::deque<std::vector<FileDelta>> diffs_;  // of steps diffs_from_.. (chunks)
  size_t diffs_from_ = 0;
  std::future<std::vector<Result<std::vector<FileDelta>>>> next_;  // the next chunk
  std::optional<Error> diff_error_;  // the failed chunk from next_from_, not yet reached
  size_t next_from_ = 0;
  bool synthetic_merge_ = false;
  size_t prefetched_ = 0;  // steps read ahead (Prefetch)
  size_t window_ = 1;      // steps the next Prefetch reads
  // The batch of steps [ahead_from_, ahead_to_) read and parsed on another
  // thread (StartAhead); declared after what it uses, so destroyed first.
  std::future<std::shared_ptr<StateBuilder::PrefetchBatch>> ahead_;
  size_t ahead_from_ = 0;
  size_t ahead_to_ = 0;
  Snapshot snapshot_;
  std::shared_ptr<const State> state_;
  std::shared_ptr<const State> base_state_;  // for the rules about the whole run
  std::set<std::string> baseline_;
  std::set<std::string> reported_;
  std::set<std::string> open_;  // per-commit: invariant findings open at the last full step
  bool state_checked_ = false;  // every rule ran on state_ (its invariants were reported)
  CheckOutcome outcome_;
};

}  // namespace

bool ComponentChange::operator<(const ComponentChange& o) const {
  return std::tie(location.path, location.line, location.column, component, scope, commit, from,
                  to) < std::tie(o.location.path, o.location.line, o.location.column, o.component,
                                 o.scope, o.commit, o.from, o.to);
}

std::string ChangeKind(const Instance* before, const Instance* after) {
  if (!before) return "added";
  if (!after) return "removed";
  const Version& a = before->version;
  const Version& b = after->version;
  if (!a.versioned || !b.versioned) return "changed";
  if (b < a) return "downgrade";
  if (b.major != a.major) return "major";
  if (b.minor != a.minor) return "minor";
  if (b.patch != a.patch) return "patch";
  if (b.prerelease != a.prerelease) return "prerelease";
  if (b.revision != a.revision) return "patch";  // a rebuild of the release
  if (b.digest != a.digest) return "digest";
  return "changed";
}

std::string_view ModeName(CheckRequest::Mode mode) {
  switch (mode) {
    case CheckRequest::Mode::kNet:
      return "net";
    case CheckRequest::Mode::kPerCommit:
      return "per-commit";
    case CheckRequest::Mode::kStaged:
      return "staged";
    case CheckRequest::Mode::kWorktree:
      return "worktree";
  }
  return "net";
}

Result<std::vector<ConfiguredCheck>> BuildChecks(const Config& config) {
  std::vector<ConfiguredCheck> checks;
  auto setting = [&config](std::string_view id) {
    auto it = config.rules.find(std::string(id));
    return it == config.rules.end() ? RuleSetting{} : it->second;
  };
  for (const auto& policy : config.policies) {
    const RuleSpec* spec = FindRule(policy.rule);
    RuleSetting s = setting(spec->id);
    Result<std::unique_ptr<Check>> check = spec->make(policy, config);
    if (!check.ok()) return check.error();
    if (!s.enabled) continue;
    Severity severity = policy.severity.value_or(s.severity.value_or(spec->default_severity));
    checks.push_back(ConfiguredCheck{spec, policy.id, severity, std::move(check).value()});
  }
  for (const auto& spec : AllRules()) {
    RuleSetting s = setting(spec.id);
    if (!spec.make_default || !s.enabled) continue;
    checks.push_back(ConfiguredCheck{&spec, "", s.severity.value_or(spec.default_severity),
                                     spec.make_default(config)});
  }
  return checks;
}

Result<CheckOutcome> RunCheck(Repository& repository, const Config& config,
                              const CheckRequest& request, History* history,
                              StateBuilder* builder) {
  Result<std::vector<ConfiguredCheck>> checks = BuildChecks(config);
  if (!checks.ok()) return checks.error();
  std::optional<StateBuilder> own;
  if (!builder) builder = &own.emplace(repository, config);
  return Runner(repository, config, request, history, *checks, *builder).Run();
}

}  // namespace skewlint
