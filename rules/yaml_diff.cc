#include "rules/yaml_diff.h"

namespace skewlint {
namespace {

constexpr size_t kSameBudget = 200000;

class Differ {
 public:
  Differ(size_t limit, size_t budget) : limit_(limit), budget_(budget) {}

  void Walk(const YamlNode* a, const YamlNode* b, int line, int column) {
    if (out_.truncated) return;
    if (!budget_.Spend()) {
      out_.truncated = true;
      return;
    }
    if (!a || !b || a->kind != b->kind) return Add(line, column);
    if (a->IsScalar() && a->scalar != b->scalar) return Add(line, column);
    if (a->IsSequence()) return WalkSequence(*a, *b, line, column);
    if (a->IsMap()) WalkMap(*a, *b, line, column);
  }

  YamlDiff Take() { return std::move(out_); }

 private:
  void WalkSequence(const YamlNode& a, const YamlNode& b, int line, int column) {
    if (a.items.size() != b.items.size()) return Add(line, column);
    for (size_t i = 0; i < a.items.size(); ++i) {
      path_.push_back("[" + std::to_string(i) + "]");
      Walk(a.items[i].get(), b.items[i].get(), b.items[i]->line, b.items[i]->column);
      path_.pop_back();
    }
  }

  void WalkMap(const YamlNode& a, const YamlNode& b, int line, int column) {
    for (const auto& entry : b.entries) {
      path_.push_back(entry.key);
      Walk(a.Get(entry.key), entry.value.get(), entry.key_line, entry.key_column);
      path_.pop_back();
    }
    for (const auto& entry : a.entries) {
      if (b.GetEntry(entry.key)) continue;
      path_.push_back(entry.key);
      Add(line, column);
      path_.pop_back();
    }
  }

  void Add(int line, int column) {
    if (out_.differences.size() >= limit_) {
      out_.truncated = true;
      return;
    }
    out_.differences.push_back({path_, line, column});
  }

  size_t limit_;
  VisitBudget budget_;
  std::vector<std::string> path_;
  YamlDiff out_;
};

}  // namespace

YamlDiff DiffYaml(const YamlNode* before, const YamlNode* after, size_t limit, size_t budget) {
  if (!before && !after) return {};
  Differ differ(limit, budget);
  const YamlNode* at = after ? after : before;
  differ.Walk(before, after, at->line, at->column);
  return differ.Take();
}

bool SameYaml(const YamlNode* before, const YamlNode* after) {
  YamlDiff diff = DiffYaml(before, after, 1, kSameBudget);
  return diff.differences.empty() && !diff.truncated;
}

std::string JoinPath(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& part : path) {
    if (!out.empty() && (part.empty() || part.front() != '[')) out += ".";
    out += part;
  }
  return out;
}

}  // namespace skewlint
