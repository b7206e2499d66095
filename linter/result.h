#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "linter/location.h"

namespace skewlint {

/// Exit codes of the command line.
enum class ExitCode : int { kClean = 0, kFindings = 1, kUsage = 2, kInternal = 3 };

/// A real failure (bad config, bad revision, I/O), as opposed to a finding.
/// Printed once, at the top, as "path:line:col: message" when it has a place.
struct Error {
  std::string message;
  Location where;
  ExitCode exit_code = ExitCode::kUsage;

  static Error At(Location where, std::string message) {
    return Error{std::move(message), std::move(where), ExitCode::kUsage};
  }
  static Error Internal(std::string message) {
    return Error{std::move(message), {}, ExitCode::kInternal};
  }
  std::string ToString() const {
    return where.empty() ? message : where.ToString() + ": " + message;
  }
};

/// Either a value or an Error. Functions that can fail return one; nothing in
/// skewlint throws across a module boundary.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}
  Result(Error error) : data_(std::move(error)) {}

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

/// Result of an operation with no value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace skewlint
