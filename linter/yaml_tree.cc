#include "linter/yaml_tree.h"

#include <re2/re2.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_set>

#include "linter/yaml_fastparse.h"

namespace skewlint {

const YamlNode::Entry* YamlNode::GetEntry(std::string_view key) const {
  if (!IsMap()) return nullptr;
  if (index) {
    auto it = index->find(std::string(key));
    return it == index->end() ? nullptr : &entries[it->second];
  }
  for (const Entry& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

const YamlNode* YamlNode::Get(std::string_view key) const {
  const Entry* entry = GetEntry(key);
  return entry ? entry->value.get() : nullptr;
}

const YamlNode* YamlNode::Path(std::string_view dotted) const {
  const YamlNode* node = this;
  while (node != nullptr && !dotted.empty()) {
    size_t dot = dotted.find('.');
    node = node->Get(dotted.substr(0, dot));
    dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
  }
  return node;
}

std::string_view YamlNode::ScalarAt(std::string_view key) const {
  const YamlNode* node = Get(key);
  return node != nullptr && node->IsScalar() ? std::string_view(node->scalar) : std::string_view();
}

namespace {

using Kind = YamlNode::Kind;

/// Maps with more entries than this get an index (YamlNode::index).
constexpr size_t kIndexedMapSize = 32;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

/// The text of one document, cut out of the file by `SplitDocuments`.
struct Chunk {
  std::string_view text;
  int first_line = 0;
};

struct Position {
  int line = 0;  // 1-based file line
  int column = 0;
};

/// Drops a leading BOM and turns CRLF and lone CR into LF. Columns do not
/// change because a CR only ever ends a line.
std::string Normalize(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  std::string out;
  out.reserve(text.size());
  // Copies the runs between carriage returns whole (most files have none).
  for (size_t from = 0; from < text.size();) {
    size_t cr = text.find('\r', from);
    if (cr == std::string_view::npos) {
      out.append(text.substr(from));
      break;
    }
    out.append(text.substr(from, cr - from));
    if (cr + 1 == text.size() || text[cr + 1] != '\n') out += '\n';
    from = cr + 1;
  }
  return out;
}

bool IsMarkerLine(std::string_view line, std::string_view marker) {
  return line.substr(0, 3) == marker && (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
}

bool IsBlankOrComment(std::string_view line) {
  size_t first = line.find_first_not_of(" \t");
  return first == std::string_view::npos || line[first] == '#';
}

/// Cuts the text into documents at `---` and `...` lines. Blank and comment
/// lines before a document belong to no document; directives stay with the
/// `---` that follows them; documents without content are dropped.
class DocumentSplitter {
 public:
  explicit DocumentSplitter(std::string_view text) : text_(text) {}

  std::vector<Chunk> Split() {
    int line_number = 1;
    for (size_t offset = 0; offset < text_.size(); ++line_number) {
      size_t end = std::min(text_.find('\n', offset), text_.size());
      HandleLine(text_.substr(offset, end - offset), offset, line_number);
      offset = end + 1;
    }
    Flush(text_.size());
    return std::move(chunks_);
  }

 private:
  void HandleLine(std::string_view line, size_t offset, int line_number) {
    if (IsMarkerLine(line, "---")) {
      if (has_marker_ || has_content_) Flush(offset);
      Start(offset, line_number);
      has_marker_ = true;
      has_content_ = !IsBlankOrComment(line.substr(3));
    } else if (IsMarkerLine(line, "...")) {
      Flush(offset);
    } else if (!IsBlankOrComment(line)) {
      Start(offset, line_number);
      bool directive = line[0] == '%' && !has_marker_ && !has_content_;
      has_content_ = has_content_ || !directive;
    }
  }

  void Start(size_t offset, int line_number) {
    if (started_) return;
    started_ = true;
    start_ = offset;
    start_line_ = line_number;
  }

  void Flush(size_t end) {
    if (started_ && has_content_) {
      chunks_.push_back(Chunk{text_.substr(start_, end - start_), start_line_});
    }
    started_ = has_marker_ = has_content_ = false;
  }

  std::string_view text_;
  std::vector<Chunk> chunks_;
  bool started_ = false;
  bool has_marker_ = false;
  bool has_content_ = false;
  size_t start_ = 0;
  int start_line_ = 0;
};

/// Translates yaml-cpp marks (0-based, relative to the chunk) into file
/// positions, clamped to the chunk: yaml-cpp reports end-of-input errors on
/// the line after the last one.
class ChunkPositions {
 public:
  /// `line_map`: the chunk line each line of the text parsed stands for
  /// (when a workaround inserted lines), or null.
  explicit ChunkPositions(const Chunk& chunk, const std::vector<int>* line_map = nullptr)
      : chunk_(chunk), line_map_(line_map) {
    size_t last_start = 0;
    for (size_t i = 0; i + 1 < chunk.text.size(); ++i) {
      if (chunk.text[i] != '\n') continue;
      ++last_line_;
      last_start = i + 1;
    }
    std::string_view last = chunk.text.substr(last_start);
    last_length_ = static_cast<int>(last.size() - (last.ends_with('\n') ? 1 : 0));
  }

  Position At(int line, int column) const {
    if (line < 0) return {chunk_.first_line, 0};
    if (line > last_line_) return {chunk_.first_line + Original(last_line_), last_length_ + 1};
    return {chunk_.first_line + Original(line), column + 1};
  }
  Position At(const YAML::Mark& mark) const { return At(mark.line, mark.column); }

 private:
  int Original(int line) const {
    if (!line_map_ || line_map_->empty()) return line;
    return (*line_map_)[std::min<size_t>(static_cast<size_t>(line), line_map_->size() - 1)];
  }

  const Chunk& chunk_;
  const std::vector<int>* line_map_;
  int last_line_ = 0;
  int last_length_ = 0;
};

bool IsPropertyEnd(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ',' || c == ']' || c == '}';
}

/// yaml-cpp marks a node at its tag or anchor; this finds the content after
/// those properties (and any comments or line breaks between).
YAML::Mark SkipProperties(std::string_view text, YAML::Mark mark) {
  auto at = [&](int pos) { return pos < static_cast<int>(text.size()) ? text[pos] : '\0'; };
  if (mark.pos < 0 || (at(mark.pos) != '!' && at(mark.pos) != '&')) return mark;
  for (char c = at(mark.pos); c != '\0'; c = at(mark.pos)) {
    if (c == '\n') {
      ++mark.line;
      mark.column = -1;
    } else if (c == '#') {
      while (at(mark.pos + 1) != '\n' && at(mark.pos + 1) != '\0') ++mark.pos;
    } else if (c == '!' || c == '&') {
      for (; !IsPropertyEnd(at(mark.pos + 1)) && at(mark.pos + 1) != '\0'; ++mark.pos) {
        ++mark.column;
      }
    } else if (c != ' ' && c != '\t') {
      break;
    }
    ++mark.pos;
    ++mark.column;
  }
  return mark;
}

bool IsNullLiteralAt(std::string_view text, int pos) {
  if (pos < 0 || pos >= static_cast<int>(text.size())) return false;
  std::string_view rest = text.substr(pos);
  for (std::string_view literal : {"~", "null", "Null", "NULL"}) {
    if (rest.starts_with(literal) &&
        (rest.size() == literal.size() || IsPropertyEnd(rest[literal.size()]))) {
      return true;
    }
  }
  return false;
}

/// Nodes of a file so far: as built, and with every alias counted as a copy
/// of what it refers to (what a traversal that ignores sharing would visit).
struct NodeCounts {
  size_t built = 0;
  size_t expanded = 0;
};

/// Builds the YamlNode tree of one document from yaml-cpp events. Stops the
/// document by throwing a ParserException, the only way to stop yaml-cpp.
class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view text, const ChunkPositions& positions, const YamlLimits& limits,
              NodeCounts* counts)
      : text_(text), positions_(positions), limits_(limits), counts_(counts) {}

  YamlNodePtr root() const { return root_; }
  bool stop_file() const { return stop_file_; }

  // A chunk holds one document: anything yaml-cpp reads after it is stray.
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (started_) throw YAML::ParserException(mark, "unexpected content after the document");
    started_ = true;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YAML::Mark content = SkipProperties(text_, mark);
    auto node = NewNode(Kind::kNull, content, anchor);
    if (!IsNullLiteralAt(text_, content.pos)) PlaceEmptyNull(*node);
    Attach(node, node->line, node->column);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(Kind::kSequence, mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(Kind::kMap, mark, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    std::shared_ptr<YamlNode> node;
    bool has_key = false;
    YamlNode::Entry pending;
    YAML::anchor_t anchor = YAML::NullAnchor;
    size_t expanded_at_open = 0;
  };

  std::shared_ptr<YamlNode> NewNode(Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor);
  void Expand(size_t nodes, const YAML::Mark& mark);
  void PlaceEmptyNull(YamlNode& node) const;
  void Open(Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor);
  void Close();
  void Attach(const YamlNodePtr& node, int line, int column);
  bool IsOpen(const YamlNode* node) const;

  std::string_view text_;
  const ChunkPositions& positions_;
  const YamlLimits& limits_;
  NodeCounts* counts_;
  std::vector<Frame> stack_;
  std::vector<YamlNodePtr> anchors_;
  std::vector<size_t> anchor_sizes_;  // expanded size of each anchored node
  YamlNodePtr root_;
  bool started_ = false;
  bool stop_file_ = false;
};

void TreeBuilder::Expand(size_t nodes, const YAML::Mark& mark) {
  size_t limit = limits_.max_expanded_nodes;
  if (nodes > limit - std::min(counts_->expanded, limit)) {
    stop_file_ = true;
    throw YAML::ParserException(mark, "aliases expand to more than " + std::to_string(limit) +
                                          " nodes; the rest of the file was not read");
  }
  counts_->expanded += nodes;
}

std::shared_ptr<YamlNode> TreeBuilder::NewNode(Kind kind, const YAML::Mark& mark,
                                               YAML::anchor_t anchor) {
  if (++counts_->built > limits_.max_nodes) {
    stop_file_ = true;
    throw YAML::ParserException(mark, "more than " + std::to_string(limits_.max_nodes) + " nodes");
  }
  Expand(1, mark);
  auto node = std::make_shared<YamlNode>();
  node->kind = kind;
  Position position = positions_.At(mark);
  node->line = position.line;
  node->column = position.column;
  if (anchor != YAML::NullAnchor) {
    if (anchors_.size() <= anchor) {
      anchors_.resize(anchor + 1);
      anchor_sizes_.resize(anchor + 1);
    }
    anchors_[anchor] = node;
    anchor_sizes_[anchor] = 1;  // a collection's is set when it closes
  }
  return node;
}

// An empty value has no text of its own; yaml-cpp marks the next token, often
// on a later line, so a map value takes its key's place instead.
void TreeBuilder::PlaceEmptyNull(YamlNode& node) const {
  if (stack_.empty() || !stack_.back().has_key) return;
  node.line = stack_.back().pending.key_line;
  node.column = stack_.back().pending.key_column;
}

void TreeBuilder::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  if (anchor >= anchors_.size() || anchors_[anchor] == nullptr) {
    throw YAML::ParserException(mark, "the referenced anchor is not defined");
  }
  if (IsOpen(anchors_[anchor].get())) {
    throw YAML::ParserException(mark, "alias refers to a node that contains it");
  }
  Expand(anchor_sizes_[anchor], mark);
  Position position = positions_.At(mark);
  Attach(anchors_[anchor], position.line, position.column);
}

void TreeBuilder::OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                           const std::string& value) {
  YAML::Mark content = SkipProperties(text_, mark);
  auto node = NewNode(Kind::kScalar, content, anchor);
  node->scalar = value;
  if (tag != "?" && content.pos >= 0 && content.pos < static_cast<int>(text_.size())) {
    node->quoted = text_[content.pos] == '"' || text_[content.pos] == '\'';
  }
  Attach(node, node->line, node->column);
}

void TreeBuilder::Open(Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
  if (stack_.size() >= limits_.max_depth) {
    throw YAML::ParserException(
        mark, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
  }
  size_t expanded_at_open = counts_->expanded;
  auto node = NewNode(kind, SkipProperties(text_, mark), anchor);
  stack_.push_back(Frame{std::move(node), false, {}, anchor, expanded_at_open});
}

void TreeBuilder::Close() {
  if (stack_.empty()) return;
  Frame& frame = stack_.back();
  if (frame.anchor != YAML::NullAnchor) {
    anchor_sizes_[frame.anchor] = counts_->expanded - frame.expanded_at_open;
  }
  if (frame.node->IsMap() && frame.node->entries.size() > kIndexedMapSize) {
    auto index = std::make_shared<std::unordered_map<std::string, size_t>>();
    for (size_t i = 0; i < frame.node->entries.size(); ++i) {
      index->emplace(frame.node->entries[i].key, i);  // keeps the first of equal keys
    }
    frame.node->index = std::move(index);
  }
  YamlNodePtr node = std::move(frame.node);
  stack_.pop_back();
  Attach(node, node->line, node->column);
}

void TreeBuilder::Attach(const YamlNodePtr& node, int line, int column) {
  if (stack_.empty()) {
    root_ = node;
    return;
  }
  Frame& frame = stack_.back();
  if (frame.node->IsSequence()) {
    frame.node->items.push_back(node);
  } else if (!frame.has_key) {
    frame.pending = YamlNode::Entry{node->IsScalar() ? node->scalar : "", line, column, nullptr};
    frame.has_key = true;
  } else {
    frame.pending.value = node;
    frame.node->entries.push_back(std::move(frame.pending));
    frame.has_key = false;
  }
}

bool TreeBuilder::IsOpen(const YamlNode* node) const {
  return std::any_of(stack_.begin(), stack_.end(),
                     [node](const Frame& frame) { return frame.node.get() == node; });
}

struct ChunkOutcome {
  YamlNodePtr root;
  YamlProblem problem;
  bool stop_file = false;
};

/// YAML forbids C0 control characters other than tab and line breaks;
/// yaml-cpp would silently drop some and misread a NUL as UTF-16.
std::optional<YamlProblem> FindControlCharacter(const Chunk& chunk) {
  int line = chunk.first_line;
  int column = 1;
  for (char c : chunk.text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n') || byte == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string hex = {'0', 'x', kHex[byte >> 4], kHex[byte & 0xF]};
      return YamlProblem{line, column, "control character " + hex + " is not allowed"};
    }
    column = c == '\n' ? 1 : column + 1;
    line += c == '\n' ? 1 : 0;
  }
  return std::nullopt;
}

ChunkOutcome ParseChunkText(const Chunk& chunk, const YamlLimits& limits, NodeCounts* counts,
                            const std::vector<int>* line_map = nullptr) {
  ChunkPositions positions(chunk, line_map);
  TreeBuilder builder(chunk.text, positions, limits, counts);
  std::istringstream in{std::string(chunk.text)};
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
    parser.HandleNextDocument(builder);  // throws on content after the document
  } catch (const YAML::Exception& e) {
    Position at = positions.At(e.mark);
    return {nullptr, YamlProblem{at.line, at.column, e.msg}, builder.stop_file()};
  } catch (const std::exception& e) {
    return {nullptr, YamlProblem{chunk.first_line, 0, e.what()}, builder.stop_file()};
  } catch (...) {
    return {nullptr, YamlProblem{chunk.first_line, 0, "unknown error"}, true};
  }
  if (builder.root() == nullptr) {
    return {nullptr, YamlProblem{chunk.first_line, 0, "no document found"}};
  }
  return {builder.root(), {}};
}

/// yaml-cpp rejects a block scalar that follows an anchor or a tag on a
/// sequence entry (`- &extra |-`), which YAML allows; it reads the same
/// block with its indicator on a line of its own. Returns the chunk with
/// each such indicator moved, and for each of its lines the chunk line it
/// stands for; nothing when no line needs it.
std::optional<std::pair<std::string, std::vector<int>>> MoveBlockIndicators(std::string_view text) {
  static const RE2 kEntry(R"(( *- +)((?:[&!][^ \t]+[ \t]+)+)([|>][-+0-9]*)[ \t]*(?:#.*)?)");
  std::string out;
  std::vector<int> line_map;
  bool moved = false;
  int line = 0;
  for (size_t start = 0; start < text.size(); ++line) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view current = text.substr(start, end - start);
    std::string dash, properties, indicator;
    if (RE2::FullMatch(re2::StringPiece(current.data(), current.size()), kEntry, &dash, &properties,
                       &indicator)) {
      while (!properties.empty() && (properties.back() == ' ' || properties.back() == '\t')) {
        properties.pop_back();
      }
      out += dash + properties + "\n" + std::string(dash.size(), ' ') + indicator + "\n";
      line_map.insert(line_map.end(), {line, line});
      moved = true;
    } else {
      out.append(current);
      out += '\n';
      line_map.push_back(line);
    }
    start = end + 1;
  }
  if (!moved) return std::nullopt;
  return std::pair{std::move(out), std::move(line_map)};
}

