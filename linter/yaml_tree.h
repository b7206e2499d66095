#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "linter/location.h"

namespace skewlint {

/// A YAML value with the 1-based position where it starts. Built from
/// yaml-cpp's event parser (yaml-cpp is not visible outside yaml_tree.cc),
/// immutable once built. Aliases share the anchored node instead of copying
/// it, so a "billion laughs" file costs linear memory; traversals that can
/// meet an alias must bound their work (see `VisitBudget`).
struct YamlNode;
using YamlNodePtr = std::shared_ptr<const YamlNode>;

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  struct Entry {
    std::string key;  ///< scalar keys verbatim; other keys as "" (ignored)
    int key_line = 0;
    int key_column = 0;
    YamlNodePtr value;
  };

  Kind kind = Kind::kNull;
  int line = 0;                    ///< 1-based; where the content starts, after any tag or anchor
  int column = 0;                  ///< 1-based, counted in bytes
  std::string scalar;              ///< kScalar only; invalid UTF-8 kept as is
  bool quoted = false;             ///< kScalar written in '…' or "…" (not block `|`/`>`)
  std::vector<YamlNodePtr> items;  ///< kSequence only
  std::vector<Entry> entries;      ///< kMap only, in file order
  /// Wide maps built by ParseYaml: each key's first entry, so that `Get`
  /// stays constant-time on maps a hostile file makes wide. Null otherwise.
  std::shared_ptr<const std::unordered_map<std::string, size_t>> index;

  bool IsMap() const { return kind == Kind::kMap; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsNull() const { return kind == Kind::kNull; }

  /// The value under `key` in a map (first occurrence), or nullptr.
  const YamlNode* Get(std::string_view key) const;
  const Entry* GetEntry(std::string_view key) const;
  /// Follows a dotted path of map keys ("spec.image.tag"), or nullptr.
  const YamlNode* Path(std::string_view dotted) const;
  /// The scalar under `key`, or "" when absent or not a scalar.
  std::string_view ScalarAt(std::string_view key) const;
};

/// Caps the nodes one traversal may visit, so aliases cannot make it
/// exponential. `Spend()` returns false once the budget is used up.
class VisitBudget {
 public:
  explicit VisitBudget(size_t limit) : left_(limit) {}
  bool Spend() { return left_ > 0 ? (--left_, true) : false; }
  bool exhausted() const { return left_ == 0; }

 private:
  size_t left_;
};

/// One YAML document of a file.
struct YamlDocument {
  YamlNodePtr root;  ///< never null; kNull for an empty document
  /// 1-based line where the document's text starts: its `%` directive or
  /// `---` line, else its first line that is not blank or a comment.
  int first_line = 0;
  int index = 0;  ///< 0-based position among the file's documents
  /// Names the document's exact text: two documents with the same id have
  /// the same bytes and parse alike but for their lines (first_line tells
  /// where each stands). Ids are never reused; a document taken from a
  /// ParseMemo keeps the id it was first parsed with, any other parse gets
  /// a new one. 0 for a document ParseYaml did not make.
  uint64_t content_id = 0;
};

/// A problem reading a file: the position yaml-cpp reports and its text.
struct YamlProblem {
  int line = 0;
  int column = 0;
  std::string message;
};

struct YamlLimits {
  size_t max_depth = 256;        ///< nesting of maps and sequences
  size_t max_documents = 10000;  ///< documents per file
  size_t max_nodes = 2000000;    ///< nodes built per file
  /// Nodes per file with every alias counted as a copy of what it refers to:
  /// a bound on any traversal, whether or not it uses a VisitBudget. No
  /// bound by default; manifests are read with `limits.max_nodes` (ReadFacts).
  size_t max_expanded_nodes = SIZE_MAX;
};

struct ParsedYaml {
  std::vector<YamlDocument> documents;  ///< every document that parsed
  std::vector<YamlProblem> problems;    ///< one per document that did not
};

/// Parses every document of `text`. A document that fails to parse is
/// reported in `problems` and the others are still returned, so one bad
/// document never hides the rest of the file. Handles a UTF-8 BOM and CRLF
/// line endings; never throws.
///
/// Documents are cut at `---` and `...` lines before yaml-cpp sees them;
/// those holding only comments are skipped. A control character (NUL…)
/// fails its document. Beyond `limits.max_depth` the document fails; beyond
/// `max_documents`, `max_nodes` or `max_expanded_nodes` the rest of the file
/// is dropped with one problem. An empty map value (`key:`) is kNull placed
/// at its key; a recursive alias fails its document.
ParsedYaml ParseYaml(std::string_view text, const YamlLimits& limits = {});

/// ParseYaml with every document read by yaml-cpp: ParseYaml builds the
/// documents of a simple subset itself (yaml_fastparse.h), and must give
/// what this gives. For tests and fuzzing.
ParsedYaml ParseYamlWithYamlCpp(std::string_view text, const YamlLimits& limits = {});

class ParseMemo;
namespace yaml_internal {
/// ParseYaml; `fast` false reads every document with yaml-cpp.
ParsedYaml ParseDocuments(std::string_view text, const YamlLimits& limits, ParseMemo* memo,
                          bool fast);
}  // namespace yaml_internal

/// The documents of a file's last parse, by their exact text, so that a
/// new version of a large multi-document file parses only the documents
/// whose bytes changed: a document met again is taken from the memo (its
/// lines moved when the lines before it did), provided the file's node
/// limits would let it through as they did. The answer is the one
/// ParseYaml gives. Thread-safe; holds the last parse's documents alive.
///
/// A memo that does not move lines (`move_lines` false) is for readers that
/// read no line (deprecation dating reads names, versions and markers by
/// content id): a document met again keeps the lines of the text it was
/// first parsed from, and says so (YamlDocument::first_line is where it
/// stood there), which saves copying every document below an edit.
class ParseMemo {
 public:
  explicit ParseMemo(bool move_lines = true) : move_lines_(move_lines) {}
  ParseMemo(const ParseMemo&) = delete;
  ParseMemo& operator=(const ParseMemo&) = delete;

  /// Documents reused and parsed, over every parse (for tests).
  size_t reused() const { return reused_; }
  size_t parsed() const { return parsed_; }

  /// One document kept (the parser's own; public for its helpers).
  struct Kept {
    int first_line = 0;
    YamlNodePtr root;
    size_t built = 0;     ///< nodes the document built
    size_t expanded = 0;  ///< nodes it counted against max_expanded_nodes
    uint64_t content_id = 0;
  };

 private:
  friend ParsedYaml yaml_internal::ParseDocuments(std::string_view, const YamlLimits&, ParseMemo*,
                                                  bool);
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };
  bool move_lines_ = true;
  std::mutex mutex_;
  std::unordered_map<std::string, Kept, TextHash, std::equal_to<>> by_text_;
  size_t reused_ = 0;
  size_t parsed_ = 0;
};

/// ParseYaml, reusing and then refilling `memo` (may be null).
ParsedYaml ParseYaml(std::string_view text, const YamlLimits& limits, ParseMemo* memo);

/// True when the text is a Helm/Go template rather than YAML: it holds a
/// template action (`{{ … }}`, possibly over several lines) outside of YAML
/// comments (a `#` at the start of a line or after a space or tab). Quoted
/// actions count too, so Argo Workflows or Prometheus rule files that hold
/// `"{{ … }}"` strings are also reported as templates.
bool LooksLikeTemplate(std::string_view text);

}  // namespace skewlint
