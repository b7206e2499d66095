#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model.h"
#include "linter/version.h"
#include "linter/version_range.h"
#include "rules/policy_options.h"

namespace skewlint {

/// A compatibility matrix: which versions of `ranged` each series of `keyed`
/// works with. Rows are keyed by a series, `'16.2'` (major.minor) or `'16'`
/// (every minor of a major); a version takes the row of its major.minor,
/// else the row of its major.
struct Matrix {
  struct Row {
    std::string series;  ///< as written: "16.2" or "16"
    uint64_t major = 0;
    std::optional<uint64_t> minor;  ///< none for a whole-major row
    VersionRange range;
  };
  std::string keyed;   ///< the component whose series are the keys
  std::string ranged;  ///< the component the ranges constrain
  std::string source;  ///< the `compatibility` policy id it comes from, "" when inline
  std::vector<Row> rows;

  /// The row for a version of `keyed`, or nullptr when the matrix has none.
  const Row* RowFor(const Version& version) const;
  /// True when the matrix relates these two components (in either role).
  bool Relates(std::string_view a, std::string_view b) const;
  /// "the matrix of policy 'rook-supports-ceph'" or "the policy's matrix".
  std::string Name() const;
};

/// The outcome of pairing a version of one component with one of another.
struct MatrixJudgement {
  enum class Kind { kCompatible, kIncompatible, kNoRow };
  Kind kind = Kind::kNoRow;
  const Matrix::Row* row = nullptr;
  Version keyed;  ///< the version whose series chose the row
};

/// Judges `a` (a version of `component_a`) against `b` (of `component_b`),
/// whichever of them the matrix keys by. Both must be versioned, and the
/// matrix must relate the two components.
MatrixJudgement Judge(const Matrix& matrix, const std::string& component_a, const Version& a,
                      const Version& b);

/// What a pair outside the matrix is told: "ceph 16.2.0 and rook-operator
/// 1.5.9 in scope prod are outside the matrix of policy 'x': ceph 16.2 works
/// with rook-operator >=1.6.0; move rook-operator into that range, or move
/// ceph to a series that supports rook-operator 1.5.9". `keyed_at` is the
/// instance whose series chose the row.
std::string DescribeMismatch(const Matrix& matrix, const Matrix::Row& row, const Instance& keyed_at,
                             const Instance& ranged_at);

/// Reads `matrix:` of a policy: either the id of a `compatibility` policy of
/// the config (relating `keyed` and one of `ranged`, in either role) or an
/// inline map of series of `keyed` to ranges (of every component in
/// `ranged`; `Matrix::ranged` is the first). Fails the options with the
/// position and what was expected.
std::optional<Matrix> ReadMatrixOption(PolicyOptions& options, std::string_view key,
                                       const std::string& keyed,
                                       const std::vector<std::string>& ranged);

/// The matrix a policy judges by: a compatibility policy's own, or the
/// `matrix:` of another rule's policy (inline or by reference); nullopt when
/// it has none or it is invalid (building the policy's check says why).
std::optional<Matrix> MatrixOfPolicy(const PolicyDef& policy, const Config& config);

/// Reads an inline matrix map (`'16.2': '>=1.6.0'`).
std::optional<Matrix> ReadMatrixMap(ConfigReader& reader, const YamlNode* node,
                                    const std::string& keyed, const std::string& ranged);

}  // namespace skewlint
