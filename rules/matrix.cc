#include "rules/matrix.h"

#include <charconv>

#include "linter/scope.h"

namespace skewlint {
namespace {

std::optional<uint64_t> Number(std::string_view text) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// "16.2" -> row {16, 2}; "16" -> row {16, none}; "v1.6" accepted.
std::optional<Matrix::Row> ParseSeries(std::string_view text) {
  Matrix::Row row;
  row.series = std::string(text);
  if (!text.empty() && text[0] == 'v') text.remove_prefix(1);
  size_t dot = text.find('.');
  auto major = Number(text.substr(0, dot));
  if (!major) return std::nullopt;
  row.major = *major;
  if (dot == std::string_view::npos) return row;
  row.minor = Number(text.substr(dot + 1));
  if (!row.minor) return std::nullopt;
  return row;
}

const PolicyDef* FindCompatibility(const Config& config, std::string_view id) {
  for (const auto& policy : config.policies) {
    if (policy.rule == "compatibility" && policy.id == id) return &policy;
  }
  return nullptr;
}

// The matrix a `compatibility` policy declares.
std::optional<Matrix> CompatibilityMatrix(const PolicyDef& policy, std::string* error) {
  const YamlNode* def = policy.options.get();
  if (!def) return std::nullopt;
  ConfigReader reader(policy.where.path);
  auto matrix = ReadMatrixMap(reader, def->Get("matrix"), std::string(def->ScalarAt("component")),
                              std::string(def->ScalarAt("with")));
  if (!matrix) {
    if (error) *error = reader.error().ToString();
    return std::nullopt;
  }
  matrix->source = policy.id;
  return matrix;
}

std::vector<std::string> Names(const YamlNode* node) {
  std::vector<std::string> out;
  if (node && node->IsScalar()) out.push_back(node->scalar);
  if (node && node->IsSequence()) {
    for (const auto& item : node->items) {
      if (item->IsScalar()) out.push_back(item->scalar);
    }
  }
  return out;
}

}  // namespace

std::optional<Matrix> MatrixOfPolicy(const PolicyDef& policy, const Config& config) {
  if (policy.rule == "compatibility") return CompatibilityMatrix(policy, nullptr);
  const YamlNode* def = policy.options.get();
  const YamlNode* node = def ? def->Get("matrix") : nullptr;
  if (!node) return std::nullopt;
  if (node->IsScalar()) {
    const PolicyDef* source = FindCompatibility(config, node->scalar);
    return source ? CompatibilityMatrix(*source, nullptr) : std::nullopt;
  }
  bool order = policy.rule == "upgrade-order" || policy.rule == "downgrade-order";
  std::string keyed(order ? def->ScalarAt("then")
                          : (def->Get("newer") ? def->ScalarAt("newer") : def->ScalarAt("older")));
  auto ranged = Names(def->Get(order ? "first" : "than"));
  if (keyed.empty() || ranged.empty()) return std::nullopt;
  ConfigReader reader(policy.where.path);
  return ReadMatrixMap(reader, node, keyed, ranged.front());
}

const Matrix::Row* Matrix::RowFor(const Version& version) const {
  const Row* whole_major = nullptr;
  for (const auto& row : rows) {
    if (row.major != version.major) continue;
    if (row.minor == version.minor) return &row;
    if (!row.minor && !whole_major) whole_major = &row;
  }
  return whole_major;
}

bool Matrix::Relates(std::string_view a, std::string_view b) const {
  return (a == keyed && b == ranged) || (a == ranged && b == keyed);
}

std::string Matrix::Name() const {
  return source.empty() ? "the policy's matrix" : "the matrix of policy '" + source + "'";
}

MatrixJudgement Judge(const Matrix& matrix, const std::string& component_a, const Version& a,
                      const Version& b) {
  MatrixJudgement out;
  bool a_keyed = component_a == matrix.keyed;
  out.keyed = a_keyed ? a : b;
  const Version& ranged = a_keyed ? b : a;
  out.row = matrix.RowFor(out.keyed);
  if (!out.row) return out;
  out.kind = out.row->range.Contains(ranged) ? MatrixJudgement::Kind::kCompatible
                                             : MatrixJudgement::Kind::kIncompatible;
  return out;
}

std::string DescribeMismatch(const Matrix& matrix, const Matrix::Row& row, const Instance& keyed_at,
                             const Instance& ranged_at) {
  std::string k = keyed_at.component;
  std::string r = ranged_at.component;
  std::string rv = ranged_at.version.Normalized();
  return k + " " + keyed_at.version.Normalized() + " and " + r + " " + rv + " in " +
         DescribeScope(keyed_at.scope) + " are outside " + matrix.Name() + ": " + k + " " +
         row.series + " works with " + r + " " + row.range.text() + "; move " + r +
         " into that range, or move " + k + " to a series that supports " + r + " " + rv;
}

std::optional<Matrix> ReadMatrixMap(ConfigReader& reader, const YamlNode* node,
                                    const std::string& keyed, const std::string& ranged) {
  if (!reader.ExpectMap(node, "matrix")) return std::nullopt;
  Matrix matrix{keyed, ranged, "", {}};
  for (const auto& entry : node->entries) {
    auto row = ParseSeries(entry.key);
    if (!row) {
      reader.FailAt(entry.key_line, entry.key_column,
                    "matrix: expected a series of " + keyed + " such as '16.2' or '16', found '" +
                        entry.key + "'");
      return std::nullopt;
    }
    auto text = reader.String(entry.value.get(), "matrix '" + entry.key + "'");
    if (!text) return std::nullopt;
    std::string error;
    auto range = VersionRange::Parse(*text, &error);
    if (!range) {
      reader.Fail(entry.value.get(), "matrix '" + entry.key + "': " + error);
      return std::nullopt;
    }
    row->range = std::move(*range);
    matrix.rows.push_back(std::move(*row));
  }
  if (matrix.rows.empty()) {
    reader.Fail(node, "matrix: expected at least one row such as '16.2': '>=1.6.0'");
    return std::nullopt;
  }
  return matrix;
}

std::optional<Matrix> ReadMatrixOption(PolicyOptions& options, std::string_view key,
                                       const std::string& keyed,
                                       const std::vector<std::string>& ranged) {
  const YamlNode* node = options.Node(key);
  if (!node || !options.reader().ok() || ranged.empty()) return std::nullopt;
  if (!node->IsScalar()) return ReadMatrixMap(options.reader(), node, keyed, ranged.front());
  const PolicyDef* source = FindCompatibility(options.config(), node->scalar);
  if (!source) {
    options.FailAt(key,
                   "expected a map of series to ranges, or the id of a compatibility "
                   "policy; there is no compatibility policy '" +
                       node->scalar + "'");
    return std::nullopt;
  }
  std::string error;
  auto matrix = CompatibilityMatrix(*source, &error);
  if (!matrix) {
    options.FailAt(key, "compatibility policy '" + node->scalar + "' is invalid: " + error);
    return std::nullopt;
  }
  for (const auto& r : ranged) {
    if (matrix->Relates(keyed, r)) return matrix;
  }
  std::string names;
  for (const auto& r : ranged) names += (names.empty() ? "" : " or ") + r;
  options.FailAt(key, "compatibility policy '" + node->scalar + "' relates " + matrix->keyed +
                          " and " + matrix->ranged + ", not " + keyed + " and " + names);
  return std::nullopt;
}

}  // namespace skewlint
