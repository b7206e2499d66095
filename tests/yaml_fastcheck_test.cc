#include "linter/yaml_fastcheck.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "linter/yaml_tree.h"
#include "tests/manifests.h"
#include "tests/yaml_problems.h"

namespace skewlint {
namespace {

/// Accepted by the fast check, and (the soundness half) ParseYaml agrees.
void ExpectCertain(std::string_view text, const YamlLimits& limits = {}) {
  EXPECT_TRUE(CertainlyParses(text, limits)) << "not accepted:\n" << text;
  ParsedYaml parsed = ParseYaml(text, limits);
  EXPECT_TRUE(parsed.problems.empty()) << Problems(parsed) << "in:\n" << text;
}

/// Valid YAML (ParseYaml reads it) that the fast check leaves to ParseYaml.
void ExpectUnknownButValid(std::string_view text, const YamlLimits& limits = {}) {
  EXPECT_FALSE(CertainlyParses(text, limits)) << "accepted:\n" << text;
  ParsedYaml parsed = ParseYaml(text, limits);
  EXPECT_TRUE(parsed.problems.empty()) << Problems(parsed) << "in:\n" << text;
}

/// Invalid for ParseYaml, and the fast check does not claim otherwise.
void ExpectInvalid(std::string_view text, const YamlLimits& limits = {}) {
  EXPECT_FALSE(CertainlyParses(text, limits)) << "accepted:\n" << text;
  EXPECT_FALSE(ParseYaml(text, limits).problems.empty()) << "ParseYaml reads:\n" << text;
}

constexpr std::string_view kDeployment = R"yaml(# Deployment of the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/part-of: shop   # trailing comment
  annotations:
    argocd.argoproj.io/sync-wave: "2"
    description: 'it''s the "web" tier'
spec:
  replicas: 3
  revisionHistoryLimit: 10
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: web
      securityContext: {}
      imagePullSecrets: []
      containers:
        - name: web
          image: ghcr.io/acme/web:1.2.3@sha256:0123456789abcdef0123456789abcdef
          imagePullPolicy: IfNotPresent
          args:
          - --listen=:8080
          - --upstream=http://api.prod.svc.cluster.local:8080/v1
          - -v
          command: ["/bin/web", "serve"]
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: LOG_LEVEL
              value: info
            - name: EMPTY
              value: ""
            - name: RATIO
              value: "0.5"
          resources:
            limits:
              cpu: 500m
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 5
        - name: sidecar
          image: busybox:1.36
          command:
            - sh
            - -c
            - |
              while true; do
                echo "tick: $(date)"   # not a YAML comment
                sleep 10
              done
      volumes:
      - name: config
        configMap:
          name: web-config
      - name: empty
        emptyDir: {}
)yaml";

constexpr std::string_view kServiceAndConfigMap = R"yaml(---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ClusterIP
  ports:
  - port: 80
    targetPort: http
    name: http
  selector:
    app: web
---
# A config map with block scalars
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  nginx.conf: |
    server {
      listen 80;
      location / { proxy_pass http://api:8080; }

      # comment inside the scalar
    }
  folded: >-
    one line
    folded into one

  keep: |+
    kept

  indented: |2
      two extra spaces
    back
  strip: |-
    text
  empty: |
  last: value
...
)yaml";

constexpr std::string_view kHelmRelease = R"yaml(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: spiceai-operator
  namespace: spiceai-operator-system
spec:
  interval: 10m
  dependsOn:
    - name: cert-manager
      namespace: cert-manager
  chart:
    spec:
      chart: spiceai-operator
      version: 1.4.2
      sourceRef:
        kind: HelmRepository
        name: spiceai
  values:
    installCRDs: true
    replicaCount: 2
    image:
      repository: ghcr.io/spiceai/operator
      tag: v1.4.2
    tolerations: []
    nodeSelector: {}
    extraArgs: [--leader-elect, --metrics-bind-address=0]
    podAnnotations:
      "prometheus.io/scrape": "true"
      'prometheus.io/port': '8080'
)yaml";

constexpr std::string_view kKustomization = R"yaml(apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: prod
resources:
- ../../base/web
- service.yaml
- https://github.com/acme/deploy//base?ref=v1.2.3
images:
- name: ghcr.io/acme/web
  newTag: 1.2.4
- name: busybox
  newName: docker.io/library/busybox
  digest: sha256:abc
patches:
- path: patch.yaml
  target:
    kind: Deployment
    name: web
