#include "linter/config_reader.h"

#include <re2/re2.h>

#include <charconv>

#include "linter/glob.h"

namespace skewlint {
namespace {

std::string_view KindName(const YamlNode* node) {
  if (!node) return "nothing";
  switch (node->kind) {
    case YamlNode::Kind::kNull: return "null";
    case YamlNode::Kind::kScalar: return "a scalar";
    case YamlNode::Kind::kSequence: return "a list";
    case YamlNode::Kind::kMap: return "a map";
  }
  return "?";
}

std::string JoinKeys(const std::vector<std::string_view>& keys) {
  std::string out;
  for (auto k : keys) out += (out.empty() ? "" : ", ") + std::string(k);
  return out;
}

}  // namespace

RegexPtr CompileRegex(std::string_view pattern, std::string* error) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) {
    if (error) *error = re->error();
    return nullptr;
  }
  return re;
}

Location ConfigReader::At(const YamlNode* node) const {
  return node ? Location{file_, node->line, node->column} : Location{file_, 0, 0};
}

void ConfigReader::Fail(const YamlNode* at, std::string message) {
  if (!error_) error_ = Error::At(At(at), std::move(message));
}

void ConfigReader::FailAt(int line, int column, std::string message) {
  if (!error_) error_ = Error::At(Location{file_, line, column}, std::move(message));
}

bool ConfigReader::ExpectMap(const YamlNode* node, std::string_view what) {
  if (!ok()) return false;
  if (node && node->IsMap()) return true;
  Fail(node, std::string(what) + ": expected a map, found " + std::string(KindName(node)));
  return false;
}

bool ConfigReader::ExpectSequence(const YamlNode* node, std::string_view what) {
  if (!ok()) return false;
  if (node && node->IsSequence()) return true;
  Fail(node, std::string(what) + ": expected a list, found " + std::string(KindName(node)));
  return false;
}

bool ConfigReader::ExpectKeys(const YamlNode* node, std::string_view what,
                              std::initializer_list<std::string_view> allowed) {
  return ExpectKeys(node, what, std::vector<std::string_view>(allowed));
}

bool ConfigReader::ExpectKeys(const YamlNode* node, std::string_view what,
                              const std::vector<std::string_view>& allowed) {
  if (!ExpectMap(node, what)) return false;
  for (const auto& entry : node->entries) {
    bool known = false;
    for (auto k : allowed) known = known || entry.key == k;
    if (!known) {
      FailAt(entry.key_line, entry.key_column,
             "unknown key '" + entry.key + "' in " + std::string(what) + "; expected one of: " +
                 JoinKeys(allowed));
      return false;
    }
  }
  return true;
}

const YamlNode* ConfigReader::Require(const YamlNode* map, std::string_view key,
                                      std::string_view what) {
  if (!ok()) return nullptr;
  const YamlNode* value = map && map->IsMap() ? map->Get(key) : nullptr;
  if (!value) Fail(map, std::string(what) + ": missing key '" + std::string(key) + "'");
  return value;
}

std::optional<std::string> ConfigReader::String(const YamlNode* node, std::string_view what) {
  if (!ok()) return std::nullopt;
  if (node && node->IsScalar()) return node->scalar;
  Fail(node, std::string(what) + ": expected a string, found " + std::string(KindName(node)));
  return std::nullopt;
}

std::vector<std::string> ConfigReader::Strings(const YamlNode* node, std::string_view what) {
  std::vector<std::string> out;
  if (node && node->IsScalar()) {
    out.push_back(node->scalar);
  } else if (ExpectSequence(node, what)) {
    for (const auto& item : node->items) {
      if (auto s = String(item.get(), what)) out.push_back(*s);
    }
  }
  return out;
}

std::optional<double> ConfigReader::Number(const YamlNode* node, std::string_view what) {
  auto text = String(node, what);
  if (!text) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0) {
    Fail(node, std::string(what) + ": expected a non-negative number, found '" + *text + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ConfigReader::Bool(const YamlNode* node, std::string_view what) {
  auto text = String(node, what);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  Fail(node, std::string(what) + ": expected true or false, found '" + *text + "'");
  return std::nullopt;
}

RegexPtr ConfigReader::Regex(const YamlNode* node, std::string_view what) {
  auto text = String(node, what);
  if (!text) return nullptr;
  std::string error;
  RegexPtr re = CompileRegex(*text, &error);
  if (!re) Fail(node, std::string(what) + ": invalid re2 pattern '" + *text + "': " + error);
  return re;
}

RegexPtr ConfigReader::Glob(const YamlNode* node, std::string_view what) {
  auto text = String(node, what);
  if (!text) return nullptr;
  std::string error;
  RegexPtr re = CompileRegex(GlobToRegex(*text), &error);
  if (!re) Fail(node, std::string(what) + ": invalid glob '" + *text + "': " + error);
  return re;
}

std::optional<Severity> ConfigReader::SeverityValue(const YamlNode* node, std::string_view what) {
  auto text = String(node, what);
  if (!text) return std::nullopt;
  auto severity = ParseSeverity(*text);
  if (!severity) {
    Fail(node, std::string(what) + ": expected error, warning or notice, found '" + *text + "'");
  }
  return severity;
}

}  // namespace skewlint
