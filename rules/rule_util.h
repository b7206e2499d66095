#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "linter/model.h"
#include "rules/finding.h"
#include "rules/rule.h"

namespace skewlint {

/// The versioned instance with the lowest version (first in state order on
/// ties), or nullptr when none is versioned.
const Instance* Oldest(const std::vector<const Instance*>& instances);
const Instance* Newest(const std::vector<const Instance*>& instances);

/// An instance before and after a change, matched by Instance::Key and its
/// file (in state order when several share both): two instances of
/// different files are never the same instance, even when their resources
/// agree, so a file that appears cannot move, downgrade or re-add another
/// file's instance, unless a kustomization writes it over its base
/// (Instance::overlay: an overlay's `images:` entry or patch, which moves
/// the base's instance in the overlay's scope). A file renamed in `changed`
/// is the same file as its source. `before` is null for an instance the change added, `after` null
/// for one it removed.
struct Moved {
  const Instance* before = nullptr;
  const Instance* after = nullptr;
};
std::vector<Moved> MatchInstances(const State& before, const State& after,
                                  const std::vector<FileDelta>& changed = {});
/// MatchInstances(ctx.before, ctx.after, ctx.changed), made once for every
/// rule of the change that asks (RuleContext::shared).
std::shared_ptr<const std::vector<Moved>> MatchInstances(const RuleContext& ctx);
/// Only the pairs of `component` in `scope`.
std::vector<Moved> MatchInstances(const State& before, const State& after,
                                  const std::string& component, const std::string& scope,
                                  const std::vector<FileDelta>& changed = {});

/// True when the GitOps controller applies `first` before `then`: a lower
/// Argo CD sync-wave (default 0), or `then` depending on `first` through a
/// chain of Flux `dependsOn` found in `state`.
bool AppliedBefore(const Instance& first, const Instance& then, const State& state);

/// A finding at `at` for `component` in `scope`; rule, policy and severity
/// are filled in by the engine.
Finding MakeFinding(const Instance& at, std::string message);

/// The `cause` key of a move of `at` (a finding that says the move itself is
/// wrong), and the `follows` key of findings that the move brings about.
std::string MoveCause(const Instance& at);

/// "1 minor", "2 minors".
std::string Minors(uint64_t n);

}  // namespace skewlint
