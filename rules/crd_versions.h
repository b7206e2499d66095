#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/version.h"
#include "rules/history.h"
#include "rules/policy_options.h"

namespace re2 {
class RE2;
}

namespace skewlint {

/// The release a commit ships in, and how that was found.
struct Release {
  enum class How {
    kTagged,     ///< the commit carries the release tag
    kContained,  ///< the oldest release tag that contains the commit
    kNext,       ///< untagged and in no release yet: the next minor after `tag`
    kFirst,      ///< untagged and no release tag before it: 0.1.0
  };
  How how = How::kTagged;
  Version version;
  std::string tag;  ///< the tag named by `how` ("" for kFirst)

  /// " (release tag v1.3.0)", " (the release after v1.3.0)", …
  std::string Note() const;
};

/// Release tags (policy key `tag_pattern`: an re2 pattern whose named group
/// `version` holds the version, matched against the whole tag name; by
/// default every tag that names a version: `v1.3.0`, `api/v0.33.0`,
/// `chart-1.3.0`). Answers from History, cached per commit.
class ReleaseTags {
 public:
  explicit ReleaseTags(std::shared_ptr<const re2::RE2> pattern = nullptr);

  /// The version a tag names under the pattern; unversioned when the tag is
  /// not a release tag of this pattern.
  Version VersionOf(std::string_view tag) const;

  /// The release `commit` ships in: its own release tag; else the oldest
  /// release tag that contains it; else the next minor after the newest
  /// release (or the release of the newest pre-release) tag it contains.
  Release ShipsIn(History& history, const std::string& commit) const;

  /// The newest release tag (no pre-release) that `commit` is or contains.
  std::optional<TagInfo> NewestIn(History& history, const std::string& commit) const;

 private:
  struct Tagged {
    TagInfo tag;
    Version version;
  };
  const std::vector<Tagged>& Sorted(History& history) const;  // by version, ascending

  std::shared_ptr<const re2::RE2> pattern_;
  mutable std::optional<std::vector<Tagged>> sorted_;
  mutable std::map<std::string, Release> ships_in_;
  mutable std::map<std::string, std::optional<TagInfo>> newest_in_;
};

/// Where a CRD component's version comes from when its CRDs carry no
/// version label (policy keys `version`, `version_file` with
/// `version_field` or `version_regex`, and `version_from: tags`).
class VersionSource {
 public:
  /// Reads the keys; errors go to `options`.
  static VersionSource Read(PolicyOptions& options, bool tags);

  /// The component's version at `rev` (a commit, or ":index"/":worktree"
  /// over the commit `base`), its CRD carrying `label` (possibly
  /// unversioned): the label; else the literal `version`; else the version
  /// file; else, with tags, the release `rev` ships in. `how` tells which
  /// ("" for the label).
  Version At(History* history, const std::string& rev, const std::string& base,
             const Version& label, std::string* how) const;

  /// As At, for a past commit: the literal `version` is skipped (it names
  /// the version being checked, not a past one).
  Version Past(History* history, const std::string& commit, const Version& label,
               std::string* how) const;

  bool tags() const { return tags_; }
  const ReleaseTags& releases() const { return *releases_; }

 private:
  Version FromFile(History& history, const std::string& rev) const;

  bool tags_ = false;
  std::optional<Version> literal_;
  std::string file_;
  std::string field_;
  std::shared_ptr<const re2::RE2> regex_;
  std::shared_ptr<ReleaseTags> releases_ = std::make_shared<ReleaseTags>();
};

}  // namespace skewlint
