#!/usr/bin/env python3
"""Writes a `git fast-import` stream for the skewlint benchmark repository.

The repository is a GitOps monorepo: clusters/<env>/ for dev, staging, prod
and three regional production clusters; multi-document app manifests
(Deployment + Service + ConfigMap), Helm values with their Flux HelmReleases,
Kustomize bases under base/ with per-cluster overlays that override images,
in-repo charts under charts/, SPIRE (server StatefulSet + ConfigMap, agent
DaemonSet; direct, through a Kustomize overlay, or through a local chart whose
appVersion is the version) and Spice.ai (Flux HelmRelease of the operator, the
spice.ai CRD file, a SpicepodSet v2) in every cluster.

History: `main` holds one import commit with N manifests and the
.skewlint.yaml, then a few small commits; `feature` branches off main's tip (also tagged `bench-base`)
and adds M commits. Most touch 1-5 files of unrelated apps; now and then one
moves a SPIRE or Spice.ai version, along release waves that go dev -> staging
-> prod -> regions, in policy order except in one cluster per wave (agents
before servers, the Spice.ai runtime before its operator).

Same arguments, same stream, byte for byte (seeded, fixed timestamps; a
future Python could change how `random` draws, so the commit ids are only
stable for one Python 3 release line).

With --shape bundle: an operator repository instead, its CRDs in one
multi-document bundle of about 4 MiB (see bundle_main).

Usage: bench_gen.py [--shape gitops|bundle] [--manifests N] [--commits M] [--history H]
                    [--seed S] > stream
"""

import argparse
import random
import sys

ENVS = ["dev", "staging", "prod", "prod-eu-west", "prod-us-east", "prod-ap-south"]
# How each cluster runs SPIRE.
SPIRE_MODE = {
    "dev": "kustomize",
    "staging": "direct",
    "prod": "direct",
    "prod-eu-west": "chart",
    "prod-us-east": "direct",
    "prod-ap-south": "kustomize",
}
SPIRE_VERSIONS = ["1.9.6", "1.10.4", "1.11.2", "1.12.0", "1.12.4", "1.13.1", "1.14.0"]
SPICE_VERSIONS = ["1.4.2", "1.5.0", "1.5.3", "1.6.1", "1.7.0", "1.7.2", "1.8.0"]

# Unrelated workloads: (image repository, tags it moves through).
IMAGES = [
    ("nginx", ["1.25.3", "1.25.4", "1.25.5", "1.26.0", "1.26.1", "1.27.0"]),
    ("redis", ["7.2.3", "7.2.4", "7.2.5", "7.4.0", "7.4.1"]),
    ("postgres", ["15.5", "15.6", "16.1", "16.2", "16.3"]),
    ("bitnami/redis", ["7.2.4-debian-12-r9", "7.2.5-debian-12-r0", "7.4.1-debian-12-r2"]),
    ("quay.io/prometheus/prometheus", ["v2.48.1", "v2.49.0", "v2.50.1", "v2.51.2"]),
    ("grafana/grafana", ["10.2.3", "10.3.1", "10.4.2", "11.0.0"]),
    ("memcached", ["1.6.22", "1.6.23", "1.6.26"]),
    ("rabbitmq", ["3.12.10-management", "3.12.12-management", "3.13.1-management"]),
    ("mongo", ["6.0.12", "7.0.4", "7.0.8"]),
    ("docker.elastic.co/elasticsearch/elasticsearch", ["8.11.3", "8.12.0", "8.13.2"]),
    ("traefik", ["v2.10.7", "v2.11.0", "v3.0.0"]),
    ("haproxy", ["2.8.5", "2.9.2", "2.9.7"]),
    ("envoyproxy/envoy", ["v1.28.0", "v1.29.1", "v1.30.1"]),
    ("busybox", ["1.36.1"]),
]
# Helm releases: (chart, image its values set, chart version, image tags).
HELM_CHARTS = [
    ("redis", "bitnami/redis", "18.6.1", ["7.2.4-debian-12-r9", "7.2.5-debian-12-r0"]),
    ("postgresql", "bitnami/postgresql", "13.2.24", ["16.1.0-debian-11-r20", "16.2.0-debian-12-r6"]),
    ("rabbitmq", "bitnami/rabbitmq", "12.6.0", ["3.12.12-debian-11-r0", "3.12.13-debian-12-r2"]),
    ("grafana", "grafana/grafana", "7.0.19", ["10.2.3", "10.3.1", "10.4.2"]),
    ("kube-prometheus-stack", "quay.io/prometheus/prometheus", "55.5.0", ["v2.48.1", "v2.49.0"]),
]
TEAMS = ["payments", "search", "checkout", "identity", "catalog", "ledger", "media", "growth"]
WORDS = ["alpha", "beta", "gamma", "delta", "orion", "lyra", "vega", "atlas", "nova", "echo",
         "pixel", "quartz", "ember", "falcon", "harbor", "juniper", "kepler", "lumen", "maple"]


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.files = {}  # path -> (kind, params dict)
        self.out = sys.stdout.buffer  # written as it comes: the bundle shape is gigabytes
        self.editable = None  # paths unrelated_change may edit, until a file comes or goes
        self.mark = 0
        self.time = 1700000000

    # ---- fast-import output -------------------------------------------------
    def emit(self, text):
        self.out.write(text.encode() if isinstance(text, str) else text)

    def data(self, payload):
        b = payload.encode()
        self.emit("data %d\n" % len(b))
        self.emit(b)
        self.emit("\n")

    def commit(self, ref, message, changes, parent=None):
        """changes: list of (path, text or None for delete)."""
        self.mark += 1
        self.time += 3 * 3600 + self.rng.randrange(3600)
        stamp = "%d +0000" % self.time
        self.emit("commit %s\nmark :%d\n" % (ref, self.mark))
        self.emit("author Bench Bot <bench@example.invalid> %s\n" % stamp)
        self.emit("committer Bench Bot <bench@example.invalid> %s\n" % stamp)
        self.data(message)
        if parent is not None:
            self.emit("from :%d\n" % parent)
        for path, text in changes:
            if text is None:
                self.emit("D %s\n" % path)
            else:
                self.emit("M 100644 inline %s\n" % path)
                self.data(text)
        self.emit("\n")
        return self.mark

    # ---- files ----------------------------------------------------------------
    def put(self, path, renderer, **params):
        if path not in self.files:
            self.editable = None
        self.files[path] = (renderer, params)

    def remove(self, path):
        del self.files[path]
        self.editable = None

    def render(self, path):
        kind, p = self.files[path]
        return RENDER[kind](path, p)


