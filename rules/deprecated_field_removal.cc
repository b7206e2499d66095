#include "rules/deprecated_field_removal.h"

#include <re2/re2.h>

#include <algorithm>

#include "linter/extract.h"
#include "linter/scope.h"
#include "linter/state_builder.h"
#include "rules/crd_util.h"
#include "rules/deprecation_dating.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

// How long a deprecated property must stay: N minors, or until a later major.
struct Window {
  uint64_t minors = 2;
  bool major = false;

  bool PassedBy(const Version& since, const Version& removing, const Adjacency& adjacency) const {
    if (removing < since) return false;
    if (major) return removing.major > since.major;
    auto distance = MinorDistance(since, removing, adjacency);
    return !distance || *distance >= minors;
  }
  Version Earliest(const Version& since) const {
    return major ? Version::Make(since.major + 1, 0, 0)
                 : Version::Make(since.major, since.minor + minors, 0);
  }
  std::string Describe() const { return major ? "until the next major" : Minors(minors); }
};

struct Verdict {
  enum class Kind { kOk, kPremature, kNeverMarked, kUnknownSince, kUnknownRemoving };
  Kind kind = Kind::kOk;
  Dating dating;
};

// The removing side: the version the CRD ships in, and how it was found
// ("" for its label).
struct Removing {
  Version version;
  std::string how;
};

// One CRD before and after the change, and the API version being compared.
struct Pair {
  const CrdView& before;
  const CrdView& after;
  const CrdApiVersion& old_version;
  const Removing& removing;
};

// Kubernetes API versions at alpha level (`v1alpha1`): removable at any
// time under the Kubernetes API deprecation policy.
bool IsAlpha(const std::string& api) {
  static const RE2 alpha(R"(v\d+alpha\d*)");
  return RE2::FullMatch(api, alpha);
}

// Paths a user does not set through the schema: `status` (the controller's),
// the root `metadata` (the API server's object metadata), and the root
// `apiVersion` and `kind` (every resource has them).
bool NotUserSet(const std::string& path) {
  if (path == "apiVersion" || path == "kind") return true;
  for (std::string_view root : {"status", "metadata"}) {
    if (path == root || path.rfind(std::string(root) + ".", 0) == 0) return true;
  }
  return false;
}

// True when the head schema still accepts what was at `path`: a node at or
// above it keeps unknown fields, takes any property, or declares no schema
// below it (no properties, items or additionalProperties).
bool StillAccepted(const CrdApiVersion& now, const std::string& path) {
  for (std::string p = ParentPath(path);; p = ParentPath(p)) {
    if (const SchemaNode* node = now.Find(p)) {
      bool schemaless = !node->declares_properties && !node->has_items && !node->has_additional;
      return node->preserve_unknown || node->open_additional || (schemaless && !p.empty());
    }
    if (p.empty()) return false;
  }
}

std::string SourceNote(const Dating& d) {
  switch (d.source) {
    case Dating::Source::kMarker:
      return " (written in the marker)";
    case Dating::Source::kHistory:
      return " (its version when the marker was added, commit " + d.commit.substr(0, 12) + ")";
    case Dating::Source::kTag:
      return " (the marker was added in commit " + d.commit.substr(0, 12) + ", " + d.how + ")";
    case Dating::Source::kUnknown:
      return "";
  }
  return "";
}

