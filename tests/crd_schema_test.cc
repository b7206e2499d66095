#include "linter/crd_schema.h"

#include <gtest/gtest.h>

#include "tests/crd_fixtures.h"

namespace skewlint::testing {
namespace {

CrdSchema Read(const std::string& text) {
  ParsedYaml parsed = ParseYaml(text);
  EXPECT_TRUE(parsed.problems.empty()) << text;
  return parsed.documents.empty() ? CrdSchema{} : ReadCrdSchema(*parsed.documents[0].root, text);
}

const CrdApiVersion& V1(const CrdSchema& schema) {
  static const CrdApiVersion none;
  const CrdApiVersion* v = schema.Find("v1");
  EXPECT_NE(v, nullptr);
  return v ? *v : none;
}

std::string MarkerText(const CrdSchema& schema, const std::string& path) {
  const DeprecationMarker* marker = V1(schema).MarkerOf(path);
  return marker ? marker->text : "(none)";
}

TEST(CrdSchema, ReadsNamesAndEveryPropertyPath) {
  CrdSchema schema = Read(SpiceCrdWith("1.3.0", ThanosProperties("")));
  EXPECT_EQ(schema.name, "spicepodsets.spice.ai");
  EXPECT_EQ(schema.group, "spice.ai");
  EXPECT_EQ(schema.kind, "SpicepodSet");
  EXPECT_EQ(schema.versions_line, 13);
  std::vector<std::string> paths;
  for (const auto& [path, node] : V1(schema).nodes) paths.push_back(path);
  EXPECT_EQ(paths, (std::vector<std::string>{"", "spec", "spec.replicas", "spec.thanos",
                                             "spec.thanos.gcs", "spec.thanos.gcs.bucket",
                                             "spec.thanos.objectStorage", "status"}));
  const SchemaNode* gcs = V1(schema).Find("spec.thanos.gcs");
  ASSERT_NE(gcs, nullptr);
  EXPECT_TRUE(gcs->is_property);
  EXPECT_EQ(gcs->line, 29);
  EXPECT_EQ(gcs->column, 21);
  EXPECT_TRUE(V1(schema).Find("spec.thanos.objectStorage")->preserve_unknown);
  EXPECT_EQ(V1(schema).Find("")->line, 18);  // the openAPIV3Schema key
  EXPECT_EQ(V1(schema).line, 14);
  EXPECT_EQ(V1(schema).column, 7);
}

TEST(CrdSchema, ItemsAndAdditionalPropertiesExtendThePath) {
  CrdSchema schema = Read(SpiceCrdWith("1.3.0",
                                       "                containers:\n"
                                       "                  type: array\n"
                                       "                  items:\n"
                                       "                    type: object\n"
                                       "                    properties:\n"
                                       "                      name: {type: string}\n"
                                       "                stores:\n"
                                       "                  type: object\n"
                                       "                  additionalProperties:\n"
                                       "                    type: object\n"
                                       "                    properties:\n"
                                       "                      bucket: {type: string}\n"));
  const CrdApiVersion& v1 = V1(schema);
  for (const char* path : {"spec.containers", "spec.containers[]", "spec.containers[].name",
                           "spec.stores", "spec.stores.*", "spec.stores.*.bucket"}) {
    EXPECT_NE(v1.Find(path), nullptr) << path;
  }
  EXPECT_FALSE(v1.Find("spec.containers[]")->is_property);
  EXPECT_TRUE(v1.Find("spec.containers")->has_items);
  EXPECT_TRUE(v1.Find("spec.stores")->has_additional);
  EXPECT_EQ(v1.NearestExisting("spec.containers[].image")->path, "spec.containers[]");
  EXPECT_EQ(ParentPath("spec.containers[].name"), "spec.containers[]");
  EXPECT_EQ(ParentPath("spec.containers[]"), "spec.containers");
  EXPECT_EQ(ParentPath("spec.stores.*"), "spec.stores");
  EXPECT_EQ(ParentPath("spec"), "");
}

TEST(CrdSchemaMarkers, CommentOnTheKeyLine) {
  CrdSchema schema =
      Read(SpiceCrdWith("1.3.0", ThanosProperties("  # Deprecated: use objectStorage")));
  const DeprecationMarker* marker = V1(schema).MarkerOf("spec.thanos.gcs");
  ASSERT_NE(marker, nullptr);
  EXPECT_EQ(marker->text, "Deprecated: use objectStorage");
  EXPECT_EQ(marker->source, DeprecationMarker::Source::kComment);
  EXPECT_EQ(marker->line, 29);
  EXPECT_FALSE(marker->since.has_value());
  EXPECT_EQ(V1(schema).MarkerOf("spec.thanos"), nullptr);
  EXPECT_EQ(V1(schema).MarkerOf("spec.thanos.gcs.bucket"), nullptr);
}

TEST(CrdSchemaMarkers, CommentLinesAboveTheKeyAcrossBlankLines) {
  CrdSchema schema = Read(SpiceCrdWith("1.3.0",
                                       "                # Deprecated since 1.2: use mode.\n"
                                       "                # It is ignored when mode is set.\n"
                                       "\n"
                                       "                legacyMode:\n"
                                       "                  type: string\n"
                                       "                mode:\n"
                                       "                  type: string\n"));
  const DeprecationMarker* marker = V1(schema).MarkerOf("spec.legacyMode");
  ASSERT_NE(marker, nullptr);
  EXPECT_EQ(marker->line, 24);
  EXPECT_EQ(marker->since, Version::Parse("1.2.0"));
  EXPECT_EQ(V1(schema).MarkerOf("spec.mode"), nullptr);  // a key line sits between
}

TEST(CrdSchemaMarkers, AMarkerAboveAnAliasedPropertyHoldsOnEveryPath) {
  std::string text =
      "apiVersion: apiextensions.k8s.io/v1\n"
      "kind: CustomResourceDefinition\n"
      "x-anchors:\n"
      "  l0: &l0\n"
      "    type: object\n"
      "    properties:\n"
      "      # Deprecated since 1.2: use b\n"
      "      #\n"
      "\n"
      "      # (kept for old clients)\n"
      "      a: {type: string}\n"
      "      # see a\n"
      "      b: {type: string}\n"
      "      c: {type: string}  # deprecated\n"
      "spec:\n"
      "  group: g\n"
      "  names: {kind: K}\n"
      "  versions:\n"
      "    - name: v1\n"
      "      schema: {openAPIV3Schema: {properties: {x: *l0, y: *l0, z: *l0}}}\n";
  CrdSchema schema = Read(text);
  for (std::string root : {"x", "y", "z"}) {
    const DeprecationMarker* a = V1(schema).MarkerOf(root + ".a");
    ASSERT_NE(a, nullptr) << root;
    EXPECT_EQ(a->text, "Deprecated since 1.2: use b");
    EXPECT_EQ(a->line, 7);
    EXPECT_EQ(a->since, Version::Parse("1.2.0"));
    EXPECT_EQ(MarkerText(schema, root + ".b"), "(none)");  // a key line sits between
    EXPECT_EQ(MarkerText(schema, root + ".c"), "deprecated");
    EXPECT_EQ(V1(schema).MarkerOf(root + ".c")->line, 14);
  }
}

TEST(CrdSchemaMarkers, CrlfLineEndings) {
  std::string text = SpiceCrdWith("1.3.0", ThanosProperties(" # DEPRECATED in v1.1.0"));
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CrdSchema schema = Read(crlf);
  EXPECT_EQ(MarkerText(schema, "spec.thanos.gcs"), "DEPRECATED in v1.1.0");
  EXPECT_EQ(V1(schema).MarkerOf("spec.thanos.gcs")->since, Version::Parse("1.1.0"));
}

TEST(CrdSchemaMarkers, DescriptionsInTheKubernetesConvention) {
  CrdSchema schema =
      Read(SpiceCrdWith("1.3.0",
                        "                a:\n"
                        "                  description: 'Deprecated: use b instead.'\n"
                        "                  type: string\n"
                        "                b:\n"
                        "                  description: |-\n"
                        "                    The bucket. DEPRECATED: set c.\n"
                        "                  type: string\n"
                        "                c:\n"
                        "                  description: Replaces the deprecated fields a and b.\n"
                        "                  type: string\n"));
  EXPECT_EQ(MarkerText(schema, "spec.a"), "Deprecated: use b instead.");
  EXPECT_EQ(V1(schema).MarkerOf("spec.a")->source, DeprecationMarker::Source::kDescription);
  EXPECT_EQ(MarkerText(schema, "spec.b"), "(none)");  // not leading
  EXPECT_EQ(MarkerText(schema, "spec.c"), "(none)");
}

TEST(CrdSchemaMarkers, CommentsThatAreNotMarkers) {
  CrdSchema schema =
      Read(SpiceCrdWith("1.3.0",
                        "                # Deprecation notes live in the docs\n"
                        "                a:\n"
                        "                  type: string\n"
                        "                b:\n"
                        "                  type: string\n"
                        "                  default: 'x # Deprecated'\n"
                        "                c: {type: string, pattern: \"a # Deprecated\"}\n"
                        "                d: {type: string, default: 'it''s # Deprecated'}\n"));
  EXPECT_EQ(MarkerText(schema, "spec.a"), "(none)");
  EXPECT_EQ(MarkerText(schema, "spec.b"), "(none)");
  EXPECT_EQ(MarkerText(schema, "spec.c"), "(none)");
  EXPECT_EQ(MarkerText(schema, "spec.d"), "(none)");
}

TEST(CrdSchemaMarkers, ApiVersionsMarkedByFieldOrByCommentAboveTheListItem) {
  std::string more =
      "    # Deprecated: use v1\n"
      "    - name: v1alpha1\n"
      "      served: true\n"
      "      storage: false\n"
      "    - name: v1beta1\n"
      "      served: true\n"
      "      deprecated: true\n"
      "      deprecationWarning: spice.ai/v1beta1 SpicepodSet is deprecated since 1.2\n"
      "    - name: v0\n"
      "      served: false\n";
  CrdSchema schema = Read(SpiceCrdWith("1.3.0", ThanosProperties(""), more));
  ASSERT_EQ(schema.versions.size(), 4u);
  ASSERT_TRUE(schema.Find("v1alpha1")->deprecation.has_value());
  EXPECT_EQ(schema.Find("v1alpha1")->MarkerOf("")->text, "Deprecated: use v1");
  const DeprecationMarker* beta = schema.Find("v1beta1")->MarkerOf("");
  ASSERT_NE(beta, nullptr);
  EXPECT_EQ(beta->source, DeprecationMarker::Source::kVersionField);
  EXPECT_EQ(beta->since, Version::Parse("1.2"));
  EXPECT_EQ(V1(schema).MarkerOf(""), nullptr);
  EXPECT_EQ(schema.Served().size(), 3u);
  EXPECT_FALSE(schema.Find("v1alpha1")->has_schema);
}

TEST(CrdSchemaMarkers, VersionWrittenInTheMarker) {
  EXPECT_EQ(MarkerVersion("Deprecated since 1.3"), Version::Parse("1.3.0"));
  EXPECT_EQ(MarkerVersion("deprecated in v1.3.0."), Version::Parse("1.3.0"));
  EXPECT_EQ(MarkerVersion("Deprecated (since v1.2): use mode"), Version::Parse("1.2.0"));
  EXPECT_EQ(MarkerVersion("Deprecated: use mode instead, as of 2.1"), Version::Parse("2.1.0"));
  EXPECT_EQ(MarkerVersion("DEPRECATED in version 1.4.2"), Version::Parse("1.4.2"));
  EXPECT_FALSE(MarkerVersion("Deprecated: will be removed in 1.6").has_value());
  EXPECT_FALSE(MarkerVersion("Deprecated: use objectStorage").has_value());
}

TEST(CrdSchemaMarkers, ParseMarker) {
  using Source = DeprecationMarker::Source;
  EXPECT_TRUE(ParseMarker(" Deprecated: use x", Source::kComment).has_value());
  EXPECT_TRUE(ParseMarker("**Deprecated** use x", Source::kDescription).has_value());
  EXPECT_TRUE(ParseMarker("deprecated", Source::kComment).has_value());
  EXPECT_FALSE(ParseMarker("Deprecations are listed below", Source::kComment).has_value());
  EXPECT_FALSE(ParseMarker("see DEPRECATED.md", Source::kComment).has_value());
  EXPECT_FALSE(ParseMarker("The bucket (DEPRECATED).", Source::kDescription).has_value());
  EXPECT_FALSE(ParseMarker("Widgets to select. *Deprecated:* if neither this nor podSelector",
                           Source::kDescription)
                   .has_value());
  EXPECT_TRUE(ParseMarker("The bucket.\n\nDeprecated: use x", Source::kDescription).has_value());
  EXPECT_TRUE(ParseMarker("The bucket.\nDeprecated: use x", Source::kDescription).has_value());
  EXPECT_FALSE(ParseMarker("The bucket is\ndeprecated when set", Source::kDescription).has_value());
}

TEST(CrdSchema, V1beta1SharedValidation) {
  CrdSchema schema = Read(
      "apiVersion: apiextensions.k8s.io/v1beta1\n"
      "kind: CustomResourceDefinition\n"
      "metadata: {name: things.example.com}\n"
      "spec:\n"
      "  group: example.com\n"
      "  names: {kind: Thing}\n"
      "  version: v1\n"
      "  validation:\n"
      "    openAPIV3Schema:\n"
      "      properties:\n"
      "        spec:\n"
      "          properties:\n"
      "            size: {type: integer}  # deprecated\n");
  ASSERT_EQ(schema.versions.size(), 1u);
  EXPECT_EQ(schema.versions[0].name, "v1");
  EXPECT_EQ(schema.versions[0].MarkerOf("spec.size")->text, "deprecated");
}

TEST(CrdSchema, MalformedInputIsEmptyNotACrash) {
  EXPECT_TRUE(Read("kind: CustomResourceDefinition\nspec: 3\n").versions.empty());
  CrdSchema odd = Read(
      "spec:\n"
      "  group: g\n"
      "  versions:\n"
      "    - name: v1\n"
      "      schema: {openAPIV3Schema: {properties: [1, 2], items: x}}\n"
      "    - 7\n");
  ASSERT_EQ(odd.versions.size(), 1u);
  EXPECT_EQ(odd.versions[0].nodes.size(), 1u);
}

TEST(CrdSchema, AliasedSchemasAreBoundedAndMarkedTruncated) {
  std::string text = "x:\n  l0: &l0 {type: string}\n";
  for (int level = 1; level <= 7; ++level) {
    text += "  l" + std::to_string(level) + ": &l" + std::to_string(level) + " {properties: {";
    for (int i = 0; i < 10; ++i) {
      text += (i ? ", p" : "p") + std::to_string(i) + ": *l" + std::to_string(level - 1);
    }
    text += "}}\n";
  }
  text +=
      "spec:\n  group: g\n  names: {kind: K}\n"
      "  versions: [{name: v1, schema: {openAPIV3Schema: {properties: {spec: *l7}}}}]\n";
  CrdSchema schema = Read(text);
  ASSERT_EQ(schema.versions.size(), 1u);
  EXPECT_TRUE(schema.versions[0].truncated);
  EXPECT_LE(schema.versions[0].nodes.size(), 200001u);
  ParsedYaml cr = ParseYaml("spec: {p0: {p0: {nothere: 1}}, zz: 2}\n");
  for (const FieldUse& use : FieldsSet(schema.versions[0], *cr.documents[0].root)) {
    EXPECT_TRUE(use.known) << use.shown;  // absent paths prove nothing
  }
}

class FieldsSetTest : public ::testing::Test {
 protected:
  std::vector<std::string> Uses(const std::string& spec) {
    ParsedYaml cr = ParseYaml(SpicepodSetWith(spec));
    std::vector<std::string> out;
    for (const FieldUse& use : FieldsSet(V1(schema), *cr.documents[0].root)) {
      out.push_back(use.shown + (use.known ? "" : " (unknown)") + " " + std::to_string(use.line) +
                    ":" + std::to_string(use.column));
    }
    return out;
  }
  CrdSchema schema = Read(SpiceCrdWith("1.3.0", ThanosProperties("") +
                                                    "                containers:\n"
                                                    "                  items:\n"
                                                    "                    properties:\n"
                                                    "                      name: {type: string}\n"
                                                    "                stores:\n"
                                                    "                  additionalProperties:\n"
                                                    "                    properties:\n"
                                                    "                      bucket: {type: string}\n"
                                                    "                labels:\n"
                                                    "                  additionalProperties: true\n"
                                                    "                free:\n"
                                                    "                  type: object\n"));
};

TEST_F(FieldsSetTest, KnownAndUnknownFieldsWithTheirKeys) {
  EXPECT_EQ(Uses("  replicas: 2\n"
                 "  thanos:\n"
                 "    gcs: {bucket: m, region: eu}\n"
                 "    s3:\n"
                 "      bucket: x\n"),
            (std::vector<std::string>{"spec 6:1", "spec.replicas 7:3", "spec.thanos 8:3",
                                      "spec.thanos.gcs 9:5", "spec.thanos.gcs.bucket 9:11",
                                      "spec.thanos.gcs.region (unknown) 9:22",
                                      "spec.thanos.s3 (unknown) 10:5"}));
}

TEST_F(FieldsSetTest, ListsMapsAndOpenNodes) {
  EXPECT_EQ(
      Uses("  containers:\n"
           "    - name: a\n"
           "      image: x\n"
           "  stores:\n"
           "    eu: {bucket: b, tier: hot}\n"
           "  labels: {a: b}\n"
           "  free: {anything: 1}\n"
           "  thanos:\n"
           "    objectStorage: {config: {x: 1}}\n"),
      (std::vector<std::string>{
          "spec 6:1", "spec.containers 7:3", "spec.containers[].name 8:7",
          "spec.containers[].image (unknown) 9:7", "spec.stores 10:3", "spec.stores.eu 11:5",
          "spec.stores.eu.bucket 11:10", "spec.stores.eu.tier (unknown) 11:21", "spec.labels 12:3",
          "spec.free 13:3", "spec.thanos 14:3", "spec.thanos.objectStorage 15:5"}));
}

TEST_F(FieldsSetTest, RootKeysOutsideTheSchemaAreNotJudged) {
  ParsedYaml cr = ParseYaml(
      "apiVersion: spice.ai/v1\nkind: SpicepodSet\nmetadata: {name: a, labels: {x: y}}\n"
      "status: {ready: true}\nextra: 1\n");
  std::vector<std::string> shown;
  for (const FieldUse& use : FieldsSet(V1(schema), *cr.documents[0].root))
    shown.push_back(use.shown);
  EXPECT_EQ(shown, (std::vector<std::string>{"extra"}));
}

}  // namespace
}  // namespace skewlint::testing
