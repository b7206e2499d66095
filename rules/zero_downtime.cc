#include "rules/zero_downtime.h"

#include <cmath>
#include <cstdlib>
#include <map>

#include "linter/config_reader.h"
#include "linter/scope.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

struct Requirement {
  std::string name;
  std::vector<std::string> paths;
  std::optional<double> min;
  std::string equals;
};

std::string FormatNumber(double n) {
  if (std::floor(n) == n && std::fabs(n) < 1e15) return std::to_string(static_cast<int64_t>(n));
  return std::to_string(n);
}

std::optional<double> AsNumber(const YamlNode* node) {
  if (!node || !node->IsScalar() || node->scalar.empty()) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(node->scalar.c_str(), &end);
  if (end != node->scalar.c_str() + node->scalar.size()) return std::nullopt;
  return value;
}

const YamlNode* FirstPresent(const YamlNode* doc, const std::vector<std::string>& paths) {
  if (!doc) return nullptr;
  for (const auto& path : paths) {
    if (const YamlNode* node = doc->Path(path); node && !node->IsNull()) return node;
  }
  return nullptr;
}

/// The path to suggest for a missing value: the one with the longest prefix
/// present in the document (the first on ties).
std::string SuggestedPath(const YamlNode* doc, const std::vector<std::string>& paths) {
  std::string best = paths.front();
  size_t best_depth = 0;
  for (const auto& path : paths) {
    size_t depth = 0;
    for (size_t dot = path.find('.'); doc && dot != std::string::npos;
         dot = path.find('.', dot + 1)) {
      if (!doc->Path(path.substr(0, dot))) break;
      ++depth;
    }
    if (depth > best_depth) best = path, best_depth = depth;
  }
  return best;
}

/// "" when the document meets `r`, else what is wrong with it.
std::string Unmet(const Requirement& r, const YamlNode* doc) {
  const YamlNode* node = FirstPresent(doc, r.paths);
  std::string need = r.min ? "at least " + FormatNumber(*r.min) : r.equals;
  if (!node)
    return r.name + " is not set (needs " + need + "; set " + SuggestedPath(doc, r.paths) + ")";
  if (r.min) {
    auto value = AsNumber(node);
    if (value && *value >= *r.min) return "";
    std::string shown = node->IsScalar() ? node->scalar : "not a number";
    return r.name + " is " + shown + " (needs " + need + ")";
  }
  if (node->IsScalar() && node->scalar == r.equals) return "";
  return r.name + " is " + (node->IsScalar() ? node->scalar : "not a scalar") + " (needs " + need +
         ")";
}

/// Where an instance lives, once per resource (several images of one
/// resource count once).
std::string ResourceKey(const Instance& i) {
  std::string resource = i.resource.ToString();
  return i.location.path + "|" + resource;
}

class ZeroDowntime : public Check {
 public:
  ZeroDowntime(std::string component, std::string kind, std::vector<Requirement> require,
               std::optional<double> min_instances, std::vector<std::string> replicas)
      : component_(std::move(component)),
        kind_(std::move(kind)),
        require_(std::move(require)),
        min_instances_(min_instances),
        replicas_(std::move(replicas)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    std::map<std::string, bool> reported;
    auto matched = MatchInstances(ctx);
    for (const Moved& m : *matched) {
      if (!Relevant(m)) continue;
      if (reported[ResourceKey(*m.after)]) continue;
      reported[ResourceKey(*m.after)] = true;
      std::vector<std::string> unmet = UnmetFor(ctx.after, *m.after);
      if (unmet.empty()) continue;
      out.push_back(MakeFinding(*m.after, Message(*m.before, *m.after, unmet)));
    }
  }

 private:
  bool Relevant(const Moved& m) const {
    if (!m.before || !m.after || m.after->component != component_) return false;
    if (!kind_.empty() && m.after->resource.kind != kind_) return false;
    const Version& from = m.before->version;
    const Version& to = m.after->version;
    return from.versioned && to.versioned && from.Compare(to) != 0;
  }

