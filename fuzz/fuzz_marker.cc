// Comment-marker detection: ParseMarker and MarkerVersion on arbitrary text,
// and the same text as a `#` comment above a CRD property and as its
// description, read back through ReadCrdSchema.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "linter/crd_schema.h"
#include "linter/yaml_tree.h"

namespace skewlint::fuzz {
namespace {

using Source = DeprecationMarker::Source;

constexpr int kCommentLine = 18;

std::string Crd(std::string_view comment, std::string_view description) {
  return "apiVersion: apiextensions.k8s.io/v1\n"
         "kind: CustomResourceDefinition\n"
         "metadata: {name: things.example.com}\n"
         "spec:\n"
         "  group: example.com\n"
         "  names: {kind: Thing}\n"
         "  versions:\n"
         "    - name: v1\n"
         "      served: true\n"
         "      storage: true\n"
         "      schema:\n"
         "        openAPIV3Schema:\n"
         "          type: object\n"
         "          properties:\n"
         "            spec:\n"
         "              type: object\n"
         "              properties:\n"
         "                #" +
         std::string(comment) +
         "\n"  // line 18
         "                mode: {type: string}\n"
         "                size:\n"
         "                  type: string\n"
         "                  description: |2-\n"
         "                    " +
         std::string(description) + "\n";
}

/// One line, without the control characters YAML refuses.
std::string OneLine(std::string_view text) {
  std::string line;
  for (char c : text.substr(0, text.find('\n'))) {
    auto byte = static_cast<unsigned char>(c);
    line += byte < 0x20 || byte == 0x7F ? ' ' : c;
  }
  return line;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

void CheckParse(std::string_view text, Source source) {
  auto marker = ParseMarker(text, source);
  if (!marker) return;
  FUZZ_CHECK(marker->source == source, "marker of another source");
  FUZZ_CHECK(Contains(text, marker->text), "marker text is not from the input");
  FUZZ_CHECK(marker->since == MarkerVersion(marker->text), "marker version is not its text's");
  if (marker->since) {
    FUZZ_CHECK(marker->since->versioned, "an unversioned marker version");
    CheckVersion(*marker->since);
  }
  auto padded = ParseMarker(" \t" + std::string(text) + " ", source);
  FUZZ_CHECK(padded && padded->text == marker->text, "surrounding blanks change the marker");
  if (source == Source::kComment) {
    auto description = ParseMarker(text, Source::kDescription);
    FUZZ_CHECK(description.has_value(), "a comment marker is not a description marker");
  }
}

bool SameMarker(const DeprecationMarker* a, const std::optional<DeprecationMarker>& b) {
  if ((a != nullptr) != b.has_value()) return false;
  return !a || (a->text == b->text && a->since == b->since && a->source == b->source);
}

void CheckInCrd(std::string_view text) {
  std::string line = OneLine(text);
  std::string crd = Crd(line, line);
  ParsedYaml parsed = ParseYaml(crd);
  if (parsed.documents.size() != 1) return;  // e.g. invalid UTF-8 in the description
  CrdSchema schema = ReadCrdSchema(*parsed.documents[0].root, crd);
  FUZZ_CHECK(schema.versions.size() == 1, "the CRD lost its version");
  const CrdApiVersion& version = schema.versions[0];
  const SchemaNode* mode = version.Find("spec.mode");
  FUZZ_CHECK(mode != nullptr, "the property under the comment is missing");
  // The reader drops the comment's leading '#'s before looking for a marker.
  std::string_view body = line;
  while (!body.empty() && body.front() == '#') body.remove_prefix(1);
  auto expected = ParseMarker(body, Source::kComment);
  FUZZ_CHECK(SameMarker(mode->deprecation.get(), expected),
             "comment marker disagrees with ParseMarker: '" + line + "'");
  if (mode->deprecation) {
    FUZZ_CHECK(mode->deprecation->line == kCommentLine, "comment marker on the wrong line");
  }
  const SchemaNode* size = version.Find("spec.size");
  FUZZ_CHECK(size != nullptr, "the described property is missing");
  const YamlNode* description = parsed.documents[0].root->Path("spec.versions");
  FUZZ_CHECK(description != nullptr && description->IsSequence(), "versions are gone");
  description = description->items[0]->Path(
      "schema.openAPIV3Schema.properties.spec.properties.size.description");
  FUZZ_CHECK(description != nullptr && description->IsScalar(), "the description is gone");
  auto described = ParseMarker(description->scalar, Source::kDescription);
  FUZZ_CHECK(SameMarker(size->deprecation.get(), described),
             "description marker disagrees with ParseMarker: '" + description->scalar + "'");
}

}  // namespace
}  // namespace skewlint::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skewlint;
  using namespace skewlint::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (Source source : {Source::kComment, Source::kDescription, Source::kVersionField}) {
    CheckParse(text, source);
  }
  if (auto version = MarkerVersion(text)) CheckVersion(*version);
  CheckInCrd(text);
  return 0;
}