ChunkOutcome ParseChunk(const Chunk& chunk, const YamlLimits& limits, NodeCounts* counts,
                        bool fast) {
  if (auto problem = FindControlCharacter(chunk)) return {nullptr, *problem};
  if (fast && counts) {
    // The simple documents most files hold, without yaml-cpp; the same tree.
    size_t budget =
        std::min(limits.max_nodes - std::min(counts->built, limits.max_nodes),
                 limits.max_expanded_nodes - std::min(counts->expanded, limits.max_expanded_nodes));
    size_t nodes = 0;
    if (YamlNodePtr root =
            ParseFastSubset(chunk.text, chunk.first_line, limits.max_depth, budget, &nodes)) {
      counts->built += nodes;
      counts->expanded += nodes;
      return {std::move(root), {}};
    }
  }
  NodeCounts before = counts ? *counts : NodeCounts{};
  ChunkOutcome outcome = ParseChunkText(chunk, limits, counts);
  if (outcome.root || outcome.stop_file) return outcome;
  auto moved = MoveBlockIndicators(chunk.text);
  if (!moved) return outcome;
  if (counts) *counts = before;
  Chunk rewritten{moved->first, chunk.first_line};
  ChunkOutcome retry = ParseChunkText(rewritten, limits, counts, &moved->second);
  return retry.root ? retry : outcome;
}

}  // namespace

