#include "rules/policy_options.h"

#include <algorithm>
#include <charconv>

namespace skewlint {
namespace {

std::tuple<uint64_t, uint64_t, uint64_t> Key(const Version& v, Granularity g) {
  switch (g) {
    case Granularity::kMajor:
      return {v.major, 0, 0};
    case Granularity::kMinor:
      return {v.major, v.minor, 0};
    case Granularity::kPatch:
      return {v.major, v.minor, v.patch};
  }
  return {v.major, v.minor, v.patch};
}

}  // namespace

bool HasPolicyFor(const Config& config, std::string_view rule) {
  return std::any_of(config.policies.begin(), config.policies.end(),
                     [rule](const PolicyDef& p) { return p.rule == rule; });
}

std::optional<Allowance> ParseAllowance(std::string_view text) {
  if (text == "none") return Allowance{Allowance::Kind::kNone, 0};
  if (text == "patch") return Allowance{Allowance::Kind::kPatch, 0};
  if (text == "major") return Allowance{Allowance::Kind::kMajor, 0};
  if (text == "minor") return Allowance{Allowance::Kind::kMinors, 1};
  constexpr std::string_view kSuffix = "-minor";
  if (text.size() <= kSuffix.size() || text.substr(text.size() - kSuffix.size()) != kSuffix) {
    return std::nullopt;
  }
  uint64_t n = 0;
  std::string_view digits = text.substr(0, text.size() - kSuffix.size());
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return Allowance{Allowance::Kind::kMinors, n};
}

bool Allowance::Exceeded(const Version& ahead, const Version& behind,
                         const Adjacency& adjacency) const {
  if (!ahead.versioned || !behind.versioned || ahead.Compare(behind) <= 0) return false;
  switch (kind) {
    case Kind::kNone:
      return true;
    case Kind::kPatch:
      return !ahead.SameMinor(behind);
    case Kind::kMajor:
      return ahead.major != behind.major;
    case Kind::kMinors: {
      auto distance = MinorDistance(behind, ahead, adjacency);
      return !distance || *distance > minors;
    }
  }
  return true;
}

bool OnOneLine(const Version& a, const Version& b, const Adjacency& adjacency) {
  if (!a.versioned || !b.versioned) return false;
  return a.major == b.major || MinorDistance(a, b, adjacency).has_value();
}

std::string Allowance::Describe() const {
  switch (kind) {
    case Kind::kNone:
      return "no skew at all";
    case Kind::kPatch:
      return "patch-level skew only";
    case Kind::kMajor:
      return "skew within the same major only";
    case Kind::kMinors:
      return "at most " + std::to_string(minors) + " minor" + (minors == 1 ? "" : "s") + " of skew";
  }
  return "";
}

int CompareSeries(const Version& a, const Version& b, Granularity granularity) {
  if (granularity == Granularity::kPatch) {
    auto c = a.Compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  auto ka = Key(a, granularity);
  auto kb = Key(b, granularity);
  return ka < kb ? -1 : (ka > kb ? 1 : 0);
}

std::string SeriesName(const Version& v, Granularity granularity) {
  switch (granularity) {
    case Granularity::kMajor:
      return std::to_string(v.major);
    case Granularity::kMinor:
      return std::to_string(v.major) + "." + std::to_string(v.minor);
    case Granularity::kPatch:
      return v.Normalized();
  }
  return v.Normalized();
}

PolicyOptions::PolicyOptions(const PolicyDef& policy, const Config& config,
                             std::initializer_list<std::string_view> keys)
    : policy_(policy), config_(config), reader_(policy.where.path) {
  std::vector<std::string_view> allowed = {"rule", "id", "severity", "adjacent"};
  allowed.insert(allowed.end(), keys.begin(), keys.end());
  reader_.ExpectKeys(policy.options.get(), "policy '" + policy.id + "' (" + policy.rule + ")",
                     allowed);
}

const YamlNode* PolicyOptions::Node(std::string_view key) const {
  return policy_.options ? policy_.options->Get(key) : nullptr;
}

const YamlNode* PolicyOptions::Required(std::string_view key, bool required) {
  const YamlNode* node = Node(key);
  if (!node && required && reader_.ok()) {
    reader_.Fail(policy_.options.get(), "policy '" + policy_.id + "' (" + policy_.rule +
                                            "): missing key '" + std::string(key) + "'");
  }
  return node;
}

std::string PolicyOptions::Component(std::string_view key, bool required) {
  auto names = Components(key, required);
  if (names.size() > 1) FailAt(key, "expected a single component name");
  return names.empty() ? "" : names.front();
}

std::vector<std::string> PolicyOptions::Components(std::string_view key, bool required) {
  const YamlNode* node = Required(key, required);
  if (!node) return {};
  std::vector<std::string> names = reader_.Strings(node, std::string(key));
  for (const auto& name : names) {
    if (reader_.ok() && !config_.FindComponent(name)) {
      reader_.Fail(node, std::string(key) + ": unknown component '" + name +
                             "'; define it under components: or add the preset that has it");
    }
  }
  return names;
}

std::optional<Allowance> PolicyOptions::AllowanceAt(std::string_view key, bool required) {
  const YamlNode* node = Required(key, required);
  if (!node) return std::nullopt;
  auto text = reader_.String(node, key);
  if (!text) return std::nullopt;
  auto allowance = ParseAllowance(*text);
  if (!allowance) {
    reader_.Fail(node, std::string(key) + ": expected none, patch, major or <N>-minor, found '" +
                           *text + "'");
  }
  return allowance;
}

Granularity PolicyOptions::GranularityAt(std::string_view key, Granularity fallback) {
  const YamlNode* node = Node(key);
  if (!node) return fallback;
  auto text = reader_.String(node, key);
  if (text == "patch") return Granularity::kPatch;
  if (text == "minor") return Granularity::kMinor;
  if (text == "major") return Granularity::kMajor;
  if (text)
    reader_.Fail(node,
                 std::string(key) + ": expected patch, minor or major, found '" + *text + "'");
  return fallback;
}

std::optional<double> PolicyOptions::Number(std::string_view key, bool required) {
  const YamlNode* node = Required(key, required);
  return node ? reader_.Number(node, key) : std::nullopt;
}

std::optional<std::string> PolicyOptions::String(std::string_view key, bool required) {
  const YamlNode* node = Required(key, required);
  return node ? reader_.String(node, key) : std::nullopt;
}

std::vector<std::string> PolicyOptions::Strings(std::string_view key) {
  const YamlNode* node = Node(key);
  return node ? reader_.Strings(node, key) : std::vector<std::string>{};
}

void PolicyOptions::Fail(std::string message) {
  reader_.Fail(policy_.options.get(),
               "policy '" + policy_.id + "' (" + policy_.rule + "): " + message);
}

void PolicyOptions::FailAt(std::string_view key, std::string message) {
  reader_.Fail(Node(key), std::string(key) + ": " + message);
}

Status PolicyOptions::status() const {
  if (!reader_.ok()) return reader_.error();
  return Ok{};
}

}  // namespace skewlint
