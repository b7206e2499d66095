#include "rules/forced_rollout.h"

#include <algorithm>
#include <set>

#include "linter/scope.h"
#include "rules/policy_options.h"
#include "rules/yaml_diff.h"

namespace skewlint {
namespace {

constexpr size_t kMaxDifferences = 1000;
constexpr size_t kVisitBudget = 200000;
constexpr std::string_view kDefaultReason =
    "this is the intended way to pick up a rotated Secret referenced via env_from_source; "
    "otherwise revert the change";

std::vector<std::string> Split(const std::string& dotted) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= dotted.size()) {
    size_t dot = std::min(dotted.find('.', start), dotted.size());
    out.push_back(dotted.substr(start, dot - start));
    start = dot + 1;
  }
  return out;
}

ResourceRef RefOf(const YamlNode& root) {
  ResourceRef r;
  if (!root.IsMap()) return r;
  r.api_version = root.ScalarAt("apiVersion");
  r.kind = root.ScalarAt("kind");
  if (const YamlNode* metadata = root.Get("metadata")) {
    r.name = metadata->ScalarAt("name");
    r.namespace_ = metadata->ScalarAt("namespace");
  }
  return r;
}

bool SameResource(const ResourceRef& a, const ResourceRef& b) {
  return a.kind == b.kind && a.namespace_ == b.namespace_ && a.name == b.name;
}

const YamlNode* Counterpart(const FileFacts& before, const ResourceRef& ref) {
  for (const auto& doc : before.documents) {
    if (SameResource(RefOf(*doc.root), ref)) return doc.root.get();
  }
  return nullptr;
}

class ForcedRollout : public Check {
 public:
  ForcedRollout(std::vector<std::string> kinds, std::vector<std::string> fields,
                std::string component, std::string reason)
      : kinds_(std::move(kinds)), component_(std::move(component)), reason_(std::move(reason)) {
    for (const auto& f : fields) fields_.push_back(Split(f));
  }

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const FileDelta& delta : ctx.changed) {
      if (delta.old_path.empty() || delta.new_path.empty()) continue;
      auto before = ctx.before.files.find(delta.old_path);
      auto after = ctx.after.files.find(delta.new_path);
      if (before == ctx.before.files.end() || after == ctx.after.files.end()) continue;
      if (!before->second || !after->second) continue;
      for (const auto& doc : after->second->documents) {
        CheckDocument(ctx, *before->second, *after->second, *doc.root, out);
      }
    }
  }

 private:
  void CheckDocument(const RuleContext& ctx, const FileFacts& before, const FileFacts& after,
                     const YamlNode& root, std::vector<Finding>& out) const {
    ResourceRef ref = RefOf(root);
    if (std::find(kinds_.begin(), kinds_.end(), ref.kind) == kinds_.end()) return;
    const YamlNode* old_root = Counterpart(before, ref);
    if (!old_root) return;
    YamlDiff diff = DiffYaml(old_root, &root, kMaxDifferences, kVisitBudget);
    if (diff.truncated || diff.differences.empty()) return;
    std::set<std::string> touched;
    for (const auto& d : diff.differences) {
      const std::vector<std::string>* field = FieldOf(d.path);
      if (!field) return;  // another change: the rollout is not only forced
      touched.insert(JoinPath(*field));
    }
    const Instance* instance = InstanceOf(ctx.after, after.path, ref);
    if (!component_.empty() && !instance) return;
    const YamlDifference& first = diff.differences.front();
    Finding f;
    f.location = Location{after.path, first.line, first.column};
    f.scope = ScopeOf(ctx.config, after.path);
    if (instance) f.component = instance->component;
    f.message = Message(ref, f.scope, touched, instance);
    out.push_back(std::move(f));
  }

  const std::vector<std::string>* FieldOf(const std::vector<std::string>& path) const {
    for (const auto& field : fields_) {
      if (path.size() >= field.size() && std::equal(field.begin(), field.end(), path.begin())) {
        return &field;
      }
    }
    return nullptr;
  }

  const Instance* InstanceOf(const State& state, const std::string& path,
                             const ResourceRef& ref) const {
    for (const auto& i : state.instances) {
      if (i.location.path != path || !SameResource(i.resource, ref)) continue;
      if (component_.empty() || i.component == component_) return &i;
    }
    return nullptr;
  }

  std::string Message(const ResourceRef& ref, const std::string& scope,
                      const std::set<std::string>& touched, const Instance* instance) const {
    std::string fields;
    for (const auto& t : touched) fields += (fields.empty() ? "" : " and ") + t;
    std::string what;
    if (instance) {
      const Version& v = instance->version;
      what = " (" + instance->component + " " + (v.versioned ? v.Normalized() : v.raw) + ")";
    }
    return "changing only " + fields + " of " + ref.ToString() + " in " + DescribeScope(scope) +
           " rolls every pod of it" + what + ", a full rollout although nothing else changed; " +
           reason_;
  }

  std::vector<std::string> kinds_;
  std::vector<std::vector<std::string>> fields_;
  std::string component_;
  std::string reason_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakeForcedRollout(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config, {"kind", "fields", "component", "reason"});
  std::vector<std::string> kinds = options.Strings("kind");
  std::vector<std::string> fields = options.Strings("fields");
  std::string component = options.Component("component", false);
  std::string reason = options.String("reason", false).value_or(std::string(kDefaultReason));
  if (!options.status().ok()) return options.status().error();
  if (kinds.empty()) kinds = {"SpicepodSet"};
  if (fields.empty()) {
    fields = {"metadata.annotations", "metadata.labels", "spec.annotations", "spec.labels"};
  }
  return std::unique_ptr<Check>(
      new ForcedRollout(std::move(kinds), std::move(fields), component, std::move(reason)));
}

}  // namespace skewlint
