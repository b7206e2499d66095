#pragma once

#include <string>
#include <string_view>

#include "linter/repository.h"

namespace skewlint {

/// The web address of a repository for SARIF `versionControlProvenance`:
/// `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY` when both are set, else the
/// `origin` remote as a URL without credentials or `.git` (an scp-like
/// `git@host:owner/repo.git` reads as `https://host/owner/repo`); "" when
/// neither is known.
std::string RepositoryUri(Repository& repository);

/// `remote` as an absolute URL with no user information, or "".
std::string WebAddress(std::string_view remote);

/// `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/<head>` when both are set and
/// `head` is a commit id, else "": where the Markdown summary links to.
std::string BlobUrl(const std::string& head);

}  // namespace skewlint