  std::vector<std::string> UnmetFor(const State& after, const Instance& at) const {
    std::vector<std::string> unmet;
    for (const Requirement& r : require_) {
      std::string problem = Unmet(r, at.document.get());
      if (!problem.empty()) unmet.push_back(problem);
    }
    if (min_instances_) {
      double running = RunningInScope(after, at.scope);
      if (running < *min_instances_) {
        unmet.push_back("only " + FormatNumber(running) + " " + component_ + " instance" +
                        (running == 1 ? "" : "s") + " in the scope (needs at least " +
                        FormatNumber(*min_instances_) + ")");
      }
    }
    return unmet;
  }

  double RunningInScope(const State& after, const std::string& scope) const {
    std::map<std::string, double> by_resource;
    for (const Instance* i : after.Of(component_, scope)) {
      auto replicas = AsNumber(FirstPresent(i->document.get(), replicas_));
      by_resource[ResourceKey(*i)] = replicas.value_or(1);
    }
    double total = 0;
    for (const auto& [key, n] : by_resource) total += n;
    return total;
  }

  std::string Message(const Instance& from, const Instance& to,
                      const std::vector<std::string>& unmet) const {
    bool up = to.version.Compare(from.version) > 0;
    std::string what = to.resource.ToString().empty() ? to.location.path : to.resource.ToString();
    std::string text = component_ + (up ? " upgrade" : " downgrade") + " from " +
                       from.version.Normalized() + " to " + to.version.Normalized() + " in " +
                       DescribeScope(to.scope) + " is not zero-downtime for " + what + ": ";
    for (size_t i = 0; i < unmet.size(); ++i) text += (i ? "; " : "") + unmet[i];
    return text + "; meet these before the rollout, or plan for the downtime";
  }

  std::string component_;
  std::string kind_;
  std::vector<Requirement> require_;
  std::optional<double> min_instances_;
  std::vector<std::string> replicas_;
};

std::vector<Requirement> ReadRequirements(const YamlNode* node, ConfigReader& reader) {
  std::vector<Requirement> out;
  if (!node || !reader.ExpectSequence(node, "require")) return out;
  for (const auto& item : node->items) {
    if (!reader.ExpectKeys(item.get(), "require entry", {"name", "paths", "min", "equals"})) break;
    Requirement r;
    r.paths = reader.Strings(item->Get("paths"), "paths");
    if (reader.ok() && r.paths.empty()) reader.Fail(item.get(), "require entry: missing paths");
    r.name = item->Get("name") ? reader.String(item->Get("name"), "name").value_or("") : "";
    if (r.name.empty() && !r.paths.empty()) r.name = r.paths.front();
    if (item->Get("min")) r.min = reader.Number(item->Get("min"), "min");
    if (item->Get("equals")) r.equals = reader.String(item->Get("equals"), "equals").value_or("");
    if (reader.ok() && r.min.has_value() == !r.equals.empty()) {
      reader.Fail(item.get(), "require entry: expected exactly one of min and equals");
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Check>> MakeZeroDowntime(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config,
                        {"component", "kind", "require", "min_instances", "replicas"});
  std::string component = options.Component("component");
  std::string kind = options.String("kind", false).value_or("");
  auto min_instances = options.Number("min_instances", false);
  std::vector<std::string> replicas = options.Strings("replicas");
  if (replicas.empty()) replicas = {"spec.replicas"};
  if (options.status().ok() && !options.Has("require") && !min_instances) {
    options.Fail("expected require: or min_instances:");
  }
  if (!options.status().ok()) return options.status().error();
  ConfigReader reader(policy.where.path);
  std::vector<Requirement> require = ReadRequirements(options.Node("require"), reader);
  if (!reader.ok()) return reader.error();
  return std::unique_ptr<Check>(
      new ZeroDowntime(component, kind, std::move(require), min_instances, std::move(replicas)));
}

}  // namespace skewlint