# ---- renderers -----------------------------------------------------------------

def labels(name, indent):
    pad = " " * indent
    return "%sapp.kubernetes.io/name: %s\n%sapp.kubernetes.io/part-of: %s\n" % (
        pad, name, pad, name.split("-")[0])


def container(name, image, tag, p, indent):
    pad = " " * indent
    env = "".join("%s    - name: %s\n%s      value: \"%s\"\n" % (pad, k, pad, v) for k, v in p["vars"])
    return (
        "%s- name: %s\n"
        "%s  image: %s:%s\n"
        "%s  imagePullPolicy: IfNotPresent\n"
        "%s  ports:\n%s    - name: http\n%s      containerPort: %d\n"
        "%s  env:\n%s"
        "%s  resources:\n%s    requests:\n%s      cpu: %dm\n%s      memory: %dMi\n"
        "%s    limits:\n%s      memory: %dMi\n"
        "%s  readinessProbe:\n%s    httpGet:\n%s      path: /healthz\n%s      port: http\n"
        "%s    periodSeconds: 10\n"
    ) % (pad, name, pad, image, tag, pad, pad, pad, pad, p["port"], pad, env,
         pad, pad, pad, p["cpu"], pad, p["mem"], pad, pad, p["mem"] * 2,
         pad, pad, pad, pad, pad)


def render_app(path, p):
    name, ns = p["name"], p["ns"]
    containers = container(name, p["image"], p["tag"], p, 8)
    if p["sidecar"]:
        sp = dict(p, vars=[("UPSTREAM", "127.0.0.1:%d" % p["port"])], port=9901, cpu=50, mem=64)
        containers += container("proxy", "envoyproxy/envoy", p["sidecar"], sp, 8)
    data = "".join("  %s: \"%s\"\n" % (k, v) for k, v in p["config"])
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\n  namespace: %s\n"
        "  labels:\n%s"
        "spec:\n  replicas: %d\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: %s\n"
        "  template:\n    metadata:\n      labels:\n%s"
        "    spec:\n      serviceAccountName: %s\n      containers:\n%s"
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: %s\n  namespace: %s\n"
        "spec:\n  selector:\n    app.kubernetes.io/name: %s\n  ports:\n    - name: http\n"
        "      port: 80\n      targetPort: http\n"
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s-config\n  namespace: %s\n"
        "data:\n%s"
    ) % (name, ns, labels(name, 4), p["replicas"], name, labels(name, 8), name, containers,
         name, ns, name, name, ns, data)


def render_values(path, p):
    cfg = "".join("  %s: %s\n" % (k, v) for k, v in p["config"])
    return (
        "# Values for %s in %s\nfullnameOverride: %s\nreplicaCount: %d\n"
        "image:\n  registry: docker.io\n  repository: %s\n  tag: \"%s\"\n  pullPolicy: IfNotPresent\n"
        "resources:\n  requests:\n    cpu: %dm\n    memory: %dMi\n"
        "persistence:\n  enabled: true\n  size: %dGi\n"
        "metrics:\n  enabled: %s\n  serviceMonitor:\n    enabled: %s\n"
        "extraConfig:\n%s"
    ) % (p["name"], p["env"], p["name"], p["replicas"], p["image"], p["tag"], p["cpu"], p["mem"],
         p["disk"], p["metrics"], p["metrics"], cfg)


def render_helmrelease(path, p):
    return (
        "apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: HelmRepository\nmetadata:\n"
        "  name: %s\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://charts.example.com/%s\n"
        "---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: %s\n"
        "  namespace: %s\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: %s\n"
        "      version: %s\n      sourceRef:\n        kind: HelmRepository\n        name: %s\n"
        "        namespace: flux-system\n  valuesFrom:\n    - kind: ConfigMap\n      name: %s-values\n"
    ) % (p["chart"], p["chart"], p["name"], p["ns"], p["chart"], p["version"], p["chart"], p["name"])


