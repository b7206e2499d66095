#pragma once

// Components on different version lines: Rook (a Flux HelmRelease of the
// rook-ceph chart) and the Ceph it runs (a CephCluster image), an
// ingress-nginx chart and its controller image.

#include <string>

namespace skewlint::testing {

/// The rook-ceph operator chart; the version is on line 10, column 16.
inline std::string RookRelease(const std::string& version, const std::string& name = "rook-ceph") {
  return "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: " +
         name +
         "\n"
         "  namespace: rook-ceph\n"
         "spec:\n"
         "  chart:\n"
         "    spec:\n"
         "      chart: rook-ceph\n"
         "      version: " +
         version + "\n";
}

/// A CephCluster; the image is on line 8, column 12.
inline std::string CephCluster(const std::string& version) {
  return "apiVersion: ceph.rook.io/v1\n"
         "kind: CephCluster\n"
         "metadata:\n"
         "  name: rook-ceph\n"
         "  namespace: rook-ceph\n"
         "spec:\n"
         "  cephVersion:\n"
         "    image: ceph/ceph:" +
         version + "\n";
}

inline constexpr char kRookComponents[] =
    "components:\n"
    "  - name: rook-operator\n"
    "    locators:\n"
    "      - chart: '^rook-ceph$'\n"
    "  - name: ceph\n"
    "    locators:\n"
    "      - field: {kind: CephCluster, path: spec.cephVersion.image}\n";

/// The matrix of Ceph series each Rook release supports, as a policy.
inline constexpr char kRookMatrix[] =
    "  - rule: compatibility\n"
    "    id: rook-supports-ceph\n"
    "    component: ceph\n"
    "    with: rook-operator\n"
    "    matrix:\n"
    "      '15.2': '>=1.4.0 <1.9.0'\n"
    "      '16.2': '>=1.6.0'\n";

/// Rook components, the matrix, and `operator-before-ceph` naming it.
inline std::string RookConfig() {
  return std::string("version: 1\n") + kRookComponents + "policies:\n" + kRookMatrix +
         "  - rule: upgrade-order\n"
         "    id: operator-before-ceph\n"
         "    first: [rook-operator]\n"
         "    then: ceph\n"
         "    matrix: rook-supports-ceph\n";
}

/// The ingress-nginx chart (version on line 10, column 16) with its
/// controller image in the values (line 15, column 16).
inline std::string IngressRelease(const std::string& chart, const std::string& controller) {
  return "apiVersion: helm.toolkit.fluxcd.io/v2\n"
         "kind: HelmRelease\n"
         "metadata:\n"
         "  name: ingress-nginx\n"
         "  namespace: ingress\n"
         "spec:\n"
         "  chart:\n"
         "    spec:\n"
         "      chart: ingress-nginx\n"
         "      version: " +
         chart +
         "\n"
         "  values:\n"
         "    controller:\n"
         "      image:\n"
         "        repository: registry.k8s.io/ingress-nginx/controller\n"
         "        tag: " +
         controller + "\n";
}

inline constexpr char kIngressComponents[] =
    "components:\n"
    "  - name: ingress-nginx-chart\n"
    "    locators:\n"
    "      - chart: '^ingress-nginx$'\n"
    "  - name: ingress-nginx-controller\n"
    "    locators:\n"
    "      - image: 'registry.k8s.io/ingress-nginx/controller'\n";

}  // namespace skewlint::testing
