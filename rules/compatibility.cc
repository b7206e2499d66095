#include "rules/compatibility.h"

#include "rules/matrix.h"
#include "rules/rule_util.h"

namespace skewlint {
namespace {

class Compatibility : public Check {
 public:
  explicit Compatibility(Matrix matrix) : matrix_(std::move(matrix)) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const auto& scope : ctx.after.Scopes()) {
      auto ranged = ctx.after.Of(matrix_.ranged, scope);
      for (const Instance* k : ctx.after.Of(matrix_.keyed, scope)) {
        const Matrix::Row* row = k->version.versioned ? matrix_.RowFor(k->version) : nullptr;
        if (!row) continue;
        for (const Instance* r : ranged) {
          if (!r->version.versioned || row->range.Contains(r->version)) continue;
          // Points at the side the change moved, so the finding lands on the diff.
          const Instance& at =
              !ctx.Changed(k->location.path) && ctx.Changed(r->location.path) ? *r : *k;
          Finding f = MakeFinding(at, DescribeMismatch(matrix_, *row, *k, *r));
          f.component = k->component;
          out.push_back(std::move(f));
        }
      }
    }
  }

 private:
  Matrix matrix_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakeCompatibility(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config, {"component", "with", "matrix"});
  std::string component = options.Component("component");
  std::string with = options.Component("with");
  if (options.status().ok() && component == with)
    options.FailAt("with", "expected a component other than " + component);
  const YamlNode* node = options.Node("matrix");
  if (!node && options.status().ok()) options.Fail("missing key 'matrix'");
  std::optional<Matrix> matrix;
  if (options.status().ok()) matrix = ReadMatrixMap(options.reader(), node, component, with);
  if (!options.status().ok()) return options.status().error();
  matrix->source = policy.id;
  return std::unique_ptr<Check>(new Compatibility(std::move(*matrix)));
}

}  // namespace skewlint