ParsedYaml ParseYaml(std::string_view text, const YamlLimits& limits) {
  return ParseYaml(text, limits, nullptr);
}

namespace {

uint64_t NewContentId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// A copy of `node` with every line moved by `delta`, sharing what aliases
// shared (`copies`, by original: only nodes held more than once, which an
// alias makes, need remembering).
YamlNodePtr Shifted(const YamlNodePtr& node, int delta,
                    std::unordered_map<const YamlNode*, YamlNodePtr>& copies) {
  bool shared = node.use_count() > 1;
  if (shared) {
    if (auto it = copies.find(node.get()); it != copies.end()) return it->second;
  }
  auto copy = std::make_shared<YamlNode>();
  copy->kind = node->kind;
  copy->line = node->line + delta;
  copy->column = node->column;
  copy->scalar = node->scalar;
  copy->quoted = node->quoted;
  copy->index = node->index;
  copy->items.reserve(node->items.size());
  for (const auto& item : node->items) copy->items.push_back(Shifted(item, delta, copies));
  copy->entries.reserve(node->entries.size());
  for (const auto& e : node->entries) {
    copy->entries.push_back(
        YamlNode::Entry{e.key, e.key_line + delta, e.key_column, Shifted(e.value, delta, copies)});
  }
  if (shared) copies.emplace(node.get(), copy);
  return copy;
}

// The documents a memo hands back whose lines moved (an edit above them):
// each is copied with its lines moved once the parse has placed them all,
// those of a large file on two threads (a bundle's edit moves every
// document below it; each copy is independent of the others).
class LineShifts {
 public:
  void Add(size_t document, ParseMemo::Kept* kept, int delta) {
    jobs_.push_back(Job{document, kept, delta});
    moving.insert(kept);
    nodes_ += kept->built;
  }