def render_kbase_kustomization(path, p):
    return ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            "resources:\n  - deployment.yaml\n  - service.yaml\n"
            "commonLabels:\n  app.kubernetes.io/name: %s\n") % p["name"]


def render_kbase_deployment(path, p):
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\nspec:\n  replicas: 1\n"
        "  selector:\n    matchLabels:\n      app.kubernetes.io/name: %s\n  template:\n"
        "    metadata:\n      labels:\n        app.kubernetes.io/name: %s\n    spec:\n"
        "      containers:\n        - name: %s\n          image: %s:%s\n"
        "          ports:\n            - containerPort: 8080\n"
    ) % (p["name"], p["name"], p["name"], p["name"], p["image"], p["tag"])


def render_kbase_service(path, p):
    return ("apiVersion: v1\nkind: Service\nmetadata:\n  name: %s\nspec:\n  selector:\n"
            "    app.kubernetes.io/name: %s\n  ports:\n    - port: 80\n      targetPort: 8080\n"
            ) % (p["name"], p["name"])


def render_overlay(path, p):
    patches = "".join("  - path: %s\n" % x for x in p["patches"])
    return (
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: %s\n"
        "resources:\n  - %s\n%s"
        "images:\n  - name: %s\n    newTag: \"%s\"\n"
        "replicas:\n  - name: %s\n    count: %d\n"
    ) % (p["ns"], p["base"], ("patches:\n" + patches) if patches else "", p["image"], p["tag"],
         p["name"], p["replicas"])


def render_overlay_patch(path, p):
    return ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\nspec:\n  template:\n"
            "    spec:\n      containers:\n        - name: %s\n          env:\n"
            "            - name: LOG_LEVEL\n              value: %s\n") % (p["name"], p["name"], p["level"])


def render_chart(path, p):
    return ("apiVersion: v2\nname: %s\ndescription: %s service\ntype: application\n"
            "version: %s\nappVersion: \"%s\"\n") % (p["name"], p["name"], p["version"], p["app"])


def render_chart_values(path, p):
    return ("replicaCount: %d\nimage:\n  repository: registry.example.com/%s/%s\n  tag: \"\"\n"
            "service:\n  type: ClusterIP\n  port: 80\nresources: {}\n") % (p["replicas"], p["team"], p["name"])


def render_chart_template(path, p):
    return ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"%s.fullname\" . }}\n"
            "spec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n"
            "        - name: {{ .Chart.Name }}\n"
            "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}\"\n"
            ) % p["name"]


def spire_config(kind, p):
    experimental = ""
    if p.get("experimental"):
        experimental = "      experimental {\n        named_pipe_name = \"\\\\spire-%s\\\\private\\\\api\"\n      }\n" % kind
    if kind == "server":
        body = ("    server {\n      bind_address = \"0.0.0.0\"\n      bind_port = \"8081\"\n"
                "      trust_domain = \"%s.example.org\"\n      data_dir = \"/run/spire/data\"\n"
                "      log_level = \"%s\"\n      ca_ttl = \"168h\"\n%s    }\n"
                "    plugins {\n      DataStore \"sql\" {\n        plugin_data {\n"
                "          database_type = \"postgres\"\n        }\n      }\n"
                "      KeyManager \"disk\" {\n        plugin_data {\n          keys_path = \"/run/spire/data/keys.json\"\n"
                "        }\n      }\n    }\n") % (p["env"], p["log"], experimental)
    else:
        body = ("    agent {\n      data_dir = \"/run/spire\"\n      log_level = \"%s\"\n"
                "      server_address = \"spire-server\"\n      server_port = \"8081\"\n"
                "      trust_domain = \"%s.example.org\"\n%s    }\n"
                "    plugins {\n      NodeAttestor \"k8s_psat\" {\n        plugin_data {\n"
                "          cluster = \"%s\"\n        }\n      }\n    }\n") % (p["log"], p["env"], experimental, p["env"])
    return ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire-%s\n  namespace: spire\n"
            "data:\n  %s.conf: |\n%s") % (kind, kind, body)


def render_spire_server(path, p):
    return spire_config("server", p) + (
        "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: spire-server\n  namespace: spire\n"
        "  labels:\n    app: spire-server\nspec:\n  replicas: %d\n  serviceName: spire-server\n"
        "  selector:\n    matchLabels:\n      app: spire-server\n  template:\n    metadata:\n"
        "      labels:\n        app: spire-server\n    spec:\n      serviceAccountName: spire-server\n"
        "      containers:\n        - name: spire-server\n          image: ghcr.io/spiffe/spire-server:%s\n"
        "          args: [\"-config\", \"/run/spire/config/server.conf\"]\n"
        "          ports:\n            - containerPort: 8081\n"
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: spire-server\n  namespace: spire\n"
        "spec:\n  selector:\n    app: spire-server\n  ports:\n    - port: 8081\n"
    ) % (p["replicas"], p["version"])


