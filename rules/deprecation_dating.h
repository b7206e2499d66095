#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

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

  /// Takes what `state` (at commit `state.rev`) already read of the changed
  /// files `paths` that hold CRDs of the component, so that dating over a
  /// range the engine walks reads no file twice. Files the state did not
  /// parse are left to be read when asked.
  void Record(const State& state, const std::vector<std::string>& paths,
              const Config& config) const;

 private:
  using Marked = std::set<std::string>;  ///< "api\npath" of every marker
  /// One CRD of the component as a past file holds it.
  struct CrdSnap {
    std::string name;  ///< metadata.name
    Version version;
    Marked marked;
  };
  using CrdSnapPtr = std::shared_ptr<const CrdSnap>;
  /// The CRDs of the component in one file at one commit.
  struct FileSnap {
    std::string missing;           ///< why it could not be read (a missing blob)
    std::vector<CrdSnapPtr> crds;  ///< in document order
    uint64_t used = 0;
  };
  /// What dating knows of one CRD at one commit.
  struct Seen {
    const CrdSnap* crd = nullptr;  ///< null when not found
    std::string missing;
  };

  Seen At(History& history, const Config& config, const CommitInfo& commit,
          const DatingQuery& query) const;
  /// The CRDs of the component in a file's documents. A document met
  /// before (its content id) is not read again: most past versions of a
  /// bundle repeat most of its documents byte for byte.
  std::vector<CrdSnapPtr> ReadFile(const FileFacts& facts, const Config& config) const;
  FileSnap& Keep(std::string key, FileSnap snap) const;
  /// Keeps the caches under their bounds: a range of thousands of commits
  /// dates over a window of kMaxCommits at a time.
  void Bound() const;

  static constexpr size_t kMaxFiles = 4 * kMaxCommits;
  static constexpr size_t kMaxContents = size_t{1} << 14;

  std::string component_;
  VersionFrom from_;
  std::shared_ptr<const VersionSource> source_;
  mutable uint64_t clock_ = 0;
  mutable std::map<std::string, FileSnap> files_;  // "commit\nfile"
  /// A CRD that left its file, found in the state of the commit:
  /// "commit\nfile\ncrd" (null: found nowhere).
  mutable std::map<std::string, CrdSnapPtr> moved_;
  /// By document content id; null: not a CRD of the component.
  mutable std::unordered_map<uint64_t, CrdSnapPtr> by_content_;
  /// Large files' last parse, by path: consecutive past versions of a CRD
  /// bundle differ in a document or two, and only those are parsed again.
  mutable std::map<std::string, std::unique_ptr<ParseMemo>> memos_;
};

/// The version a release tag names ("v1.3.0", "spiceai-operator-1.3.0",
/// "releases/1.3.0"); unversioned when it names none.
Version TagVersion(std::string_view tag);

}  // namespace skewlint