class DeprecatedFieldRemoval : public Check {
 public:
  DeprecatedFieldRemoval(std::vector<std::string> components, Window window, VersionFrom from,
                         Adjacency adjacency, std::shared_ptr<const VersionSource> source,
                         bool alpha_exempt)
      : components_(std::move(components)),
        window_(window),
        from_(from),
        adjacency_(std::move(adjacency)),
        source_(std::move(source)),
        alpha_exempt_(alpha_exempt) {
    for (const auto& c : components_) dating_.emplace(c, DeprecationDating(c, from, source_));
  }

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const auto& component : components_) {
      std::vector<CrdView> before = CrdsOf(ctx.before, component);
      std::vector<CrdView> after = CrdsOf(ctx.after, component);
      RecordForDating(ctx, component, before, after);
      for (const CrdView& b : before) {
        const CrdView* a = Counterpart(b, after, ctx.changed, true);
        if (!a || (a->instance->version.versioned && b.instance->version.versioned &&
                   a->instance->version < b.instance->version)) {
          continue;  // deleted, or a downgrade (crd-downgrade's concern)
        }
        if (b.SameContent(*a)) continue;         // the same bytes remove nothing
        if (!RemovesSomething(b, *a)) continue;  // the common case: ask no history
        const CrdSchema* released = Released(ctx, b);
        if (!released) continue;  // never released: nothing to deprecate
        Removing removing;
        removing.version = source_->At(ctx.history, ctx.after.rev, ctx.before.rev,
                                       a->instance->version, &removing.how);
        for (const CrdApiVersion* old_version : b.schema.Served()) {
          const CrdApiVersion* now = a->schema.Find(old_version->name);
          Pair pair{b, *a, *old_version, removing};
          if (old_version->truncated || (now && now->truncated)) continue;
          if (alpha_exempt_ && IsAlpha(old_version->name)) continue;
          const CrdApiVersion* shipped = released->Find(old_version->name);
          if (!shipped || !shipped->served) continue;  // this API version never released
          if (now && now->served) {
            JudgeProperties(ctx, pair, *now, *shipped, out);
          } else {
            JudgeVersionRemoval(ctx, pair, out);
          }
        }
      }
    }
  }

 private:
  // Hands dating what this state read of the changed CRD files: a later
  // step of the range dates its markers without reading them again.
  // Both sides: the first step of a range hands over its base.
  void RecordForDating(const RuleContext& ctx, const std::string& component,
                       const std::vector<CrdView>& before,
                       const std::vector<CrdView>& after) const {
    if (from_ == VersionFrom::kMarker) return;
    auto record = [&](const State& state, const std::vector<CrdView>& crds) {
      std::vector<std::string> paths;
      for (const CrdView& crd : crds) {
        const std::string& path = crd.instance->location.path;
        if (ctx.Changed(path) && std::find(paths.begin(), paths.end(), path) == paths.end()) {
          paths.push_back(path);
        }
      }
      if (!paths.empty()) dating_.at(component).Record(state, paths, ctx.config);
    };
    record(ctx.before, before);
    record(ctx.after, after);
  }

  // Whether `a` lacks an API version or property of `b` that is judged.
  bool RemovesSomething(const CrdView& b, const CrdView& a) const {
    for (const CrdApiVersion* old_version : b.schema.Served()) {
      const CrdApiVersion* now = a.schema.Find(old_version->name);
      if (old_version->truncated || (now && now->truncated)) continue;
      if (alpha_exempt_ && IsAlpha(old_version->name)) continue;
      if (!now || !now->served) return true;
      for (const auto& [path, node] : old_version->nodes) {
        if (node.is_property && !now->Find(path) && !NotUserSet(path) &&
            !StillAccepted(*now, path)) {
          return true;
        }
      }
    }
    return false;
  }

  // The CRD as last released, with `version_from: tags`: its schema at the
  // newest release tag the base holds (the same file first, else anywhere
  // in that commit); null when it was not released. Without tags, or when
  // that commit cannot be read, the base's CRD stands for it.
  const CrdSchema* Released(const RuleContext& ctx, const CrdView& b) const {
    if (!source_->tags() || !ctx.history || ctx.before.rev.empty() ||
        ctx.before.rev.front() == ':') {
      return &b.schema;
    }
    auto tag = source_->releases().NewestIn(*ctx.history, ctx.before.rev);
    if (!tag && ctx.history->Tags().empty()) return &b.schema;  // no tags fetched: judge
    if (!tag) return nullptr;
    std::string key = tag->commit_id + "\n" + b.instance->location.path + "\n" + b.schema.name;
    auto it = released_.find(key);
    if (it == released_.end()) {
      it = released_.emplace(key, ReadReleased(ctx, *tag, b)).first;
    }
    if (it->second.unreadable) return &b.schema;
    return it->second.found ? &it->second.schema : nullptr;
  }

  struct ReleasedCrd {
    bool found = false;
    bool unreadable = false;
    CrdSchema schema;
  };

  static ReleasedCrd ReadReleased(const RuleContext& ctx, const TagInfo& tag, const CrdView& b) {
    ReleasedCrd out;
    auto take = [&](const Instance& i, std::string_view text) {
      CrdSchema schema = ReadCrdSchema(*i.document, text);
      if (schema.name != b.schema.name) return false;
      out.found = true;
      out.schema = std::move(schema);
      return true;
    };
    const std::string& path = b.instance->location.path;
    if (auto text = ctx.history->FileText(tag.commit_id, path)) {
      auto facts = ReadFacts(path, "", std::move(*text), ctx.config.limits);
      for (const Instance& i : ExtractInstances(*facts, ctx.config).instances) {
        if (i.locator == "crd" && i.document && facts->text && take(i, *facts->text)) return out;
      }
    } else if (!ctx.history->MissingBlob(tag.commit_id, path).empty()) {
      out.unreadable = true;
      return out;
    }
    const State* state = ctx.history->StateAt(tag.commit_id);
    if (!state) {
      out.unreadable = true;
      return out;
    }
    for (const Instance& i : state->instances) {
      auto file = state->files.find(i.location.path);
      if (i.locator != "crd" || !i.document || file == state->files.end() || !file->second->text) {
        continue;
      }
      if (take(i, *file->second->text)) return out;
    }
    return out;
  }

  // True when a property above `path` is also gone: that one is reported.
  static bool AncestorRemoved(const CrdApiVersion& old_version, const CrdApiVersion& now,
                              const std::string& path) {
    for (std::string p = ParentPath(path); !p.empty(); p = ParentPath(p)) {
      const SchemaNode* node = old_version.Find(p);
      if (node && node->is_property && !now.Find(p)) return true;
    }
    return false;
  }

  void JudgeProperties(const RuleContext& ctx, const Pair& pair, const CrdApiVersion& now,
                       const CrdApiVersion& shipped, std::vector<Finding>& out) const {
    for (const auto& [path, node] : pair.old_version.nodes) {
      if (!node.is_property || now.Find(path) || AncestorRemoved(pair.old_version, now, path) ||
          NotUserSet(path) || StillAccepted(now, path) || !shipped.Find(path)) {
        continue;
      }
      Verdict verdict = Judge(ctx, pair, path);
      if (verdict.kind == Verdict::Kind::kOk) continue;
      const SchemaNode* parent = now.NearestExisting(path);
      int line = parent && parent->line ? parent->line : now.line;
      int column = parent && parent->line ? parent->column : now.column;
      out.push_back(At(pair.after, line, column, Message(pair, "property " + path, verdict)));
      out.back().cause = PropertyRemovedCause(pair.after, pair.old_version.name, path);
    }
  }

  void JudgeVersionRemoval(const RuleContext& ctx, const Pair& pair,
                           std::vector<Finding>& out) const {
    const CrdView& a = pair.after;
    int line = a.schema.versions_line ? a.schema.versions_line : a.instance->location.line;
    int column = a.schema.versions_line ? a.schema.versions_column : a.instance->location.column;
    std::string what = "API version " + pair.old_version.name;
    if (pair.old_version.deprecation) {
      Verdict verdict = Judge(ctx, pair, "");
      if (verdict.kind != Verdict::Kind::kOk) {
        out.push_back(At(a, line, column, Message(pair, what, verdict)));
      }
      return;
    }
    if (pair.old_version.nodes.size() <= 1) {  // no schema: the version is all there is
      out.push_back(
          At(a, line, column, Message(pair, what, Verdict{Verdict::Kind::kNeverMarked, {}})));
      return;
    }
    std::vector<std::string> failing = FailingProperties(ctx, pair);
    if (failing.empty()) return;
    std::string listed;
    for (size_t n = 0; n < failing.size() && n < 5; ++n) listed += (n ? ", " : "") + failing[n];
    if (failing.size() > 5) listed += " and " + std::to_string(failing.size() - 5) + " more";
    out.push_back(At(a, line, column,
                     Head(pair, what) + ", which was not marked deprecated, with properties that " +
                         "were not deprecated for " + window_.Describe() + " (" + listed +
                         "); mark the version `deprecated: true` and remove it no sooner than " +
                         window_.Describe() + " later"));
  }

  std::vector<std::string> FailingProperties(const RuleContext& ctx, const Pair& pair) const {
    std::vector<std::string> failing;
    for (const auto& [path, node] : pair.old_version.nodes) {
      if (!node.is_property || NotUserSet(path) ||
          Judge(ctx, pair, path).kind == Verdict::Kind::kOk) {
        continue;
      }
      bool under_failing = false;
      for (const auto& f : failing)
        under_failing |= path.rfind(f + ".", 0) == 0 || path.rfind(f + "[", 0) == 0;
      if (!under_failing) failing.push_back(path);
    }
    return failing;
  }

  // The marker on `path` or its nearest marked ancestor (the API version's
  // own marker last), dated, against the version that removes it.
  Verdict Judge(const RuleContext& ctx, const Pair& pair, const std::string& path) const {
    std::string marked = path;
    const DeprecationMarker* marker = pair.old_version.MarkerOf(marked);
    while (!marker && !marked.empty()) {
      marked = ParentPath(marked);
      marker = pair.old_version.MarkerOf(marked);
    }
    if (!marker) return Verdict{Verdict::Kind::kNeverMarked, {}};
    const Instance& b = *pair.before.instance;
    DatingQuery query{ctx.before.rev,        b.location.path, pair.before.schema.name,
                      pair.old_version.name, marked,          marker};
    Dating dating = dating_.at(b.component).Date(ctx.history, ctx.config, query);
    if (dating.source == Dating::Source::kUnknown)
      return Verdict{Verdict::Kind::kUnknownSince, dating};
    const Version& removing = pair.removing.version;
    if (!removing.versioned) return Verdict{Verdict::Kind::kUnknownRemoving, dating};
    bool passed = window_.PassedBy(dating.version, removing, adjacency_);
    return Verdict{passed ? Verdict::Kind::kOk : Verdict::Kind::kPremature, dating};
  }

  // "spiceai-crds 1.4.0 removes property spec.a from spicepodsets.spice.ai v1 in scope prod";
  // an API version (`what` not a property) is named without one.
  static std::string Head(const Pair& pair, const std::string& what) {
    const Instance& a = *pair.after.instance;
    const Removing& removing = pair.removing;
    std::string version = removing.version.versioned ? " " + removing.version.Normalized() : "";
    if (!removing.how.empty() && removing.version.versioned) version += " (" + removing.how + ")";
    bool property = what.rfind("property ", 0) == 0;
    return a.component + version + " removes " + what + " from " +
           DescribeCrd(pair.after.schema, property ? pair.old_version.name : "") + " in " +
           DescribeScope(a.scope);
  }

  std::string Message(const Pair& pair, const std::string& what, const Verdict& v) const {
    std::string head = Head(pair, what);
    std::string window = window_.Describe();
    switch (v.kind) {
      case Verdict::Kind::kNeverMarked:
        return head + " without marking it deprecated first; mark it `# Deprecated: …` and " +
               "remove it no sooner than " + window + " later";
      case Verdict::Kind::kUnknownSince:
        return head + " but the version that deprecated it could not be determined (" +
               v.dating.why +
               "); write the version in the marker (`# Deprecated since 1.2`) so the " + window +
               " window can be checked";
      case Verdict::Kind::kUnknownRemoving:
        return head + " but the CRD has no version, so the " + window +
               " window cannot be checked; set its app.kubernetes.io/version label, or give " +
               "the policy version_from: tags, version or version_file";
      default:
        break;
    }
    const Version& since = v.dating.version;
    const Version& removing = pair.removing.version;
    auto distance = MinorDistance(since, removing, adjacency_);
    std::string gap = removing < since ? "before the version that deprecated it"
                                       : Minors(distance.value_or(0)) + " after it was deprecated";
    return head + " " + gap + " in " + since.Normalized() + SourceNote(v.dating) +
           "; deprecations stay for " + window + ": keep it until " +
           window_.Earliest(since).Normalized();
  }

  static Finding At(const CrdView& crd, int line, int column, std::string message) {
    return CrdFinding(crd, line, column, std::move(message));
  }

  std::vector<std::string> components_;
  Window window_;
  VersionFrom from_;
  Adjacency adjacency_;
  std::shared_ptr<const VersionSource> source_;
  bool alpha_exempt_ = true;
  std::map<std::string, DeprecationDating> dating_;
  mutable std::map<std::string, ReleasedCrd> released_;  // "tag commit\nfile\ncrd"
};

