#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "linter/config.h"
#include "linter/extract.h"
#include "linter/model.h"

namespace skewlint {

/// One file of a revision, read and extracted; shared between revisions
/// that hold the same blob.
struct SnapshotFile {
  std::shared_ptr<const FileFacts> facts;
  std::shared_ptr<const FileInstances> found;
  /// What the cross-file state and the rules that read more than the
  /// changed files take from this file, so that a change which leaves it
  /// equal cannot move them: "" for nothing, "#" and the blob id when the
  /// content matters, or the Kustomize structure of a kustomization kept
  /// for its name alone (its `resources:` and the `images:` entries that
  /// can touch a component).
  std::string signature;
};

/// The per-file view of a revision, before the cross-file passes that make a
/// State. Updated file by file in per-commit mode.
struct KustomizeGraph;

struct Snapshot {
  std::string rev;
  std::map<std::string, SnapshotFile> files;
  /// Built by MakeState when null; whoever changes a kustomization in
  /// `files` resets it (StateBuilder::Apply does).
  mutable std::shared_ptr<const KustomizeGraph> kustomize_graph;
  /// When `indexed`, the paths of `files` that MakeState reads beyond the
  /// Kustomize graph (IsNotable), kept by whoever changes `files`
  /// (StateBuilder, through Renote): a state is then made from them alone,
  /// not from every file of the revision. When not, MakeState looks at
  /// every file.
  std::set<std::string> notable;
  bool indexed = false;
};

/// A file MakeState reads beyond the Kustomize graph: one with instances,
/// a Chart.yaml with `appVersion` candidates, or one whose content
/// State::files holds.
bool IsNotable(const SnapshotFile& file);

/// Indexes every file of `snapshot` (Snapshot::notable).
void Index(Snapshot& snapshot);
/// Brings the index up to date for `path`, after `files` changed there.
void Renote(Snapshot& snapshot, const std::string& path);

/// Makes the State of a snapshot: assigns scopes, applies Chart.yaml
/// appVersion fallbacks and Kustomize `images:` overrides (an overlay's tag
/// replaces the base's inside the overlay's scope; a base used only through
/// overlays is not also counted on its own), and sorts the instances.
/// `State::files` holds the files with content only (FileFacts::content).
State MakeState(const Snapshot& snapshot, const Config& config);

}  // namespace skewlint
