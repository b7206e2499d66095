#include "linter/grouping.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "linter/scope.h"
#include "linter/version.h"

namespace skewlint {
namespace {

RelatedFinding AsRelated(const Finding& f) {
  return RelatedFinding{f.rule, f.policy, f.severity, f.message, f.location};
}

std::vector<RelatedFinding> Members(const Finding& f) {
  return f.related.empty() ? std::vector<RelatedFinding>{AsRelated(f)} : f.related;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

// Folds `other` into `into`: strongest severity; suppressed only when both
// are; the suppression reasons of both.
void Absorb(Finding& into, const Finding& other) {
  std::vector<RelatedFinding> members = Members(into);
  for (RelatedFinding& r : Members(other)) members.push_back(std::move(r));
  into.related = std::move(members);
  into.severity = std::max(into.severity, other.severity);
  if (into.suppressed && other.suppressed) {
    if (other.suppression != into.suppression) into.suppression += "; " + other.suppression;
    into.suppressed_by_config = into.suppressed_by_config && other.suppressed_by_config;
  } else {
    into.suppressed = false;
    into.suppression.clear();
    into.suppressed_by_config = false;
  }
  if (into.cause.empty()) into.cause = other.cause;
}

// "spiceai-runtime 1.5.0 needs spiceai-crds and spiceai-operator at 1.5
// first; both are at 1.4.2 in scope prod".
std::string PrerequisiteMessage(const Finding& primary, const std::vector<const Finding*>& group) {
  std::map<std::string, Prerequisite> by_component;
  for (const Finding* f : group) {
    const Prerequisite& p = *f->prerequisite;
    auto [it, added] = by_component.emplace(p.component, p);
    if (!added && Version::Parse(it->second.target) < Version::Parse(p.target)) {
      it->second.target = p.target;
    }
  }
  std::vector<std::string> names;
  std::set<std::string> targets, currents;
  for (const auto& [name, p] : by_component) {
    names.push_back(name);
    targets.insert(p.target);
    currents.insert(p.current);
  }
  std::vector<std::string> needs, stands;
  for (const auto& [name, p] : by_component) {
    needs.push_back(targets.size() == 1 ? name : name + " at " + p.target);
    stands.push_back(name + (stands.empty() ? " is at " : " at ") + p.current);
  }
  std::string message = primary.component + " " + primary.prerequisite->needed_by + " needs " +
                        JoinNames(needs) + (targets.size() == 1 ? " at " + *targets.begin() : "") +
                        " first; ";
  if (currents.size() > 1) {
    message += JoinNames(stands);
  } else {
    message += (names.size() == 1   ? "it is at "
                : names.size() == 2 ? "both are at "
                                    : "all are at ") +
               *currents.begin();
  }
  return message + " in " + DescribeScope(primary.scope);
}

using SiteKey = std::tuple<std::string, std::string, int, int, std::string, std::string>;

SiteKey Site(const Finding& f) {
  return {f.commit, f.location.path, f.location.line, f.location.column, f.component, f.scope};
}

// Step 1: one finding per instance and commit for all prerequisites.
std::vector<Finding> GroupPrerequisites(std::vector<Finding> findings) {
  std::map<SiteKey, std::vector<const Finding*>> sites;
  for (const Finding& f : findings) {
    if (f.prerequisite) sites[Site(f)].push_back(&f);
  }
  std::vector<Finding> out;
  std::set<const Finding*> done;
  for (const Finding& f : findings) {
    if (done.count(&f)) continue;
    auto it = f.prerequisite ? sites.find(Site(f)) : sites.end();
    if (it == sites.end() || it->second.size() < 2) {
      out.push_back(f);
      continue;
    }
    const std::vector<const Finding*>& group = it->second;
    const Finding* primary = *std::max_element(
        group.begin(), group.end(),
        [](const Finding* a, const Finding* b) { return a->severity < b->severity; });
    Finding grouped = *primary;
    grouped.related.clear();
    for (const Finding* member : group) {
      done.insert(member);
      if (member != primary) Absorb(grouped, *member);
    }
    grouped.message = PrerequisiteMessage(*primary, group);
    out.push_back(std::move(grouped));
  }
  return out;
}

// What a finding says is wrong, without the fix after the first "; " that
// is not in parentheses.
std::string Problem(const RelatedFinding& r) {
  int depth = 0;
  for (size_t i = 0; i + 1 < r.message.size(); ++i) {
    char c = r.message[i];
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth <= 0 && c == ';' && r.message[i + 1] == ' ') return r.message.substr(0, i);
  }
  return r.message;
}

// Step 2: what follows from a change is folded into the finding of its cause.
std::vector<Finding> FoldConsequences(std::vector<Finding> findings) {
  std::map<std::string, size_t> causes;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (!findings[i].cause.empty()) causes.emplace(findings[i].cause, i);
  }
  std::vector<bool> folded(findings.size(), false);
  std::map<size_t, std::string> notes;
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    auto it = f.follows.empty() ? causes.end() : causes.find(f.follows);
    if (it == causes.end() || it->second == i || folded[it->second]) continue;
    Finding& cause = findings[it->second];
    for (const RelatedFinding& r : Members(f)) {
      std::string where = r.location == cause.location ? "" : " (" + r.location.ToString() + ")";
      notes[it->second] += "; this also breaks " + r.rule + ": " + Problem(r) + where;
    }
    Absorb(cause, f);
    folded[i] = true;
  }
  std::vector<Finding> out;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (folded[i]) continue;
    findings[i].message += notes[i];
    out.push_back(std::move(findings[i]));
  }
  return out;
}

}  // namespace

std::vector<Finding> GroupFindings(std::vector<Finding> findings) {
  std::sort(findings.begin(), findings.end());
  std::vector<Finding> out = FoldConsequences(GroupPrerequisites(std::move(findings)));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace skewlint
