#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace skewlint {

/// A container image reference split into its parts, as written (no
/// `docker.io/library/` defaulting, no lower-casing).
struct ImageRef {
  std::string registry_and_repository;  ///< e.g. "ghcr.io/spiffe/spire-server"
  std::string tag;                      ///< e.g. "1.9.0"; empty when absent
  std::string digest;                   ///< e.g. "sha256:ab…"; empty when absent

  bool operator==(const ImageRef&) const = default;
};

/// Parses `repo`, `repo:tag`, `repo@sha256:…` and `repo:tag@sha256:…`, with an
/// optional registry host and port (`localhost:5000/a/b:1.2`: the tag is what
/// follows the last ':' after the last '/'). Surrounding whitespace is
/// ignored. Returns nullopt for text that cannot be an image: empty, inner
/// whitespace, template braces or other characters no reference uses, empty
/// path components, an empty tag, or a malformed digest.
std::optional<ImageRef> ParseImageRef(std::string_view text);

/// Joins a Helm values `registry` and `repository` with '/'; just the
/// repository when the registry is empty. A trailing '/' on the registry is
/// not doubled.
std::string JoinImage(std::string_view registry, std::string_view repository);

/// True for an OCI digest `algorithm:hex` such as "sha256:9f86d0…" (the
/// algorithm is lower-case alphanumerics joined by '+', '.', '_' or '-').
bool LooksLikeDigest(std::string_view text);

}  // namespace skewlint