configMapGenerator:
- name: env
  literals:
  - A=1
  - B=two words
)yaml";

TEST(FastCheck, RealisticManifestsAreCertain) {
  ExpectCertain(kDeployment);
  ExpectCertain(std::string(kKustomization));
  ExpectCertain(kHelmRelease);
  ExpectCertain(testing::SpiceOperator("1.2.3"));
  ExpectCertain(testing::SpireServer("1.9.6") + "---\n" + testing::SpireAgent("1.9.6"));
  ExpectCertain(std::string(kDeployment) + "---\n" + std::string(kHelmRelease) + "---\n" +
                std::string(kKustomization));
}

TEST(FastCheck, DocumentEndMarkerIsLeftToParseYaml) {
  // `...` is valid but outside the subset.
  ExpectUnknownButValid(kServiceAndConfigMap);
  std::string without_end(kServiceAndConfigMap.substr(0, kServiceAndConfigMap.size() - 4));
  ExpectCertain(without_end);
}

TEST(FastCheck, EmptyAndCommentOnlyTexts) {
  ExpectCertain("");
  ExpectCertain("\n\n   \n");
  ExpectCertain("# only a comment\n");
  ExpectCertain("---\n");
  ExpectCertain("---\n---\n# nothing\n---\n");
  ExpectCertain("--- # a comment on the marker\na: 1\n");
  ExpectCertain("a: 1");  // no final newline
}

TEST(FastCheck, MultipleDocuments) {
  ExpectCertain("a: 1\n---\nb: 2\n---\n- x\n- y\n");
  ExpectCertain("---\na: 1\n---\n\n# c\n---\nb: |\n  text\n---\nc: d\n");
  // A block scalar ends at the marker.
  ExpectCertain("a: |\n  x\n---\n  b: 1\n");
}

TEST(FastCheck, BlockSequences) {
  ExpectCertain("key:\n- a\n- b\nnext: 1\n");
  ExpectCertain("key:\n  - a\n  - b\nnext: 1\n");
  ExpectCertain("- a\n- b\n-\n- c\n");
  ExpectCertain("- - a\n  - b\n- c\n");
  ExpectCertain("-\n  a: 1\n  b: 2\n- x\n");
  ExpectCertain("- name: a\n  args:\n  - x\n  - y\n- name: b\n  args:\n    - z\n");
  ExpectCertain("-   key: 1\n    other: 2\n");
  ExpectCertain("a:\n  b:\n  - x\n  c: d\ne: f\n");
  ExpectCertain("- key:\n- next\n");
  ExpectCertain("items:\n- a: 1\n  b:\n  - deep\nafter: x\n");
}

TEST(FastCheck, ScalarsAndKeys) {
  ExpectCertain("image: ghcr.io/x/y:1.2.3@sha256:abc\n");
  ExpectCertain("url: http://example.com:8080/path?q=1#frag\n");
  ExpectCertain("n: 42\nf: 1.5e3\nb: true\nnull_value: ~\nz: null\n");
  ExpectCertain("empty:\nalso_empty:   # comment\nx: 1\n");
  ExpectCertain("a: b#c\n");
  ExpectCertain("a: x # comment: with colon\n");
  ExpectCertain("a: -1\nb: --flag\nc: .hidden\nd: ./rel\ne: <<\n");
  ExpectCertain("\"quoted key\": 1\n'single': 2\nwith space: 3\na:b: 4\n");
  ExpectCertain("a: \"tab\\tnew\\nline \\\"q\\\" \\\\ \\u00e9 \\x41\"\n");
  ExpectCertain("a: 'x' # c\nb: \"y\"   \n");
  ExpectCertain("a: café\nb: \"naïve\"\n# commentaire é\n");
  ExpectCertain("list: [a, b, c]\nq: [\"a\", 'b']\nspaced: [ x , y ]\nempty: [ ]\n");
  ExpectCertain("- [a, 1.2, v1.2.3]\n- {}\n- []\n");
  ExpectCertain("a: {b: 1}\nc: { d: \"x\", 'e': f-g, h: -1 }\ni: [--flag, --x=1, -v]\n");
  ExpectCertain("a: x, y ] z\n");
  ExpectCertain("  indented: root\n  second: 2\n");
  ExpectCertain("-: dash key\n");
  ExpectCertain("- -: x\n");
  ExpectCertain("a: x\xC2\x85y\nb: \"\xE2\x80\xA8\"\n# \xFF\xFE\n");  // NEL, LS, bad UTF-8
  ExpectCertain("- - - a\n    - b\n  - c\n");
}