def render_spire_agent(path, p):
    return spire_config("agent", p) + (
        "---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: spire-agent\n  namespace: spire\n"
        "spec:\n  selector:\n    matchLabels:\n      app: spire-agent\n  template:\n    metadata:\n"
        "      labels:\n        app: spire-agent\n    spec:\n      hostPID: true\n"
        "      serviceAccountName: spire-agent\n      containers:\n        - name: spire-agent\n"
        "          image: ghcr.io/spiffe/spire-agent:%s\n"
        "          args: [\"-config\", \"/run/spire/config/agent.conf\"]\n"
    ) % p["version"]


def render_spire_base_kustomization(path, p):
    return ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: spire\n"
            "resources:\n  - server.yaml\n  - agent.yaml\n")


def render_spire_overlay(path, p):
    return ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            "resources:\n  - ../../../platform/spire/base\n"
            "images:\n  - name: ghcr.io/spiffe/spire-server\n    newTag: \"%s\"\n"
            "  - name: ghcr.io/spiffe/spire-agent\n    newTag: \"%s\"\n") % (p["server"], p["agent"])


def render_spire_chart(path, p):
    return ("apiVersion: v2\nname: spire-%s\ndescription: SPIRE %s for %s\nversion: 0.%d.0\n"
            "appVersion: \"%s\"\n") % (p["kind"], p["kind"], p["env"], p["rev"], p["version"])


def render_spire_chart_values(path, p):
    extra = "replicaCount: 2\n" if p["kind"] == "server" else ""
    return ("%simage:\n  registry: ghcr.io\n  repository: spiffe/spire-%s\n"
            "  tag: \"\"   # empty: the chart's appVersion is used\n"
            "logLevel: info\ntrustDomain: %s.example.org\n") % (extra, p["kind"], p["env"])


def render_spire_chart_template(path, p):
    return ("apiVersion: apps/v1\nkind: %s\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n"
            "  template:\n    spec:\n      containers:\n        - name: spire-%s\n"
            "          image: \"{{ .Values.image.registry }}/{{ .Values.image.repository }}:"
            "{{ .Values.image.tag | default .Chart.AppVersion }}\"\n") % (
                "StatefulSet" if p["kind"] == "server" else "DaemonSet", p["kind"])


def render_spice_operator(path, p):
    return ("apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: HelmRepository\nmetadata:\n"
            "  name: spiceai\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://helm.spiceai.org\n"
            "---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n"
            "  name: spiceai-operator\n  namespace: spiceai-operator-system\nspec:\n  interval: 10m\n"
            "  chart:\n    spec:\n      chart: spiceai-operator\n      version: %s\n      sourceRef:\n"
            "        kind: HelmRepository\n        name: spiceai\n        namespace: flux-system\n"
            "  values:\n    installCRDs: true\n    replicaCount: 2\n") % p["version"]


def render_spice_crds(path, p):
    return ("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
            "  name: spicepodsets.spice.ai\n  labels:\n    app.kubernetes.io/version: \"%s\"\n"
            "spec:\n  group: spice.ai\n  names:\n    kind: SpicepodSet\n    plural: spicepodsets\n"
            "  scope: Namespaced\n  versions:\n    - name: v2\n      served: true\n      storage: true\n"
            "      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n"
            "            spec:\n              type: object\n              properties:\n"
            "                replicas:\n                  type: integer\n"
            "                image:\n                  type: object\n                  properties:\n"
            "                    repository:\n                      type: string\n"
            "                    tag:\n                      type: string\n"
            "                # Deprecated: use update_strategy instead\n"
            "                rollout:\n                  type: string\n"
            "                update_strategy:\n                  type: object\n                  properties:\n"
            "                    type:\n                      type: string\n"
            "                    max_unavailable:\n                      type: integer\n"
            "                annotations:\n                  type: object\n"
            "                  additionalProperties:\n                    type: string\n") % p["version"]


def render_spicepodset(path, p):
    ann = "".join("    %s: \"%s\"\n" % kv for kv in p["annotations"])
    return ("apiVersion: spice.ai/v2\nkind: SpicepodSet\nmetadata:\n  name: analytics\n"
            "  namespace: spiceai\n  annotations:\n%s"
            "spec:\n  replicas: %d\n  image:\n    repository: spiceai/spiceai-enterprise\n    tag: %s\n"
            "  update_strategy:\n    type: RollingParallel\n    max_unavailable: 1\n") % (
                ann, p["replicas"], p["version"])


def render_config(path, p):
    return ("version: 1\npresets: [spiceai, spire]\n"
            "paths:\n  include: ['clusters/**', 'base/**', 'platform/**', 'charts/**']\n"
            "promotion:\n  order: [dev, staging, prod]\n  bake_hours: 24\n")


RENDER = {
    "app": render_app, "values": render_values, "helmrelease": render_helmrelease,
    "kbase_k": render_kbase_kustomization, "kbase_d": render_kbase_deployment,
    "kbase_s": render_kbase_service, "overlay": render_overlay, "overlay_patch": render_overlay_patch,
    "chart": render_chart, "chart_values": render_chart_values, "chart_tpl": render_chart_template,
    "spire_server": render_spire_server, "spire_agent": render_spire_agent,
    "spire_base_k": render_spire_base_kustomization, "spire_overlay": render_spire_overlay,
    "spire_chart": render_spire_chart, "spire_chart_values": render_spire_chart_values,
    "spire_chart_tpl": render_spire_chart_template, "spice_operator": render_spice_operator,
    "spice_crds": render_spice_crds, "spicepodset": render_spicepodset, "config": render_config,
}


