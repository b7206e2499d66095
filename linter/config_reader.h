#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/config.h"
#include "linter/result.h"
#include "linter/yaml_tree.h"

namespace skewlint {

/// Reads values out of a YAML config tree, checking their types and turning
/// every mistake into an Error at "file:line:col" saying what was expected.
/// The first error wins; later reads become no-ops, so loaders can read a
/// whole section and check `ok()` once.
class ConfigReader {
 public:
  explicit ConfigReader(std::string file) : file_(std::move(file)) {}

  bool ok() const { return !error_.has_value(); }
  const Error& error() const { return *error_; }
  void Fail(const YamlNode* at, std::string message);
  void FailAt(int line, int column, std::string message);
  Location At(const YamlNode* node) const;

  /// Fails unless `node` is a map whose keys are all in `allowed`.
  bool ExpectKeys(const YamlNode* node, std::string_view what,
                  std::initializer_list<std::string_view> allowed);
  bool ExpectKeys(const YamlNode* node, std::string_view what,
                  const std::vector<std::string_view>& allowed);
  bool ExpectMap(const YamlNode* node, std::string_view what);
  bool ExpectSequence(const YamlNode* node, std::string_view what);

  /// The value under `key` of `map`; fails at the map, naming the key, when
  /// it is missing.
  const YamlNode* Require(const YamlNode* map, std::string_view key, std::string_view what);
  std::optional<std::string> String(const YamlNode* node, std::string_view what);
  /// A scalar or a sequence of scalars, as a list.
  std::vector<std::string> Strings(const YamlNode* node, std::string_view what);
  std::optional<double> Number(const YamlNode* node, std::string_view what);
  std::optional<bool> Bool(const YamlNode* node, std::string_view what);
  /// Compiles an re2 pattern; a syntax error fails with re2's message.
  RegexPtr Regex(const YamlNode* node, std::string_view what);
  /// Compiles a path glob (see glob.h).
  RegexPtr Glob(const YamlNode* node, std::string_view what);
  std::optional<Severity> SeverityValue(const YamlNode* node, std::string_view what);

 private:
  std::string file_;
  std::optional<Error> error_;
};

/// Compiles `pattern` with re2 (log errors off); nullptr and `error` filled
/// when it does not compile.
RegexPtr CompileRegex(std::string_view pattern, std::string* error);

}  // namespace skewlint