  void Run(std::vector<YamlDocument>& documents) {
    auto work = [&](size_t from, size_t to) {
      for (size_t j = from; j < to; ++j) {
        Job& job = jobs_[j];
        std::unordered_map<const YamlNode*, YamlNodePtr> copies;
        job.kept->root = Shifted(job.kept->root, job.delta, copies);
        documents[job.document].root = job.kept->root;
      }
    };
    // Split by nodes: the first jobs up to half of them on a helper.
    size_t half = 0;
    for (size_t sum = 0; half < jobs_.size() && sum < nodes_ / 2; ++half) {
      sum += jobs_[half].kept->built;
    }
    std::thread helper;
    std::exception_ptr failed;  // the helper's, rethrown here
    if (nodes_ >= kParallelNodes && half < jobs_.size()) {
      try {
        helper = std::thread([&] {
          try {
            work(0, half);
          } catch (...) {
            failed = std::current_exception();
          }
        });
      } catch (const std::system_error&) {
        // no thread to be had: this one does it all
      }
    }
    try {
      work(helper.joinable() ? half : 0, jobs_.size());
    } catch (...) {
      if (helper.joinable()) helper.join();
      throw;
    }
    if (helper.joinable()) helper.join();
    if (failed) std::rethrow_exception(failed);
  }

