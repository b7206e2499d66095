#include "rules/deprecated_field_removal.h"

#include "linter/scope.h"
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

// One CRD before and after the change, and the API version being compared.
struct Pair {
  const CrdView& before;
  const CrdView& after;
  const CrdApiVersion& old_version;
};

std::string SourceNote(const Dating& d) {
  switch (d.source) {
    case Dating::Source::kMarker:
      return " (written in the marker)";
    case Dating::Source::kHistory:
      return " (its version when the marker was added, commit " + d.commit.substr(0, 12) + ")";
    case Dating::Source::kTag:
      return " (release tag " + d.tag + " first holds the marker)";
    case Dating::Source::kUnknown:
      return "";
  }
  return "";
}

class DeprecatedFieldRemoval : public Check {
 public:
  DeprecatedFieldRemoval(std::vector<std::string> components, Window window, VersionFrom from,
                         Adjacency adjacency)
      : components_(std::move(components)), window_(window), adjacency_(std::move(adjacency)) {
    for (const auto& c : components_) dating_.emplace(c, DeprecationDating(c, from));
  }

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const auto& component : components_) {
      std::vector<CrdView> before = CrdsOf(ctx.before, component);
      std::vector<CrdView> after = CrdsOf(ctx.after, component);
      for (const CrdView& b : before) {
        const CrdView* a = Matching(b, after);
        if (!a || (a->instance->version.versioned && b.instance->version.versioned &&
                   a->instance->version < b.instance->version)) {
          continue;  // deleted, or a downgrade (crd-downgrade's concern)
        }
        for (const CrdApiVersion* old_version : b.schema.Served()) {
          const CrdApiVersion* now = a->schema.Find(old_version->name);
          Pair pair{b, *a, *old_version};
          if (old_version->truncated || (now && now->truncated)) continue;
          if (now && now->served) {
            JudgeProperties(ctx, pair, *now, out);
          } else {
            JudgeVersionRemoval(ctx, pair, out);
          }
        }
      }
    }
  }

 private:
  static const CrdView* Matching(const CrdView& b, const std::vector<CrdView>& after) {
    for (const CrdView& a : after) {
      if (a.instance->Key() == b.instance->Key()) return &a;
    }
    return nullptr;
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
                       std::vector<Finding>& out) const {
    for (const auto& [path, node] : pair.old_version.nodes) {
      if (!node.is_property || now.Find(path) || AncestorRemoved(pair.old_version, now, path)) {
        continue;
      }
      Verdict verdict = Judge(ctx, pair, path);
      if (verdict.kind == Verdict::Kind::kOk) continue;
      const SchemaNode* parent = now.NearestExisting(path);
      int line = parent && parent->line ? parent->line : now.line;
      int column = parent && parent->line ? parent->column : now.column;
      out.push_back(At(pair.after, line, column, Message(pair, "property " + path, verdict)));
      out.back().cause = PropertyRemovedCause(pair.after.schema, pair.old_version.name, path);
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
      if (!node.is_property || Judge(ctx, pair, path).kind == Verdict::Kind::kOk) continue;
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
    const Version& removing = pair.after.instance->version;
    if (!removing.versioned) return Verdict{Verdict::Kind::kUnknownRemoving, dating};
    bool passed = window_.PassedBy(dating.version, removing, adjacency_);
    return Verdict{passed ? Verdict::Kind::kOk : Verdict::Kind::kPremature, dating};
  }

  // "spiceai-crds 1.4.0 removes property spec.a from spicepodsets.spice.ai v1 in scope prod";
  // an API version (`what` not a property) is named without one.
  static std::string Head(const Pair& pair, const std::string& what) {
    const Instance& a = *pair.after.instance;
    std::string version = a.version.versioned ? " " + a.version.Normalized() : "";
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
               " window cannot be checked; set its app.kubernetes.io/version label";
      default:
        break;
    }
    const Version& since = v.dating.version;
    const Version& removing = pair.after.instance->version;
    auto distance = MinorDistance(since, removing, adjacency_);
    std::string gap = removing < since ? "before the version that deprecated it"
                                       : Minors(distance.value_or(0)) + " after it was deprecated";
    return head + " " + gap + " in " + since.Normalized() + SourceNote(v.dating) +
           "; deprecations stay for " + window + ": keep it until " +
           window_.Earliest(since).Normalized();
  }

  static Finding At(const CrdView& crd, int line, int column, std::string message) {
    Finding f = MakeFinding(*crd.instance, std::move(message));
    f.location.line = line;
    f.location.column = column;
    return f;
  }

  std::vector<std::string> components_;
  Window window_;
  Adjacency adjacency_;
  std::map<std::string, DeprecationDating> dating_;
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
  PolicyOptions options(policy, config, {"component", "window", "version_from"});
  auto components = CrdComponents(options, config);
  Window window = ReadWindow(options);
  VersionFrom from = ReadVersionFrom(options);
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(
      new DeprecatedFieldRemoval(std::move(components), window, from, policy.adjacency));
}

}  // namespace skewlint