TEST(FastCheck, BlockScalars) {
  ExpectCertain("a: |\n  x\n\n  y\nb: 1\n");
  ExpectCertain("a: >\n  folded\n   more\nb: 1\n");
  ExpectCertain("a: |-\n  x\n");
  ExpectCertain("a: |+\n  x\n\n");
  ExpectCertain("a: |2\n    four\nb: 1\n");
  ExpectCertain("a: >-2 # comment\n  x\n");
  ExpectCertain("a: |\n  x\n  \tleading tab in content\n");
  ExpectCertain("a: |\n\n  after a blank line\n");
  ExpectCertain("- |\n  item\n- >\n  folded item\n");
  ExpectCertain("k:\n- |\n  item\n");
  ExpectCertain("- key: |\n    text\n  other: 1\n");
  ExpectCertain("a: |\n  # not a comment\n  ---not a marker\nb: 1\n");
  ExpectCertain("a: |\nb: 1\n");  // empty block scalar
  ExpectCertain("a:\n  b: |\n    x\n  c: |\n      deeper\n");
  ExpectCertain("a: |1\n x\nb: 1\n");
  ExpectCertain("k:\n- |2\n   x\n");
  ExpectCertain("- k: |1\n   x\n");
}

TEST(FastCheck, ValidYamlOutsideTheSubset) {
  ExpectUnknownButValid("a: &anchor 1\nb: *anchor\n");
  ExpectUnknownButValid("a: !!str 1\n");
  ExpectUnknownButValid("? complex\n: value\n");
  ExpectUnknownButValid("%YAML 1.2\n---\na: 1\n");
  ExpectUnknownButValid("a: multi\n  line plain\n");
  ExpectUnknownButValid("a: \"multi\n  line\"\n");
  ExpectUnknownButValid("a: [b,\n  c]\n");
  ExpectUnknownButValid("a: 1\r\nb: 2\r\n");
  ExpectUnknownButValid(
      "\xEF\xBB\xBF"
      "a: 1\n");
  ExpectUnknownButValid("a:\n  value on the next line\n");
  ExpectUnknownButValid("just a scalar\n");
  ExpectUnknownButValid("a: {b}\n");
  ExpectUnknownButValid("a:\tb\n");
  ExpectUnknownButValid("a: 1 # tab\tin comment\n");
  ExpectUnknownButValid("a: \"\\U0001F600\"\n");
  ExpectUnknownButValid("key : value\n");
  ExpectUnknownButValid("\xC3\xA9t\xC3\xA9: summer\n");  // non-ASCII first byte
}

TEST(FastCheck, InvalidYamlIsNeverCertain) {
  ExpectInvalid("a: b: c\n");
  ExpectInvalid("a:\n  b: 1\n c: 2\n");  // bad indentation
  ExpectInvalid("a: 1\n  b: 2\n");       // a mapping key under a scalar value
  // (yaml-cpp accepts a quoted scalar left open up to a final line break)
  ExpectInvalid("a: \"unterminated");
  ExpectInvalid("a: 'unterminated");
  ExpectInvalid("a: [a, b\n");
  ExpectInvalid("- a\nb: c\n");
  ExpectInvalid("a:\n\t- b\n");
  ExpectInvalid("a: - b\n");
  ExpectInvalid("a: \"x\" y\n");
  ExpectInvalid("a: |\n  x\n\tb: 1\n");
  ExpectInvalid("a: |\n  x\n\ty\n");
  ExpectInvalid("a: |\n\tx\n");
  ExpectInvalid("- k: |1\n  x\n  y: 2\n");  // content less indented than the indicator says
  ExpectInvalid("a: [a, b]]\n");
  ExpectInvalid("a: \"\\q\"\n");
  ExpectInvalid("a: 1\x01\n");
  ExpectInvalid("a: @x\n");
  ExpectInvalid("a: `x`\n");
  ExpectInvalid("a: |0\n  x\n");
  ExpectInvalid("a: | x\n");
  ExpectInvalid("key:\n- a\n  b: c\n");
  ExpectInvalid("a: |\n     \n  x\n");  // leading blank line longer than the content
  ExpectInvalid("a: {b: 1\n");
  ExpectInvalid("a:\n  - b\n  c: d\n");
  ExpectInvalid(std::string(1100, 'k') + ": v\n");  // a simple key too long for yaml-cpp
}

