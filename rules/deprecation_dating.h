#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "linter/config.h"
#include "linter/crd_schema.h"
#include "linter/version.h"
#include "linter/yaml_tree.h"
#include "rules/crd_versions.h"
#include "rules/history.h"

namespace skewlint {

/// Where the deprecation version of a property comes from (policy key
/// `version_from`): the marker only; the marker, then history (default);
/// the marker, then history, then release tags.
enum class VersionFrom { kMarker, kHistory, kTags };

/// When a property was deprecated, and how that was found out.
struct Dating {
  enum class Source { kMarker, kHistory, kTag, kUnknown };
  Source source = Source::kUnknown;
  Version version;
  std::string commit;  ///< oldest commit of the marker's unbroken run (history, tag)
  std::string how;     ///< kTag: how its release was found (Release::Note), or the version file
  std::string why;     ///< kUnknown: why it could not be found
};

/// What to date: a property (or, with an empty path, the API version
/// itself) of one CRD, as it stands at `base`.
struct DatingQuery {
  std::string base;                           ///< the base revision (a commit)
  std::string file;                           ///< the CRD's file at the base
  std::string crd_name;                       ///< metadata.name
  std::string api;                            ///< "v1"
  std::string path;                           ///< "spec.thanos.gcs", "" for the API version
  const DeprecationMarker* marker = nullptr;  ///< the marker at the base
};

/// Dates deprecation markers: the version written in the marker; else the
/// component's version at the oldest commit from which the marker stands
/// unbroken up to the base (at most kMaxCommits commits of the CRD file,
/// following renames), or the version the VersionSource gives that commit
/// (a version file; with VersionFrom::kTags, the release it ships in). Reads
/// only the CRD's file at each commit (its path there, renames followed);
/// a blob missing from a partial clone is said so, never guessed around.
/// What it reads of each commit is cached, so one instance serves many
/// queries and many runs.
class DeprecationDating {
 public:
  static constexpr size_t kMaxCommits = 500;

  DeprecationDating(std::string component, VersionFrom from,
                    std::shared_ptr<const VersionSource> source);

  /// `config` reads past CRD files as extraction does (version labels).
  Dating Date(History* history, const Config& config, const DatingQuery& query) const;

 private:
  struct Snapshot {
    bool found = false;
    std::string missing;  ///< why it could not be read (a missing blob)
    Version version;
    std::set<std::string> marked;  ///< "api\npath" of every marker
  };
  const Snapshot& At(History& history, const Config& config, const CommitInfo& commit,
                     const DatingQuery& query) const;

  std::string component_;
  VersionFrom from_;
  std::shared_ptr<const VersionSource> source_;
  mutable std::map<std::string, Snapshot> snapshots_;  // "commit\nfile\ncrd"
  /// Large files' last parse, by path: consecutive past versions of a CRD
  /// bundle differ in a document or two, and only those are parsed again.
  mutable std::map<std::string, std::unique_ptr<ParseMemo>> memos_;
};

/// The version a release tag names ("v1.3.0", "spiceai-operator-1.3.0",
/// "releases/1.3.0"); unversioned when it names none.
Version TagVersion(std::string_view tag);

}  // namespace skewlint
