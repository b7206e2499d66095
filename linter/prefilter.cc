#include "linter/prefilter.h"

#include <algorithm>

namespace skewlint {
namespace {

constexpr size_t kMinNeedle = 3;

bool IsMeta(char c) {
  return std::string_view("^$.|?*+()[]{}\\").find(c) != std::string_view::npos;
}
bool IsQuantifier(char c) { return c == '?' || c == '*' || c == '{'; }

std::string BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Ends the current run; a quantifier after it makes its last character optional.
void Close(std::string& run, bool optional_last, std::string& best) {
  if (optional_last && !run.empty()) run.pop_back();
  if (run.size() > best.size()) best = run;
  run.clear();
}

// A file a kustomization may apply as a patch (kustomize_patch.h): a Flux
// HelmRelease (its chart version, its values), an Argo CD Application that
// names no repository (its targetRevision), or JSON 6902 operations on a
// resource's spec.
bool MayBePatch(std::string_view text) {
  if (text.find("helm.toolkit.fluxcd.io") != std::string_view::npos) return true;
  if (text.find("argoproj.io") != std::string_view::npos &&
      text.find("repoURL") == std::string_view::npos) {
    return true;  // an Application that names no source: a patch of one
  }
  return text.find("/spec/") != std::string_view::npos &&
         (text.find("op:") != std::string_view::npos ||
          text.find("\"op\"") != std::string_view::npos);
}

}  // namespace

std::string RequiredLiteral(std::string_view p) {
  if (p.find("(?i") != std::string_view::npos) return "";
  std::string best, run;
  int depth = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    bool quantified_next = i + 1 < p.size() && IsQuantifier(p[i + 1]);
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[++i];
      bool literal = !std::isalnum(static_cast<unsigned char>(e));
      if (depth == 0 && literal && e != '/') {
        run += e;
        if (i + 1 < p.size() && IsQuantifier(p[i + 1])) Close(run, true, best);
      } else {
        Close(run, false, best);
      }
      continue;
    }
    if (c == '[') {  // a class: skip it whole
      Close(run, false, best);
      size_t end = p.find(']', i + 2);
      if (end == std::string_view::npos) return "";
      i = end;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == '|' && depth == 0) return "";
    if (depth == 0 && !IsMeta(c) && c != '/') {
      run += c;
      if (quantified_next) Close(run, true, best);
    } else {
      Close(run, false, best);
    }
  }
  Close(run, false, best);
  return best.size() >= kMinNeedle ? best : "";
}

Prefilter::Prefilter(const Config& config) {
  needles_ = {"CustomResourceDefinition", "dependsOn", "skewlint"};
  for (const auto& component : config.components) {
    for (const auto& locator : component.locators) {
      std::string needle = locator.kind == Locator::Kind::kField
                               ? locator.field_kind
                               : RequiredLiteral(locator.pattern_text);
      if (needle.size() < kMinNeedle) enabled_ = false;
      needles_.push_back(needle);
    }
  }
  std::sort(needles_.begin(), needles_.end());
  needles_.erase(std::unique(needles_.begin(), needles_.end()), needles_.end());
  for (const auto& policy : config.policies) AddFileRuleNeedles(policy);
  std::sort(file_rule_needles_.begin(), file_rule_needles_.end());
  file_rule_needles_.erase(std::unique(file_rule_needles_.begin(), file_rule_needles_.end()),
                           file_rule_needles_.end());
}

// What the rules that read a changed file on its own look for: forced-rollout
// the kinds it judges; experimental-feature its ConfigMap keys and the last
// key of its Helm values paths. A word too short to search for switches the
// filter off.
void Prefilter::AddFileRuleNeedles(const PolicyDef& policy) {
  auto strings = [&policy](std::string_view key) {
    std::vector<std::string> out;
    const YamlNode* node = policy.options ? policy.options->Get(key) : nullptr;
    if (node && node->IsScalar()) out.push_back(node->scalar);
    if (node && node->IsSequence()) {
      for (const auto& item : node->items) {
        if (item->IsScalar()) out.push_back(item->scalar);
      }
    }
    return out;
  };
  std::vector<std::string> words;
  if (policy.rule == "forced-rollout") {
    words = strings("kind");
  } else if (policy.rule == "experimental-feature") {
    words = strings("config_keys");
    if (!policy.options || !policy.options->Get("config_keys"))
      words = {"server.conf", "agent.conf"};
    for (const auto& path : strings("values_paths"))
      words.push_back(path.substr(path.rfind('.') + 1));
  }
  for (auto& word : words) {
    if (word.size() < kMinNeedle) enabled_ = false;
    file_rule_needles_.push_back(std::move(word));
  }
}

bool Prefilter::Mentions(std::string_view text) const {
  if (!enabled_) return true;
  // YAML escapes (\x2d, escaped line breaks) could hide a literal.
  if (text.find('\\') != std::string_view::npos) return true;
  for (const auto& needle : needles_) {
    if (text.find(needle) != std::string_view::npos) return true;
  }
  return false;
}

Prefilter::Keep Prefilter::Why(std::string_view path, std::string_view text) const {
  if (Mentions(text)) return Keep::kByContent;
  for (const auto& needle : file_rule_needles_) {
    if (text.find(needle) != std::string_view::npos) return Keep::kForFileRules;
  }
  std::string name = BaseName(path);
  if (name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization" ||
      name == "Chart.yaml" || text.find("kustomize.config.k8s.io") != std::string_view::npos ||
      text.find("kustomize.toolkit.fluxcd.io") != std::string_view::npos || MayBePatch(text)) {
    return Keep::kForStructure;
  }
  return Keep::kNo;
}

}  // namespace skewlint