# ---- the base state ------------------------------------------------------------

def add_platform(g):
    """SPIRE and Spice.ai in every cluster; returns where each version lives."""
    spire0, spice0 = SPIRE_VERSIONS[0], SPICE_VERSIONS[0]
    g.put("platform/spire/base/kustomization.yaml", "spire_base_k")
    g.put("platform/spire/base/server.yaml", "spire_server", env="base", log="info", replicas=2, version=spire0)
    g.put("platform/spire/base/agent.yaml", "spire_agent", env="base", log="info", version=spire0)
    for env in ENVS:
        mode = SPIRE_MODE[env]
        d = "clusters/%s/spire" % env
        if mode == "direct":
            g.put(d + "/server.yaml", "spire_server", env=env, log="info", replicas=2, version=spire0)
            g.put(d + "/agent.yaml", "spire_agent", env=env, log="info", version=spire0)
        elif mode == "kustomize":
            g.put(d + "/kustomization.yaml", "spire_overlay", server=spire0, agent=spire0)
        else:
            for kind in ("server", "agent"):
                c = "%s/charts/spire-%s" % (d, kind)
                g.put(c + "/Chart.yaml", "spire_chart", kind=kind, env=env, rev=1, version=spire0)
                g.put(c + "/values.yaml", "spire_chart_values", kind=kind, env=env)
                g.put(c + "/templates/workload.yaml", "spire_chart_tpl", kind=kind)
        s = "clusters/%s/spiceai" % env
        g.put(s + "/operator.yaml", "spice_operator", version=spice0)
        g.put(s + "/crds.yaml", "spice_crds", version=spice0)
        g.put(s + "/spicepodset.yaml", "spicepodset", version=spice0 + "-models", replicas=2,
              annotations=[("team", "data-platform")])


def app_params(g, name, env, image, tags):
    rng = g.rng
    return dict(
        name=name, ns=rng.choice(TEAMS), env=env, image=image, tag=rng.choice(tags[:2]),
        replicas=rng.choice([1, 2, 2, 3, 3, 4, 6]), port=rng.choice([8080, 8000, 3000, 9090]),
        cpu=rng.choice([50, 100, 250, 500]), mem=rng.choice([64, 128, 256, 512]),
        sidecar=rng.choice([None, None, "v1.28.0"]),
        vars=[("LOG_LEVEL", "info"), ("REGION", env), ("FEATURE_%s" % rng.choice(WORDS).upper(), "true")],
        config=[("key_%02d" % i, "%s-%d" % (rng.choice(WORDS), rng.randrange(1000))) for i in range(rng.randrange(4, 14))],
    )


def add_apps(g, target):
    """Fills the repository up to `target` files with app manifests of every shape."""
    rng = g.rng
    slot = 0
    while len(g.files) < target:
        env = ENVS[slot % len(ENVS)]
        name = "%s-%s-%d" % (rng.choice(TEAMS), rng.choice(WORDS), slot)
        image, tags = rng.choice(IMAGES)
        room = target - len(g.files)
        shape = rng.random()
        d = "clusters/%s/apps/%s" % (env, name)
        if shape < 0.55 or room < 4:
            g.put(d + "/manifest.yaml", "app", **app_params(g, name, env, image, tags))
        elif shape < 0.75:
            chart, img, version, chart_tags = rng.choice(HELM_CHARTS)
            g.put(d + "/release.yaml", "helmrelease", name=name, ns=rng.choice(TEAMS), chart=chart, version=version)
            g.put(d + "/values.yaml", "values", name=name, env=env, image=img, tag=rng.choice(chart_tags),
                  tags=chart_tags,
                  replicas=rng.choice([1, 2, 3]), cpu=100, mem=256, disk=rng.choice([8, 20, 50]),
                  metrics=rng.choice(["true", "false"]),
                  config=[("opt_%d" % i, rng.randrange(100)) for i in range(rng.randrange(3, 10))])
        elif shape < 0.92:
            base = "base/apps/%s" % name
            g.put(base + "/kustomization.yaml", "kbase_k", name=name)
            g.put(base + "/deployment.yaml", "kbase_d", name=name, image=image, tag=tags[0])
            g.put(base + "/service.yaml", "kbase_s", name=name)
            patches = []
            if rng.random() < 0.5:
                patches = ["env.yaml"]
                g.put(d + "/env.yaml", "overlay_patch", name=name, level="info")
            g.put(d + "/kustomization.yaml", "overlay", name=name, ns=rng.choice(TEAMS),
                  base="../../../../" + base, patches=patches, image=image,
                  tag=rng.choice(tags), replicas=rng.choice([1, 2, 3]))
        else:
            c = "charts/%s" % name
            team = rng.choice(TEAMS)
            g.put(c + "/Chart.yaml", "chart", name=name, version="0.%d.0" % rng.randrange(1, 9),
                  app="1.%d.%d" % (rng.randrange(9), rng.randrange(9)))
            g.put(c + "/values.yaml", "chart_values", name=name, team=team, replicas=rng.choice([1, 2]))
            g.put(c + "/templates/deployment.yaml", "chart_tpl", name=name)
        slot += 1


