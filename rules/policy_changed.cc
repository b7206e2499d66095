#include "rules/policy_changed.h"

#include <algorithm>

namespace skewlint {
namespace {

class PolicyChanged : public Check {
 public:
  explicit PolicyChanged(std::string path) : path_(std::move(path)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    if (path_.empty() || !ctx.Changed(path_)) return;
    Finding f;
    f.location = Location{path_, 1, 1};
    f.message = "the change edits " + path_ +
                "; this check used the policy as it was before the change, and the new policy "
                "takes effect after merge";
    if (const Error* error = ctx.head_config_error) {
      if (!error->where.empty()) f.location = error->where;
      f.location.line = std::max(f.location.line, 1);
      f.location.column = std::max(f.location.column, 1);
      f.message = "the change leaves " + path_ + " invalid: " + error->message +
                  "; fix it in this change, or every later check fails (this check used the "
                  "policy as it was before the change)";
      f.severity = Severity::kError;
      f.fixed_severity = true;
    }
    out.push_back(std::move(f));
  }

 private:
  std::string path_;
};

}  // namespace

std::unique_ptr<Check> MakePolicyChanged(const Config& config) {
  std::string path = config.path.rfind("preset:", 0) == 0 ? "" : config.path;
  return std::make_unique<PolicyChanged>(path);
}

}  // namespace skewlint