  std::unordered_set<const ParseMemo::Kept*> moving;  ///< entries whose lines are to move

 private:
  struct Job {
    size_t document;
    ParseMemo::Kept* kept;
    int delta;
  };
  static constexpr size_t kParallelNodes = 20000;
  std::vector<Job> jobs_;
  size_t nodes_ = 0;
};

}  // namespace

ParsedYaml ParseYaml(std::string_view text, const YamlLimits& limits, ParseMemo* memo) {
  return yaml_internal::ParseDocuments(text, limits, memo, true);
}

ParsedYaml ParseYamlWithYamlCpp(std::string_view text, const YamlLimits& limits) {
  return yaml_internal::ParseDocuments(text, limits, nullptr, false);
}

ParsedYaml yaml_internal::ParseDocuments(std::string_view text, const YamlLimits& limits,
                                         ParseMemo* memo, bool fast) {
  ParsedYaml parsed;
  std::unique_lock<std::mutex> lock;
  if (memo) lock = std::unique_lock<std::mutex>(memo->mutex_);
  decltype(memo->by_text_) kept;  // this parse's, for the memo
  LineShifts shifts;              // the reused documents whose lines move
  try {
    std::string normalized = Normalize(text);
    std::vector<Chunk> chunks = DocumentSplitter(normalized).Split();
    NodeCounts counts;
    for (size_t i = 0; i < chunks.size(); ++i) {
      if (i == limits.max_documents) {
        parsed.problems.push_back(
            {chunks[i].first_line, 1,
             "more than " + std::to_string(limits.max_documents) + " documents"});
        break;
      }
      if (memo) {
        // A document parsed before, whose nodes still fit under the limits
        // where it now stands, parses the same: take it.
        // (Its entry moves to this parse's: the text is not copied again.)
        auto in_memo = memo->by_text_.find(chunks[i].text);
        auto in_kept = in_memo == memo->by_text_.end() ? kept.find(chunks[i].text) : kept.end();
        const ParseMemo::Kept* found = in_memo != memo->by_text_.end() ? &in_memo->second
                                       : in_kept != kept.end()         ? &in_kept->second
                                                                       : nullptr;  // a repeat
        if (found && found->built <= limits.max_nodes - counts.built &&
            found->expanded <= limits.max_expanded_nodes - counts.expanded) {
          // (A repeat of a document whose lines are still to move is parsed.)
          bool pending = found != nullptr &&
                         found == (in_kept != kept.end() ? &in_kept->second : nullptr) &&
                         shifts.moving.count(found);
          if (!pending) {
            ParseMemo::Kept k = *found;
            int delta = memo->move_lines_ ? chunks[i].first_line - k.first_line : 0;
            if (delta) k.first_line = chunks[i].first_line;
            counts.built += k.built;
            counts.expanded += k.expanded;
            int index = static_cast<int>(parsed.documents.size());
            parsed.documents.push_back({k.root, k.first_line, index, k.content_id});
            ParseMemo::Kept* at = nullptr;
            if (in_memo != memo->by_text_.end()) {
              auto entry = memo->by_text_.extract(in_memo);
              entry.mapped() = std::move(k);
              at = &kept.insert(std::move(entry)).position->second;
            } else {
              in_kept->second = std::move(k);
              at = &in_kept->second;
            }
            if (delta) shifts.Add(static_cast<size_t>(index), at, delta);
            ++memo->reused_;
            continue;
          }
        }
      }
      NodeCounts before = counts;
      ChunkOutcome outcome = ParseChunk(chunks[i], limits, &counts, fast);
      if (outcome.root == nullptr) {
        parsed.problems.push_back(std::move(outcome.problem));
      } else {
        int index = static_cast<int>(parsed.documents.size());
        uint64_t id = NewContentId();
        parsed.documents.push_back({outcome.root, chunks[i].first_line, index, id});
        if (memo && !outcome.stop_file) {
          // (A repeat keeps the first: its entry may have lines to move.)
          kept.try_emplace(
              std::string(chunks[i].text),
              ParseMemo::Kept{chunks[i].first_line, outcome.root, counts.built - before.built,
                              counts.expanded - before.expanded, id});
          ++memo->parsed_;
        }
      }
      if (outcome.stop_file) break;
    }
  } catch (const std::exception& e) {
    parsed.problems.push_back({0, 0, e.what()});
  }
  try {
    shifts.Run(parsed.documents);
  } catch (const std::exception& e) {
    // Out of memory, most likely: no document with lines it does not have.
    parsed.documents.clear();
    parsed.problems.push_back({0, 0, e.what()});
    kept.clear();
  }
  if (memo) memo->by_text_ = std::move(kept);
  return parsed;
}

bool LooksLikeTemplate(std::string_view text) {
  if (text.find("{{") == std::string_view::npos) return false;  // most files: one fast scan
  bool opened = false;
  bool in_comment = false;
  char previous = '\n';
  for (size_t i = 0; i < text.size(); previous = text[i++]) {
    char c = text[i];
    if (c == '\n') {
      in_comment = false;
    } else if (in_comment) {
      continue;
    } else if (c == '#' && (previous == '\n' || previous == ' ' || previous == '\t')) {
      in_comment = true;
    } else if (i + 1 < text.size() && c == text[i + 1] && (c == '{' || c == '}')) {
      if (c == '}' && opened) return true;
      opened = opened || c == '{';
    }
  }
  return false;
}

}  // namespace skewlint