# ---- changes ---------------------------------------------------------------------

def unrelated_change(g):
    """1-5 files of apps changed (tags, replicas, config), sometimes an app added or removed."""
    rng = g.rng
    if g.editable is None:
        g.editable = [p for p, (k, _) in g.files.items()
                      if k in ("app", "values", "overlay", "overlay_patch", "chart")]
    editable = g.editable
    roll = rng.random()
    if roll < 0.03:
        env = rng.choice(ENVS)
        name = "%s-%s-n%d" % (rng.choice(TEAMS), rng.choice(WORDS), g.mark)
        image, tags = rng.choice(IMAGES)
        path = "clusters/%s/apps/%s/manifest.yaml" % (env, name)
        g.put(path, "app", **app_params(g, name, env, image, tags))
        return "Add %s to %s" % (name, env), [path], []
    if roll < 0.04:
        apps = [p for p, (k, _) in g.files.items() if k == "app"]
        path = rng.choice(sorted(apps))
        g.remove(path)
        return "Retire %s" % path.split("/")[3], [], [path]
    touched = sorted(set(rng.choice(editable) for _ in range(rng.randint(1, 5))))
    for path in touched:
        kind, p = g.files[path]
        what = rng.random()
        if kind in ("app", "values", "overlay") and what < 0.4:
            tags = p.get("tags") or dict(IMAGES).get(p["image"]) or [p["tag"]]
            p["tag"] = rng.choice(tags)
        elif kind in ("app", "values", "overlay") and what < 0.6:
            p["replicas"] = rng.choice([1, 2, 3, 4, 6])
        elif kind == "overlay_patch":
            p["level"] = rng.choice(["debug", "info", "warn"])
        elif kind == "chart":
            p["app"] = "1.%d.%d" % (rng.randrange(9), rng.randrange(9))
        elif "config" in p:
            cfg = list(p["config"])
            i = rng.randrange(len(cfg))
            cfg[i] = (cfg[i][0], "%s-%d" % (rng.choice(WORDS), rng.randrange(1000)) if kind == "app" else rng.randrange(100))
            if rng.random() < 0.3:
                cfg.append(("key_%02d" % len(cfg), rng.choice(WORDS)))
            p["config"] = cfg
        else:
            p["replicas"] = rng.choice([1, 2, 3])
    names = ", ".join(sorted(set(t.split("/")[-2] for t in touched)))
    return "Update %s" % names, touched, []


def spire_files(g, env, kind):
    """The file(s) that carry the SPIRE `kind` version of `env`, and a setter."""
    mode = SPIRE_MODE[env]
    d = "clusters/%s/spire" % env
    if mode == "direct":
        path = "%s/%s.yaml" % (d, kind)
        return path, lambda v: g.files[path][1].__setitem__("version", v)
    if mode == "kustomize":
        path = d + "/kustomization.yaml"
        return path, lambda v: g.files[path][1].__setitem__(kind, v)
    path = "%s/charts/spire-%s/Chart.yaml" % (d, kind)

    def set_chart(v):
        p = g.files[path][1]
        p["version"], p["rev"] = v, p["rev"] + 1
    return path, set_chart


