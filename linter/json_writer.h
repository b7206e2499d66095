#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace skewlint {

/// Writes JSON with stable formatting (two-space indent, keys in the order
/// written), so the same findings always give the same bytes.
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  /// A string, or null when empty.
  JsonWriter& StringOrNull(std::string_view value);
  /// `"key": "value"` in one call.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_) + "\n"; }

 private:
  void BeforeValue();
  JsonWriter& Close(char bracket);
  void Newline();

  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

/// JSON string escaping (quotes included).
std::string JsonQuote(std::string_view text);

}  // namespace skewlint