Window ReadWindow(PolicyOptions& options) {
  Window window;
  auto allowance = options.AllowanceAt("window", false);
  if (!allowance) return window;
  window.minors = allowance->kind == Allowance::Kind::kMinors ? allowance->minors : 0;
  window.major = allowance->kind == Allowance::Kind::kMajor;
  return window;
}

VersionFrom ReadVersionFrom(PolicyOptions& options) {
  auto text = options.String("version_from", false);
  if (!text || *text == "history") return VersionFrom::kHistory;
  if (*text == "marker") return VersionFrom::kMarker;
  if (*text == "tags") return VersionFrom::kTags;
  options.FailAt("version_from", "expected marker, history or tags, found '" + *text + "'");
  return VersionFrom::kHistory;
}

}  // namespace

Result<std::unique_ptr<Check>> MakeDeprecatedFieldRemoval(const PolicyDef& policy,
                                                          const Config& config) {
  PolicyOptions options(policy, config,
                        {"component", "window", "version_from", "version", "version_file",
                         "version_field", "version_regex", "tag_pattern", "alpha_exempt"});
  auto components = CrdComponents(options, config);
  Window window = ReadWindow(options);
  VersionFrom from = ReadVersionFrom(options);
  auto source = std::make_shared<const VersionSource>(
      VersionSource::Read(options, from == VersionFrom::kTags));
  bool alpha_exempt = true;
  if (auto text = options.String("alpha_exempt", false)) {
    alpha_exempt = *text != "false";
    if (*text != "true" && *text != "false") {
      options.FailAt("alpha_exempt", "expected true or false, found '" + *text + "'");
    }
  }
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(new DeprecatedFieldRemoval(
      std::move(components), window, from, policy.adjacency, std::move(source), alpha_exempt));
}

}  // namespace skewlint