def version_events(g, count):
    """Release waves, each a list of (message, apply) steps, dev first."""
    rng = g.rng
    events = []
    spire_i, spice_i = 0, 0
    while len(events) < count:
        if (len(events) // 12) % 2 == 0 and spire_i + 1 < len(SPIRE_VERSIONS):
            spire_i += 1
            new = SPIRE_VERSIONS[spire_i]
            late = rng.choice(ENVS)  # one violation per wave: agents before servers
            for env in ENVS:
                steps = [("server", new), ("agent", new)]
                if env == late:
                    steps.reverse()
                for kind, v in steps:
                    path, setter = spire_files(g, env, kind)
                    events.append(("Upgrade SPIRE %s to %s in %s" % (kind, v, env), [(path, setter, v)]))
        elif spice_i + 1 < len(SPICE_VERSIONS):
            spice_i += 1
            new = SPICE_VERSIONS[spice_i]
            late = rng.choice(ENVS)  # one violation per wave: runtime before the operator
            for env in ENVS:
                s = "clusters/%s/spiceai" % env
                op = [(s + "/operator.yaml", None, new), (s + "/crds.yaml", None, new)]
                rt = [(s + "/spicepodset.yaml", None, new + "-models")]
                steps = [("operator and CRDs", op), ("runtime", rt)]
                if env == late:
                    steps.reverse()
                for what, changes in steps:
                    events.append(("Upgrade Spice.ai %s to %s in %s" % (what, new, env), changes))
        else:
            break
    return events[:count]


def apply_event(g, changes):
    paths = []
    for path, setter, v in changes:
        if setter:
            setter(v)
        else:
            g.files[path][1]["version"] = v
        paths.append(path)
    return paths


def platform_tweak(g):
    """Rare edits that other rules watch: SpicepodSet annotations, SPIRE experimental config."""
    rng = g.rng
    env = rng.choice(ENVS)
    if rng.random() < 0.5 or SPIRE_MODE[env] != "direct":
        path = "clusters/%s/spiceai/spicepodset.yaml" % env
        p = g.files[path][1]
        p["annotations"] = p["annotations"] + [("secrets.spice.ai/rotated-at", "t%d" % g.mark)]
        return "Roll analytics pods in %s after a secret rotation" % env, [path]
    path = "clusters/%s/spire/%s.yaml" % (env, rng.choice(["server", "agent"]))
    p = g.files[path][1]
    p["log"] = "debug"
    p["experimental"] = rng.random() < 0.5
    return "Tune SPIRE config in %s" % env, [path]


# ---- the bundle shape ----------------------------------------------------------
# An operator repository: every CRD of the operator in one multi-document
# platform/acme/bundle.yaml (about 4 MiB), the custom resources of each kind
# in every cluster, the operator Deployment, and CRD policies. Each commit of
# the feature branch edits one CRD of the bundle (adds a property, rewords a
# description, marks a property deprecated, or drops one marked before); now
# and then a custom resource changes instead.

BUNDLE_CRDS = 96
BUNDLE_PROPS = 240  # properties of each CRD at the base (about 4 MiB in all)
BUNDLE_ENVS = ENVS


def bundle_kind(i):
    return "%s%02d" % (WORDS[i % len(WORDS)].capitalize(), i)


def render_bundle_crd(i, c):
    kind = bundle_kind(i)
    plural = kind.lower() + "s"
    out = [
        "---\n# Source: acme-operator/crds/%s.yaml\n" % plural,
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n",
        "  name: %s.acme.example.com\n  labels:\n    app.kubernetes.io/version: \"%s\"\n" % (plural, c["version"]),
        "spec:\n  group: acme.example.com\n  names:\n    kind: %s\n    plural: %s\n" % (kind, plural),
        "  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n",
        "      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n",
        "            spec:\n              type: object\n              properties:\n",
    ]
    for name, (typ, desc, deprecated) in c["props"].items():
        if deprecated:
            out.append("                # Deprecated: use %s instead\n" % deprecated)
        out.append("                %s:\n                  type: %s\n"
                   "                  description: \"%s\"\n" % (name, typ, desc))
    out.append("            status:\n              type: object\n"
               "              x-kubernetes-preserve-unknown-fields: true\n")
    return "".join(out)


def bundle_description(rng, name):
    return "Sets %s of the resource; the operator reads it on every reconcile (%s %s %s)." % (
        name, rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS))


def render_bundle_resource(i, env, fields):
    kind = bundle_kind(i)
    body = "".join("  %s: \"%s\"\n" % kv for kv in fields)
    return ("apiVersion: acme.example.com/v1\nkind: %s\nmetadata:\n  name: %s-%s\n"
            "  namespace: acme\nspec:\n%s") % (kind, kind.lower(), env, body)


def render_bundle_config():
    return ("version: 1\n"
            "components:\n"
            "  - name: acme-crds\n    locators:\n      - crd: '^acme\\.example\\.com$'\n"
            "  - name: acme-operator\n    locators:\n      - image: '(^|/)acme/operator$'\n"
            "policies:\n"
            "  - rule: deprecated-field-removal\n    component: acme-crds\n    window: 2-minor\n"
            "  - rule: removed-field-in-use\n    component: acme-crds\n"
            "  - rule: deprecated-field-in-use\n    component: acme-crds\n"
            "  - rule: crd-downgrade\n    component: acme-crds\n"
            "  - rule: version-skew\n    newer: acme-crds\n    than: acme-operator\n    allow: patch\n"
            "paths:\n  include: ['clusters/**', 'platform/**']\n"
            "limits:\n  max_file_bytes: 16777216\n"
            "promotion:\n  order: [dev, staging, prod]\n  bake_hours: 24\n")


def render_bundle_operator(env, version):
    return ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: acme-operator\n"
            "  namespace: acme\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n"
            "        - name: operator\n          image: ghcr.io/acme/operator:%s\n") % version


