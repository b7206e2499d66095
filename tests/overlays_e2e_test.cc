// End-to-end: versions an overlay or a chart sets indirectly. A Kustomize
// patch that moves a Flux HelmRelease's chart version or an image tag is a
// move in the overlay's scope; a values tag written `{{ .Chart.AppVersion }}`
// is the chart's appVersion.

#include <gtest/gtest.h>

#include "linter/yaml_tree.h"
#include "tests/integration_util.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

// "component version path:line:column scope" of every instance `state` shows.
std::vector<std::string> Instances(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = ParseJson(json);
  const YamlNode* instances = root->Get("instances");
  for (const auto& i : instances ? instances->items : std::vector<YamlNodePtr>{}) {
    out.push_back(std::string(i->ScalarAt("component")) + " " +
                  std::string(i->ScalarAt("version")) + " " + std::string(i->ScalarAt("path")) +
                  ":" + std::string(i->ScalarAt("line")) + ":" +
                  std::string(i->ScalarAt("column")) + " " + std::string(i->ScalarAt("scope")));
  }
  return out;
}

// "component scope path kind from -> to" of every change a check reports.
std::vector<std::string> Changes(const std::string& json) {
  std::vector<std::string> out;
  YamlNodePtr root = ParseJson(json);
  const YamlNode* changes = root->Get("changes");
  for (const auto& c : changes ? changes->items : std::vector<YamlNodePtr>{}) {
    out.push_back(std::string(c->ScalarAt("component")) + " " + std::string(c->ScalarAt("scope")) +
                  " " + std::string(c->ScalarAt("path")) + " " + std::string(c->ScalarAt("kind")) +
                  " " + std::string(c->ScalarAt("from")) + " -> " + std::string(c->ScalarAt("to")));
  }
  return out;
}

class Overlays : public ::testing::Test {
 protected:
  RunResult Check() {
    return RunSkewlint(repo.root(), "check --base main --format json", true, CleanEnv());
  }
  RunResult State() { return RunSkewlint(repo.root(), "state --format json", true, CleanEnv()); }

  TempRepo repo;
};

// ---------------------------------------------------------------------------
// `{{ .Chart.AppVersion }}` as a values tag.

constexpr const char* kSpireConfig =
    "version: 1\npresets: [spire]\nrules:\n  image-digest: off\n  zero-downtime: off\n";

TEST_F(Overlays, AnAppVersionTemplateTagTakesTheChartsAppVersion) {
  repo.Write(".skewlint.yaml", kSpireConfig);
  repo.Write("spire/Chart.yaml",
             "apiVersion: v2\nname: spire\nversion: 0.1.0\nappVersion: 1.9.6\n");
  repo.Write("spire/values.yaml",
             "server:\n"
             "  image:\n"
             "    repository: ghcr.io/spiffe/spire-server\n"
             "    tag: \"{{ .Chart.AppVersion }}\"\n"
             "agent:\n"
             "  image: \"ghcr.io/spiffe/spire-agent:{{ .Chart.AppVersion }}\"\n");
  repo.Commit("base");
  RunResult state = State();
  EXPECT_EQ(Instances(state.out),
            (std::vector<std::string>{"spire-agent 1.9.6 spire/Chart.yaml:4:13 ",
                                      "spire-server 1.9.6 spire/Chart.yaml:4:13 "}))
      << state.out;
  repo.Git("checkout -q -b bump");
  repo.Write("spire/Chart.yaml",
             "apiVersion: v2\nname: spire\nversion: 0.2.0\nappVersion: 1.10.0\n");
  repo.Commit("spire 1.10.0");
  RunResult r = Check();
  EXPECT_EQ(Changes(r.out),
            (std::vector<std::string>{"spire-agent  spire/Chart.yaml minor 1.9.6 -> 1.10.0",
                                      "spire-server  spire/Chart.yaml minor 1.9.6 -> 1.10.0"}))
      << r.out;
}

}  // namespace
}  // namespace skewlint::testing
