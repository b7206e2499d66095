#include "git/handles.h"

namespace skewlint::git {

Error GitError(std::string_view context, Location where) {
  const git_error* last = git_error_last();
  std::string message(context);
  if (last && last->message && *last->message) message += std::string(": ") + last->message;
  git_error_clear();
  return Error::At(std::move(where), std::move(message));
}

Status Check(int code, std::string_view context) {
  if (code < 0) return GitError(context);
  return Ok{};
}

}  // namespace skewlint::git
