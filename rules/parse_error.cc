#include "rules/parse_error.h"

#include <algorithm>

#include "linter/scope.h"
#include "rules/policy_options.h"

namespace skewlint {
namespace {

class ParseError : public Check {
 public:
  ParseError(bool enabled, bool report_skipped)
      : enabled_(enabled), report_skipped_(report_skipped) {}

  void Run(const RuleContext& ctx, std::vector<Finding>& out) const override {
    if (!enabled_) return;
    for (const FileDelta& delta : ctx.changed) {
      if (delta.new_path.empty()) continue;
      auto it = ctx.after.files.find(delta.new_path);
      if (it == ctx.after.files.end() || !it->second || it->second->is_template ||
          it->second->not_manifest) {
        continue;
      }
      size_t first = out.size();
      Report(ctx.config, *it->second, out);
      bool matters = Matters(ctx.after, delta.new_path) || Matters(ctx.before, delta.old_path);
      for (size_t i = first; i < out.size(); ++i) out[i].milder = !matters;
    }
  }

 private:
  // An error when the file holds (or held) a tracked instance, a CRD, or a
  // locator's literal (FileFacts::content); a warning otherwise.
  static bool Matters(const State& state, const std::string& path) {
    if (path.empty()) return false;
    auto it = state.files.find(path);
    if (it != state.files.end() && it->second && it->second->content) return true;
    return std::any_of(state.instances.begin(), state.instances.end(),
                       [&path](const Instance& i) { return i.location.path == path; });
  }

  void Report(const Config& config, const FileFacts& file, std::vector<Finding>& out) const {
    std::string scope = ScopeOf(config, file.path);
    if (!file.skipped.empty() && report_skipped_) {
      out.push_back(Make(
          file.path, 1, 1, scope,
          "skewlint did not read this file: " + file.skipped +
              "; components in it are not checked; " +
              (file.skipped.find("limits.") != std::string::npos ? "raise the limit, or exclude"
                                                                 : "exclude") +
              " the path under paths.exclude if it holds no manifests"));
    }
    for (const YamlProblem& problem : file.problems) {
      out.push_back(Make(file.path, std::max(problem.line, 1), std::max(problem.column, 1), scope,
                         "not valid YAML: " + problem.message + Advice(problem.message)));
    }
  }

  // A configured limit (limits.max_depth, max_documents, max_nodes) is not a
  // syntax error.
  static std::string Advice(const std::string& message) {
    bool limit = message.find("(limits.") != std::string::npos ||
                 message.rfind("nesting deeper than ", 0) == 0 ||
                 message.rfind("more than ", 0) == 0;
    std::string what = limit ? "; simplify the document or raise the limit" : "; fix the syntax";
    return what +
           " so the components in this document can be checked (the rest of the change "
           "was still checked)";
  }

  static Finding Make(const std::string& path, int line, int column, const std::string& scope,
                      std::string message) {
    Finding f;
    f.location = Location{path, line, column};
    f.scope = scope;
    f.message = std::move(message);
    return f;
  }

  bool enabled_;
  bool report_skipped_;
};

}  // namespace

Result<std::unique_ptr<Check>> MakeParseError(const PolicyDef& policy, const Config& config) {
  PolicyOptions options(policy, config, {"report_skipped"});
  auto report = options.String("report_skipped", false).value_or("true");
  if (report != "true" && report != "false") {
    options.FailAt("report_skipped", "expected true or false, found '" + report + "'");
  }
  if (!options.status().ok()) return options.status().error();
  return std::unique_ptr<Check>(new ParseError(true, report == "true"));
}

std::unique_ptr<Check> MakeDefaultParseError(const Config& config) {
  bool configured = std::any_of(config.policies.begin(), config.policies.end(),
                                [](const PolicyDef& p) { return p.rule == "parse-error"; });
  return std::make_unique<ParseError>(!configured, true);
}

}  // namespace skewlint
