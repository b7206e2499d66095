#pragma once

// CRDs and custom resources shaped like the Spice.ai operator's, for the CRD
// schema rules. Line numbers are part of the contract: tests assert them.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/test_repo.h"

namespace skewlint::testing {

/// The rules that judge CRD schemas and custom resources.
inline bool IsCrdRule(std::string_view rule) {
  return rule == "deprecated-field-removal" || rule == "removed-field-in-use" ||
         rule == "deprecated-field-in-use" || rule == "crd-downgrade";
}

/// "rule path:line:column message" of every finding of the CRD rules in a
/// `check --format json` output.
inline std::vector<std::string> CrdFindingsIn(const std::string& json) {
  return FindingsIn(json, true, IsCrdRule);
}

/// Runs `check ARGS --format json` on `repo` (no stopping error expected)
/// and returns CrdFindingsIn of its output.
inline std::vector<std::string> CheckCrds(const TempRepo& repo,
                                          const std::string& args = "--base main") {
  RunResult r = RunSkewlint(repo.root(), "check " + args + " --format json", true);
  EXPECT_LE(r.exit_code, 1) << r.out;
  return CrdFindingsIn(r.out);
}

/// The SpicepodSet CRD as kubebuilder writes it, labelled `version`.
/// `spec_properties` is the text of `spec.properties`, indented 16 spaces;
/// its first line is line 24. `more_versions` are further `- name:` items,
/// indented 4 spaces, written after v1. `v1_extra` is added to the v1 item
/// (indented 6 spaces) before its schema, on line 17.
inline std::string SpiceCrdWith(const std::string& version, const std::string& spec_properties,
                                const std::string& more_versions = "",
                                const std::string& v1_extra = "") {
  return "apiVersion: apiextensions.k8s.io/v1\n"  // 1
         "kind: CustomResourceDefinition\n"       // 2
         "metadata:\n"                            // 3
         "  name: spicepodsets.spice.ai\n"        // 4
         "  labels:\n"                            // 5
         "    app.kubernetes.io/version: \"" +    // 6
         version +
         "\"\n"
         "spec:\n"                     // 7
         "  group: spice.ai\n"         // 8
         "  names:\n"                  // 9
         "    kind: SpicepodSet\n"     // 10
         "    plural: spicepodsets\n"  // 11
         "  scope: Namespaced\n"       // 12
         "  versions:\n"               // 13
         "    - name: v1\n"            // 14
         "      served: true\n"        // 15
         "      storage: true\n" +     // 16
         v1_extra +
         "      schema:\n"                // 17
         "        openAPIV3Schema:\n"     // 18
         "          type: object\n"       // 19
         "          properties:\n"        // 20
         "            spec:\n"            // 21
         "              type: object\n"   // 22
         "              properties:\n" +  // 23
         spec_properties +                // 24…
         "            status:\n"
         "              type: object\n"
         "              x-kubernetes-preserve-unknown-fields: true\n" +
         more_versions;
}

/// spec.properties with `spec.replicas` (line 24) and `spec.thanos` (line 26,
/// column 17) holding `gcs` (line 29, column 21) and `objectStorage`;
/// `gcs_marker` is written on gcs's key line (e.g. "  # Deprecated: …").
inline std::string ThanosProperties(const std::string& gcs_marker, bool with_gcs = true) {
  std::string gcs = with_gcs ? "                    gcs:" + gcs_marker + "\n" +  // 29
                                   "                      type: object\n"        // 30
                                   "                      properties:\n"         // 31
                                   "                        bucket:\n"           // 32
                                   "                          type: string\n"    // 33
                             : "";
  return "                replicas:\n"        // 24
         "                  type: integer\n"  // 25
         "                thanos:\n"          // 26
         "                  type: object\n"   // 27
         "                  properties:\n" +  // 28
         gcs +
         "                    objectStorage:\n"
         "                      type: object\n"
         "                      x-kubernetes-preserve-unknown-fields: true\n";
}

/// A SpicepodSet of API version `api` whose spec is `spec` (indented 2
/// spaces); the spec's first line is line 7.
inline std::string SpicepodSetWith(const std::string& spec, const std::string& name = "demo",
                                   const std::string& api = "v1") {
  return "apiVersion: spice.ai/" + api +
         "\n"                   // 1
         "kind: SpicepodSet\n"  // 2
         "metadata:\n"          // 3
         "  name: " +
         name +
         "\n"                    // 4
         "  namespace: spice\n"  // 5
         "spec:\n" +             // 6
         spec;
}

/// A SpicepodSet that sets spec.thanos.gcs.bucket: `gcs` is on line 9, column 5.
inline std::string SpicepodSetWithGcs(const std::string& name = "demo") {
  return SpicepodSetWith(
      "  replicas: 2\n"           // 7
      "  thanos:\n"               // 8
      "    gcs:\n"                // 9
      "      bucket: metrics\n",  // 10
      name);
}

}  // namespace skewlint::testing
