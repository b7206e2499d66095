// The CRD schema model: ReadCrdSchema on every document of arbitrary YAML,
// then FieldsSet of every document against every API version found.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "linter/crd_schema.h"
#include "linter/yaml_tree.h"

namespace skewlint::fuzz {
namespace {

// Lines as crd_schema numbers them: split at '\n' only (a CR before it is
// dropped), so a lone CR does not end a line there. Positions come from the
// YAML tree, which does count a lone CR; keep the larger count.
size_t LineCount(std::string_view text, const std::vector<size_t>& lengths) {
  size_t newlines = 1;
  for (char c : text) newlines += c == '\n' ? 1 : 0;
  return std::max(newlines, lengths.size());
}

void CheckMarker(const DeprecationMarker* marker, size_t lines, const std::string& what) {
  if (!marker) return;
  FUZZ_CHECK(marker->line >= 1 && static_cast<size_t>(marker->line) <= lines,
             what + ": marker on line " + std::to_string(marker->line));
  if (marker->since) CheckVersion(*marker->since);
}

void CheckVersionModel(const CrdApiVersion& version, const std::vector<size_t>& lengths,
                       size_t lines) {
  std::string what = "version '" + version.name + "'";
  FUZZ_CHECK(InsideText(lengths, version.line, version.column),
             what + " at " + Where(version.line, version.column));
  CheckMarker(version.deprecation ? &*version.deprecation : nullptr, lines, what);
  FUZZ_CHECK(!version.has_schema || version.Find("") != nullptr, what + ": schema without root");
  for (const auto& [path, node] : version.nodes) {
    FUZZ_CHECK(node.path == path, what + ": node filed under another path");
    FUZZ_CHECK(InsideText(lengths, node.line, node.column),
               what + " node '" + path + "' at " + Where(node.line, node.column));
    CheckMarker(node.deprecation.get(), lines, what + " node '" + path + "'");
    if (!path.empty()) {
      FUZZ_CHECK(ParentPath(path).size() < path.size(), "parent path is not shorter: " + path);
      FUZZ_CHECK(version.NearestExisting(path) == &node, "nearest of an existing node");
    }
    FUZZ_CHECK(version.MarkerOf(path) ==
                   (path.empty() ? (version.deprecation ? &*version.deprecation : nullptr)
                                 : node.deprecation.get()),
               "MarkerOf disagrees with the node");
  }
}

void CheckFields(const CrdApiVersion& version, const YamlNode& resource,
                 const std::vector<size_t>& lengths) {
  std::vector<FieldUse> uses = FieldsSet(version, resource);
  if (!version.has_schema) {
    FUZZ_CHECK(uses.empty(), "fields judged without a schema");
    return;
  }
  for (const FieldUse& use : uses) {
    FUZZ_CHECK(InsideText(lengths, use.line, use.column),
               "field '" + use.shown + "' at " + Where(use.line, use.column));
    FUZZ_CHECK(use.known == (version.Find(use.path) != nullptr),
               "field '" + use.path + "' known disagrees with the schema");
    // A key that is not a scalar (or is empty) reads as "", which FieldsSet
    // joins like any other key: at the root that gives an empty path.
    FUZZ_CHECK(use.path.empty() == use.shown.empty(), "path and shown path disagree");
  }
}

}  // namespace
}  // namespace skewlint::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skewlint;
  using namespace skewlint::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ParsedYaml parsed = ParseYaml(text);
  std::vector<size_t> lengths = LineLengths(text);
  size_t lines = LineCount(text, lengths);
  std::vector<CrdSchema> schemas;
  for (const YamlDocument& doc : parsed.documents) {
    CrdSchema schema = ReadCrdSchema(*doc.root, text);
    for (const CrdApiVersion& version : schema.versions) {
      CheckVersionModel(version, lengths, lines);
      FUZZ_CHECK(schema.Find(version.name) != nullptr, "Find misses a version");
    }
    for (const CrdApiVersion* served : schema.Served()) {
      FUZZ_CHECK(served->served, "Served returned an unserved version");
    }
    schemas.push_back(std::move(schema));
  }
  for (const CrdSchema& schema : schemas) {
    for (const CrdApiVersion& version : schema.versions) {
      for (const YamlDocument& doc : parsed.documents) CheckFields(version, *doc.root, lengths);
    }
  }
  return 0;
}