TEST(FastCheck, StaysInsideTheLimits) {
  std::string deep;
  for (int i = 0; i < 10; ++i) deep += std::string(i * 2, ' ') + "k:\n";
  deep += std::string(20, ' ') + "v: 1\n";
  ExpectCertain(deep);
  YamlLimits shallow;
  shallow.max_depth = 8;
  EXPECT_FALSE(CertainlyParses(deep, shallow));
  EXPECT_FALSE(ParseYaml(deep, shallow).problems.empty());

  YamlLimits few_documents;
  few_documents.max_documents = 3;
  EXPECT_FALSE(CertainlyParses("a: 1\n---\nb: 1\n---\nc: 1\n---\nd: 1\n", few_documents));
  ExpectCertain("a: 1\n---\nb: 1\n", few_documents);

  YamlLimits few_nodes;
  few_nodes.max_nodes = 20;
  std::string wide;
  for (int i = 0; i < 30; ++i) wide += "k" + std::to_string(i) + ": v\n";
  EXPECT_FALSE(CertainlyParses(wide, few_nodes));
  EXPECT_FALSE(ParseYaml(wide, few_nodes).problems.empty());
  few_nodes.max_nodes = 2000;
  ExpectCertain(wide, few_nodes);

  std::string many_lines;
  for (int i = 0; i < 1000; ++i) many_lines += "- [a, b, c]\n";
  YamlLimits tight;
  tight.max_nodes = 3000;
  EXPECT_FALSE(CertainlyParses(many_lines, tight));
  EXPECT_FALSE(ParseYaml(many_lines, tight).problems.empty());
}

// Random texts from fragments, valid and broken, at random indentations: the
// fast check must never accept one that ParseYaml rejects. With the seed
// below 768 of the 6000 texts (13%) are accepted; they cover nesting,
// sequences at their key's indentation, block scalars, quoting and flow
// collections. (The edited-documents test below accepts 2232 of 4000.)
TEST(FastCheck, DifferentialAgainstParseYaml) {
  static const std::vector<std::string> kFragments = {
      "a: 1",        "b:",          "- x",       "-",          "- k: v",    "- - y",
      "c: |",        "d: >-",       "e: |2",     "text line",  "# comment", "",
      "---",         "...",         "f: \"q\"",  "g: 'it''s'", "h: [a, b]", "i: []",
      "j: {}",       "k: a: b",     "l: \"open", "m: [a,",     "n: x # c",  "o: http://h:1",
      "p: -1",       "q: @bad",     "\tr: tab",  "s: &a x",    "t: *a",     "? u",
      ": v",         "w: !t x",     "x:  y  ",   "\"y\": z",   "z :",       "- \"q\": 1",
      "-  - deep",   "aa: |+",      "   ",       "%YAML 1.2",  "--- #c",    "bb: [\"a\", b]",
      "cc: \"\\n\"", "dd: \"\\q\"", "ee: a#b",   "ff: {a: 1}", "gg: 'x' y", "- |",
      "hh: x:",      "ii: :x",      "jj: ~",     "kk: é",      "é: v",      "- >",
  };
  std::mt19937 random(20240607);
  std::uniform_int_distribution<size_t> fragment(0, kFragments.size() - 1);
  std::uniform_int_distribution<int> indent(0, 6);
  std::uniform_int_distribution<int> lines(1, 9);
  int accepted = 0;
  constexpr int kTexts = 6000;
  for (int n = 0; n < kTexts; ++n) {
    std::string text;
    int count = lines(random);
    int level = 0;
    for (int i = 0; i < count; ++i) {
      int roll = indent(random);
      // Mostly stay near the previous indentation, in steps of two.
      if (roll < 2) {
        level = std::max(0, level - 2);
      } else if (roll < 4) {
        level += 2;
      } else if (roll == 6) {
        level = roll - indent(random);
      }
      text += std::string(static_cast<size_t>(std::max(level, 0)), ' ');
      text += kFragments[fragment(random)];
      text += '\n';
    }
    // ParseYaml's own subset builder (yaml_fastparse.h) agrees with
    // yaml-cpp on every text, node for node.
    ASSERT_EQ(DescribeParse(ParseYaml(text, {})), DescribeParse(ParseYamlWithYamlCpp(text, {})))
        << "in:\n"
        << text;
    if (!CertainlyParses(text, {})) continue;
    ++accepted;
    ParsedYaml parsed = ParseYaml(text, {});
    EXPECT_TRUE(parsed.problems.empty()) << Problems(parsed) << "in:\n" << text;
  }
  EXPECT_GT(accepted, kTexts / 10) << "too few texts accepted to test anything";
  std::printf("[ FastCheck ] %d of %d random texts accepted\n", accepted, kTexts);
}

