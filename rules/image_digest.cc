#include "rules/image_digest.h"

#include <algorithm>

#include "linter/scope.h"
#include "rules/policy_options.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

// A field counts when it holds an image reference or its path names an image
// or a tag (spec.image, spiceai_image_tag); a version field such as Cluster
// API's spec.version is no image.
bool IsImage(const Instance& i) {
  if (i.locator == "image") return true;
  if (i.locator != "field") return false;
  return !i.image.empty() || i.version.raw.find(':') != std::string::npos ||
         i.pattern.find("image") != std::string::npos || i.pattern.find("tag") != std::string::npos;
}

bool SameImageVersion(const Version& a, const Version& b) {
  return a.Compare(b) == 0 && a.variant == b.variant;
}

class ImageDigest : public Check {
 public:
  ImageDigest(bool enabled, std::vector<std::string> components)
      : enabled_(enabled), components_(std::move(components)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    if (!enabled_) return;
    auto matched = MatchInstances(ctx);
    for (const Moved& m : *matched) {
      if (!m.before || !m.after || !IsImage(*m.after) || !Tracked(m.after->component)) continue;
      const Version& from = m.before->version;
      const Version& to = m.after->version;
      if (!from.versioned || !to.versioned || !to.digest.empty()) continue;
      if (SameImageVersion(from, to)) continue;
      out.push_back(MakeFinding(*m.after, Message(*m.after, from)));
    }
  }

 private:
  bool Tracked(const std::string& component) const {
    return components_.empty() ||
           std::find(components_.begin(), components_.end(), component) != components_.end();
  }

  static std::string Message(const Instance& at, const Version& from) {
    return at.component + " moves from " + from.Normalized() + " to " + at.version.Normalized() +
           " in " + DescribeScope(at.scope) + " by tag only; pin the digest too (" +
           at.version.raw +
           "@sha256:...) so every environment runs the same image and a re-pushed tag cannot "
           "change it";
  }

  bool enabled_;
  std::vector<std::string> components_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakeImageDigest(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config, {"component"});
  auto components = options.Components("component", false);
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(new ImageDigest(true, std::move(components)));
}

std::unique_ptr<Check> MakeDefaultImageDigest(const Config& config) {
  return std::make_unique<ImageDigest>(!HasPolicyFor(config, "image-digest"),
                                       std::vector<std::string>{});
}

}  // namespace skewlint
