#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/version.h"

namespace skewlint {

/// A range of versions, as compatibility matrices write them: space-separated
/// terms that must all hold. A term is an operator (`>=`, `>`, `<`, `<=`,
/// `=`; none means `=`) and a version whose missing or `x`/`*` parts are
/// wildcards: `1.9.x` and `1.9` are the 1.9 series, `>1.9.x` starts at
/// 1.10.0, `<=1.9` ends before 1.10.0, `>=1.6` is `>=1.6.0`. `*` or `x`
/// alone holds for every version. A leading `v` is accepted. Pre-releases
/// and variants order as Version::Compare says.
class VersionRange {
 public:
  /// Parses `text`; on failure returns nullopt and says what was expected in
  /// `error`.
  static std::optional<VersionRange> Parse(std::string_view text, std::string* error);

  /// True when every term holds for `version` (false when unversioned).
  bool Contains(const Version& version) const;
  /// The lowest version the lower-bound terms allow (0.0.0 when none
  /// bounds it from below), for planners that move a component into range.
  Version Lowest() const;
  /// The text as written, trimmed.
  const std::string& text() const { return text_; }

 private:
  struct Term {
    enum class Op { kEq, kGt, kGe, kLt, kLe };
    Op op = Op::kEq;
    Version low;         ///< first version of the series the term names
    Version high;        ///< first version after it (unused when `exact`)
    bool exact = false;  ///< all three parts given: `low` itself
    bool any = false;    ///< `*`
  };
  static bool Holds(const Term& term, const Version& version);

  std::vector<Term> terms_;
  std::string text_;
};

}  // namespace skewlint