def bundle_main(args):
    g = Gen(args.seed)
    rng = g.rng
    crds = []
    for i in range(BUNDLE_CRDS):
        props = {}
        for n in range(BUNDLE_PROPS):
            name = "field%03d" % n
            props[name] = (rng.choice(["string", "integer", "boolean"]), bundle_description(rng, name), None)
        crds.append({"version": "3.4.0", "props": props, "next": BUNDLE_PROPS})
    rendered = [render_bundle_crd(i, c) for i, c in enumerate(crds)]
    resources = {}  # (i, env) -> fields
    for i in range(BUNDLE_CRDS):
        for env in BUNDLE_ENVS:
            names = sorted(rng.sample(range(BUNDLE_PROPS), 8))
            resources[(i, env)] = [("field%03d" % n, rng.choice(WORDS)) for n in names]

    def res_path(i, env):
        return "clusters/%s/acme/%s.yaml" % (env, bundle_kind(i).lower())

    base = [(".skewlint.yaml", render_bundle_config()),
            ("platform/acme/bundle.yaml", "".join(rendered))]
    for env in BUNDLE_ENVS:
        base.append(("clusters/%s/acme/operator.yaml" % env, render_bundle_operator(env, "3.4.0")))
    for (i, env), fields in sorted(resources.items()):
        base.append((res_path(i, env), render_bundle_resource(i, env, fields)))
    parent = g.commit("refs/heads/main", "Import the operator and its CRDs\n", sorted(base))
    g.emit("reset refs/tags/bench-base\nfrom :%d\n\n" % parent)
    for _ in range(args.commits):
        roll = rng.random()
        if roll < 0.05:
            i, env = rng.randrange(BUNDLE_CRDS), rng.choice(BUNDLE_ENVS)
            fields = resources[(i, env)]
            k = rng.randrange(len(fields))
            fields[k] = (fields[k][0], rng.choice(WORDS))
            msg = "Tune %s in %s" % (bundle_kind(i), env)
            changes = [(res_path(i, env), render_bundle_resource(i, env, fields))]
        else:
            i = rng.randrange(BUNDLE_CRDS)
            c = crds[i]
            props = c["props"]
            live = [n for n, v in props.items() if not v[2]]
            marked = [n for n, v in props.items() if v[2]]
            if roll < 0.60:
                name = "field%03d" % c["next"]
                c["next"] += 1
                props[name] = (rng.choice(["string", "integer"]), bundle_description(rng, name), None)
                msg = "%s: add %s" % (bundle_kind(i), name)
            elif roll < 0.80:
                name = rng.choice(live)
                typ, _, dep = props[name]
                props[name] = (typ, bundle_description(rng, name), dep)
                msg = "%s: reword %s" % (bundle_kind(i), name)
            elif roll < 0.93 or not marked:
                name = rng.choice(live)
                typ, desc, _ = props[name]
                props[name] = (typ, desc, rng.choice(live))
                major, minor, patch = (int(x) for x in c["version"].split("."))
                c["version"] = "%d.%d.%d" % (major, minor + 1, 0)
                msg = "%s: deprecate %s" % (bundle_kind(i), name)
            else:
                name = rng.choice(marked)
                del props[name]
                major, minor, patch = (int(x) for x in c["version"].split("."))
                c["version"] = "%d.%d.%d" % (major, minor + 1, 0)
                msg = "%s: drop %s" % (bundle_kind(i), name)
            rendered[i] = render_bundle_crd(i, c)
            changes = [("platform/acme/bundle.yaml", "".join(rendered))]
        parent = g.commit("refs/heads/feature", msg + "\n", changes, parent)
    sys.stdout.buffer.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--manifests", type=int, default=4500, help="YAML files at the base (N)")
    ap.add_argument("--commits", type=int, default=1000, help="commits on the feature branch (M)")
    ap.add_argument("--history", type=int, default=20, help="small commits on main before the branch point")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shape", choices=["gitops", "bundle"], default="gitops",
                    help="gitops: the monorepo above; bundle: one 4 MiB CRD bundle (--manifests unused)")
    args = ap.parse_args()
    if args.shape == "bundle":
        bundle_main(args)
        return
    g = Gen(args.seed)
    # Commits come 3-4 hours apart: a long history starts earlier, so that
    # its head is not in the future (where every bake time looks unmet).
    g.time = min(g.time, 1760000000 - (args.commits + args.history) * 4 * 3600)

    g.put(".skewlint.yaml", "config")
    add_platform(g)
    add_apps(g, args.manifests + 1)  # + the config file
    base_changes = [(p, g.render(p)) for p in sorted(g.files)]
    parent = g.commit("refs/heads/main", "Import the clusters\n", base_changes)
    for _ in range(args.history):
        msg, touched, deleted = unrelated_change(g)
        changes = [(p, g.render(p)) for p in touched] + [(p, None) for p in deleted]
        parent = g.commit("refs/heads/main", msg + "\n", changes, parent)
    branch_point = parent
    g.emit("reset refs/tags/bench-base\nfrom :%d\n\n" % branch_point)

    m = args.commits
    n_events = max(1, m * 7 // 100) if m >= 4 else 0
    events = version_events(g, n_events)
    tweaks = max(0, m // 150)
    special = sorted(g.rng.sample(range(m), min(m, len(events) + tweaks)))
    slots = ["event"] * len(events) + ["tweak"] * tweaks
    g.rng.shuffle(slots)
    kinds = dict(zip(special, slots))
    ei = 0
    parent_arg = branch_point
    for pos in range(m):
        kind = kinds.get(pos, "app")
        if kind == "event" and ei < len(events):
            msg, changes = events[ei]
            ei += 1
            touched, deleted = apply_event(g, changes), []
        elif kind == "tweak":
            msg, touched = platform_tweak(g)
            deleted = []
        else:
            msg, touched, deleted = unrelated_change(g)
        changes = [(p, g.render(p)) for p in touched] + [(p, None) for p in deleted]
        parent_arg = g.commit("refs/heads/feature", msg + "\n", changes, parent_arg)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
