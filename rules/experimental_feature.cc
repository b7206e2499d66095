#include "rules/experimental_feature.h"

#include <algorithm>

#include "linter/config_reader.h"
#include "linter/extract_util.h"
#include "linter/hcl_scan.h"
#include "linter/scope.h"
#include "rules/helm_values.h"
#include "rules/policy_options.h"
#include "rules/yaml_diff.h"

namespace skewlint {
namespace {

constexpr std::string_view kWhy =
    ": experimental features are not covered by the upgrade and compatibility guarantees and may "
    "change or be removed in any release; re-test them on every upgrade, or leave them out";

std::string ResourceOf(const YamlNode& root) {
  const YamlNode* metadata = root.Get("metadata");
  std::string ns(metadata ? metadata->ScalarAt("namespace") : "");
  std::string name(metadata ? metadata->ScalarAt("name") : "");
  return std::string(root.ScalarAt("kind")) + (ns.empty() ? "" : "/" + ns) + "/" + name;
}

const YamlNode* Counterpart(const FileFacts* before, const std::string& resource) {
  if (!before) return nullptr;
  for (const auto& doc : before->documents) {
    if (doc.root->IsMap() && ResourceOf(*doc.root) == resource) return doc.root.get();
  }
  return nullptr;
}

/// Line `line` (1-based) of `text`, without its line break.
std::string_view LineAt(std::string_view text, int line) {
  size_t start = 0;
  for (int i = 1; i < line && start != std::string_view::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos || start > text.size()) return {};
  size_t end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

size_t Indent(std::string_view line) {
  size_t n = line.find_first_not_of(" \t");
  return n == std::string_view::npos ? line.size() : n;
}

/// Where a block found inside a scalar sits in the file: exact for block
/// scalars (`|`, `>`), the scalar's own position otherwise.
Location BlockLocation(const FileFacts& file, const YamlNode& scalar, const HclBlock& block) {
  Location at{file.path, scalar.line, scalar.column};
  if (!file.text || scalar.quoted) return at;
  std::string_view indicator = LineAt(*file.text, scalar.line);
  size_t column = static_cast<size_t>(std::max(scalar.column, 1)) - 1;
  if (column >= indicator.size() || (indicator[column] != '|' && indicator[column] != '>')) {
    return at;
  }
  int line = scalar.line + block.line;
  std::string_view raw = LineAt(*file.text, line);
  std::string_view content = LineAt(scalar.scalar, block.line);
  size_t indent = Indent(raw) >= Indent(content) ? Indent(raw) - Indent(content) : 0;
  return {file.path, line, static_cast<int>(indent) + block.column};
}

class ExperimentalFeature : public Check {
 public:
  ExperimentalFeature(std::vector<std::string> config_keys, std::string block,
                      std::vector<std::string> values_paths, RegexPtr charts, std::string component)
      : config_keys_(std::move(config_keys)),
        block_(std::move(block)),
        values_paths_(std::move(values_paths)),
        charts_(std::move(charts)),
        component_(std::move(component)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const FileDelta& delta : ctx.changed) {
      const FileFacts* after = Facts(ctx.after, delta.new_path);
      if (!after) continue;
      const FileFacts* before = Facts(ctx.before, delta.old_path);
      std::string scope = ScopeOf(ctx.config, after->path);
      for (const auto& doc : after->documents) {
        if (doc.root->ScalarAt("kind") == "ConfigMap")
          CheckConfigMap(*after, before, *doc.root, scope, out);
      }
      if (!values_paths_.empty()) CheckValues(ctx, *after, before, scope, out);
    }
  }

 private:
  static const FileFacts* Facts(const State& state, const std::string& path) {
    if (path.empty()) return nullptr;
    auto it = state.files.find(path);
    return it == state.files.end() ? nullptr : it->second.get();
  }

  void CheckConfigMap(const FileFacts& after, const FileFacts* before, const YamlNode& root,
                      const std::string& scope, std::vector<Finding>& out) const {
    const YamlNode* data = root.Get("data");
    if (!data || !data->IsMap()) return;
    std::string resource = ResourceOf(root);
    const YamlNode* old_root = Counterpart(before, resource);
    const YamlNode* old_data = old_root ? old_root->Get("data") : nullptr;
    for (const auto& key : config_keys_) {
      const YamlNode* text = data->Get(key);
      if (!text || !text->IsScalar()) continue;
      const YamlNode* old_text = old_data ? old_data->Get(key) : nullptr;
      std::vector<HclBlock> old_blocks;
      if (old_text && old_text->IsScalar()) old_blocks = FindHclBlocks(old_text->scalar, block_);
      std::vector<HclBlock> blocks = FindHclBlocks(text->scalar, block_);
      for (size_t i = 0; i < blocks.size(); ++i) {
        if (Unchanged(blocks[i], old_blocks)) continue;
        std::string verb = i < old_blocks.size() ? "edits the " : "adds an ";
        Finding f = Make(BlockLocation(after, *text, blocks[i]), scope);
        f.message = "the change " + verb + block_ + " block in " +
                    Subject(key + " of " + resource) + " in " + DescribeScope(scope) +
                    std::string(kWhy);
        out.push_back(std::move(f));
      }
    }
  }

  static bool Unchanged(const HclBlock& block, const std::vector<HclBlock>& old_blocks) {
    std::string text = CollapseWhitespace(block.text);
    return std::any_of(old_blocks.begin(), old_blocks.end(),
                       [&text](const HclBlock& b) { return CollapseWhitespace(b.text) == text; });
  }

  void CheckValues(const RuleContext& ctx, const FileFacts& after, const FileFacts* before,
                   const std::string& scope, std::vector<Finding>& out) const {
    std::vector<ValuesSource> old_sources;
    if (before) old_sources = FindValues(*before, ctx.before);
    for (const ValuesSource& source : FindValues(after, ctx.after)) {
      if (!ForCharts(source)) continue;
      const YamlNode* old_root = nullptr;
      for (const auto& o : old_sources) old_root = o.key == source.key ? o.root : old_root;
      for (const auto& path : values_paths_) {
        const YamlNode::Entry* entry = EntryAt(source.root, path);
        if (!entry || entry->value->IsNull() || SwitchedOff(*entry->value)) continue;
        const YamlNode* old_value = old_root ? old_root->Path(path) : nullptr;
        if (SameYaml(old_value, entry->value.get())) continue;
        std::string where = source.key.rfind("document ", 0) == 0 ? after.path : source.key;
        Finding f = Make({after.path, entry->key_line, entry->key_column}, scope);
        f.message = std::string("the change ") + (old_value ? "edits" : "adds") +
                    " experimental settings in " + Subject(path + " of " + where) + " in " +
                    DescribeScope(scope) + std::string(kWhy);
        out.push_back(std::move(f));
      }
    }
  }

  bool ForCharts(const ValuesSource& source) const {
    return std::any_of(source.charts.begin(), source.charts.end(),
                       [this](const std::string& chart) { return Matches(charts_, chart); });
  }

  // `{enabled: false, ...}`: the chart renders the block only when it is
  // enabled, so it switches nothing on. So is a map whose every entry is
  // such a block (`brokerAPI: {tcp: {enabled: false}, brokers: {x: {enabled:
  // false}}}`); any other setting keeps it on.
  static bool SwitchedOff(const YamlNode& value, int depth = 0) {
    if (!value.IsMap() || value.entries.empty() || depth > 8) return false;
    const YamlNode* enabled = value.Get("enabled");
    if (enabled && enabled->IsScalar() && !enabled->quoted) {
      const std::string& text = enabled->scalar;
      if (text == "false" || text == "False" || text == "FALSE") return true;
    }
    return std::all_of(value.entries.begin(), value.entries.end(),
                       [depth](const auto& entry) { return SwitchedOff(*entry.value, depth + 1); });
  }

  static const YamlNode::Entry* EntryAt(const YamlNode* root, const std::string& path) {
    size_t dot = path.rfind('.');
    const YamlNode* parent = dot == std::string::npos ? root : root->Path(path.substr(0, dot));
    if (!parent || !parent->IsMap()) return nullptr;
    return parent->GetEntry(dot == std::string::npos ? path : path.substr(dot + 1));
  }

  std::string Subject(const std::string& where) const {
    return component_.empty() ? where : "the " + component_ + " configuration (" + where + ")";
  }

  Finding Make(Location at, const std::string& scope) const {
    Finding f;
    f.location = std::move(at);
    f.scope = scope;
    f.component = component_;
    return f;
  }

  std::vector<std::string> config_keys_;
  std::string block_;
  std::vector<std::string> values_paths_;
  RegexPtr charts_;
  std::string component_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakeExperimentalFeature(const PolicyDef& policy,
                                                       const Config& config) {
  PolicyOptions options(policy, config,
                        {"config_keys", "block", "values_paths", "charts", "component"});
  std::vector<std::string> config_keys = options.Strings("config_keys");
  if (!options.Has("config_keys")) config_keys = {"server.conf", "agent.conf"};
  std::string block = options.String("block", false).value_or("experimental");
  std::vector<std::string> values_paths = options.Strings("values_paths");
  std::string component = options.Component("component", false);
  std::string charts_text = options.String("charts", !values_paths.empty()).value_or("");
  if (!options.status().ok()) return options.status().error();
  RegexPtr charts;
  if (!charts_text.empty()) {
    ConfigReader reader(policy.where.path);
    charts = reader.Regex(options.Node("charts"), "charts");
    if (!reader.ok()) return reader.error();
  }
  return std::unique_ptr<Check>(new ExperimentalFeature(std::move(config_keys), std::move(block),
                                                        std::move(values_paths), std::move(charts),
                                                        std::move(component)));
}

}  // namespace skewlint
