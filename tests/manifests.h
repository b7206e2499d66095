#pragma once

// Realistic manifests for tests, with the version (and a few knobs) as
// parameters. Line numbers of the version fields are documented per builder
// so tests can assert exact positions.

#include <string>

namespace skewlint::testing {

/// The SPIRE-only config of the end-to-end tests: the `spire` preset with
/// image-digest and zero-downtime off, so that only version findings show.
inline constexpr char kSpireOnlyConfig[] =
    "version: 1\npresets: [spire]\nrules:\n  image-digest: off\n  zero-downtime: off\n";

/// Where the end-to-end tests keep scope prod's SPIRE agents and servers.
inline constexpr char kProdSpireAgent[] = "clusters/prod/spire/agent.yaml";
inline constexpr char kProdSpireServer[] = "clusters/prod/spire/server.yaml";

/// StatefulSet; the image is on line 17, column 18.
inline std::string SpireServer(const std::string& version, int replicas = 1,
                               const std::string& name = "spire-server",
                               const std::string& extra_metadata = "") {
  return "apiVersion: apps/v1\n"
         "kind: StatefulSet\n"
         "metadata:\n"
         "  name: " +
         name +
         "\n"
         "  namespace: spire\n" +
         extra_metadata +
         "spec:\n"
         "  replicas: " +
         std::to_string(replicas) +
         "\n"
         "  serviceName: spire-server\n"
         "  selector:\n"
         "    matchLabels: {app: spire-server}\n"
         "  template:\n"
         "    metadata:\n"
         "      labels: {app: spire-server}\n"
         "    spec:\n"
         "      containers:\n"
         "        - name: spire-server\n"
         "          image: ghcr.io/spiffe/spire-server:" +
         version + "\n";
}

/// DaemonSet; the image is on line 15, column 18.
inline std::string SpireAgent(const std::string& version, const std::string& extra_metadata = "") {
  return "apiVersion: apps/v1\n"
         "kind: DaemonSet\n"
         "metadata:\n"
         "  name: spire-agent\n"
         "  namespace: spire\n" +
         extra_metadata +
         "spec:\n"
         "  selector:\n"
         "    matchLabels: {app: spire-agent}\n"
         "  template:\n"
         "    metadata:\n"
         "      labels: {app: spire-agent}\n"
         "    spec:\n"
         "      containers:\n"
         "        - name: spire-agent\n"
         "          image: ghcr.io/spiffe/spire-agent:" +
         version + "\n";
}

/// Flux HelmRelease of the operator chart; the version is on line 10, column 16.
inline std::string SpiceOperator(const std::string& version, const std::string& extra_metadata = "",
                                 const std::string& install_crds = "true") {
  return "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: spiceai-operator\n"
         "  namespace: spiceai-operator-system\n" +
         extra_metadata +
         "spec:\n"
         "  chart:\n"
         "    spec:\n"
         "      chart: spiceai-operator\n"
         "      version: " +
         version +
         "\n"
         "      sourceRef: {kind: HelmRepository, name: spiceai}\n"
         "  values:\n"
         "    installCRDs: " +
         install_crds + "\n";
}

/// SpicepodSet v2; the tag is on line 9, column 10.
inline std::string SpicepodSetV2(const std::string& tag, const std::string& extra_metadata = "") {
  return "apiVersion: spice.ai/v2\n"
         "kind: SpicepodSet\n"
         "metadata:\n"
         "  name: analytics\n"
         "  namespace: spiceai\n" +
         extra_metadata +
         "spec:\n"
         "  replicas: 2\n"
         "  image:\n"
         "    tag: " +
         tag + "\n";
}

/// SpicepodSet v1; the tag is on line 7, column 22.
inline std::string SpicepodSetV1(const std::string& tag) {
  return "apiVersion: spice.ai/v1\n"
         "kind: SpicepodSet\n"
         "metadata:\n"
         "  name: analytics\n"
         "  namespace: spiceai\n"
         "spec:\n"
         "  spiceai_image_tag: " +
         tag + "\n";
}

/// A spice.ai CRD applied on its own; the version label is on line 6, column 32.
inline std::string SpiceCrd(const std::string& version) {
  return "apiVersion: apiextensions.k8s.io/v1\n"
         "kind: CustomResourceDefinition\n"
         "metadata:\n"
         "  name: spicepodsets.spice.ai\n"
         "  labels:\n"
         "    app.kubernetes.io/version: \"" +
         version +
         "\"\n"
         "spec:\n"
         "  group: spice.ai\n"
         "  names: {kind: SpicepodSet, plural: spicepodsets}\n"
         "  scope: Namespaced\n"
         "  versions:\n"
         "    - name: v2\n"
         "      served: true\n"
         "      storage: true\n"
         "      schema:\n"
         "        openAPIV3Schema:\n"
         "          type: object\n";
}

}  // namespace skewlint::testing