// Well-formed nested documents built by a random walk, then (half of them)
// hit by one random byte edit: the edits land on the places where the
// subset's rules matter (indentation, `:`, quotes, flow brackets, block
// scalar headers). 2232 of the 4000 texts (56%) are accepted.
TEST(FastCheck, DifferentialOnEditedDocuments) {
  static const std::vector<std::string> kScalars = {
      "v",
      "1.2.3",
      "ghcr.io/a/b:1@sha256:0f",
      "\"q: #\"",
      "'s''s'",
      "[a, \"b\"]",
      "{k: v}",
      "[]",
      "{}",
      "http://h:80/p",
      "x # c",
      "-1",
      "a:b",
      "~",
      "|",
      ">-",
      "|2",
      "true",
      "é",
      "--flag=1",
      "a b",
  };
  static const std::string kEdits = " \t-:#'\"[]{}|>&*!?%,\\\n";
  std::mt19937 random(7);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
  int accepted = 0;
  constexpr int kTexts = 4000;
  for (int n = 0; n < kTexts; ++n) {
    // Open collections as (indentation, is a sequence); a line continues
    // one of them or, after an empty value, opens a nested one.
    std::vector<std::pair<size_t, bool>> levels = {{0, pick(3) == 0}};
    std::string text;
    bool open = false;
    size_t lines = 1 + pick(14);
    for (size_t i = 0; i < lines; ++i) {
      if (pick(10) == 0) {
        text += "---\n";
        levels = {{0, pick(3) == 0}};
        open = false;
      }
      if (open) {
        auto [indent, sequence] = levels.back();
        bool child_sequence = pick(2) == 0;
        // A sequence may sit at its key's indentation.
        size_t step = child_sequence && !sequence && pick(2) == 0 ? 0 : 2;
        levels.push_back({indent + step, child_sequence});
      } else {
        levels.resize(1 + pick(levels.size()));
      }
      auto [indent, sequence] = levels.back();
      std::string pad(indent, ' ');
      std::string scalar = kScalars[pick(kScalars.size())];
      std::string key = "k" + std::to_string(i);
      bool block = scalar[0] == '|' || scalar[0] == '>';
      size_t content = indent + 2;
      open = false;
      switch (pick(4) + (sequence ? 0 : 4)) {
        case 0:
          text += pad + "- " + scalar + "\n";
          break;
        case 1:
          text += pad + "- " + key + ": " + scalar + "\n";
          levels.push_back({indent + 2, false});
          content += 2;
          break;
        case 2:
          text += pad + "-\n";
          open = true;
          break;
        case 3:
          text += pad + "- " + key + ":\n";
          levels.push_back({indent + 2, false});
          open = true;
          break;
        case 4:
          text += pad + "# note\n";
          break;
        case 5:
          text += pad + key + ":\n";
          open = true;
          break;
        default:
          text += pad + key + ": " + scalar + "\n";
          break;
      }
      if (block && !open) {
        std::string body(content, ' ');
        text += body + "line one\n\n" + body + "  line two\n";
      }
    }
    if (pick(2) == 0 && !text.empty()) {
      size_t at = pick(text.size());
      char c = kEdits[pick(kEdits.size())];
      switch (pick(3)) {
        case 0:
          text.insert(at, 1, c);
          break;
        case 1:
          text.erase(at, 1);
          break;
        default:
          text[at] = c;
          break;
      }
    }
    ASSERT_EQ(DescribeParse(ParseYaml(text, {})), DescribeParse(ParseYamlWithYamlCpp(text, {})))
        << "in:\n"
        << text;
    if (!CertainlyParses(text, {})) continue;
    ++accepted;
    ParsedYaml parsed = ParseYaml(text, {});
    EXPECT_TRUE(parsed.problems.empty()) << Problems(parsed) << "in:\n" << text;
  }
  EXPECT_GT(accepted, kTexts / 4) << "too few texts accepted to test anything";
  std::printf("[ FastCheck ] %d of %d edited documents accepted\n", accepted, kTexts);
}

}  // namespace
}  // namespace skewlint
