// What keeps per-commit memory and time bounded by the state rather than by
// the range: the parse memo of large multi-document files (documents whose
// bytes did not change are not parsed again), the CRD schema cache (by
// document), the StateBuilder cache's byte budget, and an end-to-end walk
// over a large CRD bundle that must find what each commit alone finds.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "git/git_repository.h"
#include "linter/crd_schema.h"
#include "linter/history_service.h"
#include "linter/state_builder.h"
#include "linter/yaml_tree.h"
#include "tests/crd_fixtures.h"
#include "tests/manifests.h"
#include "tests/state_fixture.h"
#include "tests/test_repo.h"

namespace skewlint::testing {
namespace {

// Every node of a tree with its position, one per line, aliases expanded.
void Dump(const YamlNode& node, const std::string& pad, std::string& out) {
  out += pad + std::to_string(node.line) + ":" + std::to_string(node.column) + " " +
         std::to_string(static_cast<int>(node.kind)) + " " + node.scalar +
         (node.quoted ? " quoted" : "") + "\n";
  for (const auto& item : node.items) Dump(*item, pad + " ", out);
  for (const auto& e : node.entries) {
    out += pad + "key " + e.key + " " + std::to_string(e.key_line) + ":" +
           std::to_string(e.key_column) + "\n";
    Dump(*e.value, pad + " ", out);
  }
}

std::string Dump(const YamlNode& node) {
  std::string out;
  Dump(node, "", out);
  return out;
}

std::string Dump(const ParsedYaml& parsed) {
  std::string out;
  for (const auto& doc : parsed.documents) {
    out += "doc " + std::to_string(doc.index) + " at " + std::to_string(doc.first_line) + "\n";
    Dump(*doc.root, "", out);
  }
  for (const auto& p : parsed.problems) {
    out += "problem " + std::to_string(p.line) + ":" + std::to_string(p.column) + " " + p.message +
           "\n";
  }
  return out;
}

std::string Doc(int n, const std::string& extra = "") {
  return "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm" + std::to_string(n) +
         "\ndata:\n  a: &x \"one\"\n  b: *x\n" + extra;
}

TEST(ParseMemo, ReusedDocumentsParseAsAFreshParseDoes) {
  ParseMemo memo;
  std::string first = Doc(1) + Doc(2) + Doc(3) + Doc(4);
  EXPECT_EQ(Dump(ParseYaml(first, {}, &memo)), Dump(ParseYaml(first)));
  EXPECT_EQ(memo.parsed(), 4u);
  // The second document grows by two lines: the third and fourth move down
  // and are taken from the memo, their lines moved.
  std::string second = Doc(1) + Doc(2, "  c: more\n  d: more\n") + Doc(3) + Doc(4);
  EXPECT_EQ(Dump(ParseYaml(second, {}, &memo)), Dump(ParseYaml(second)));
  EXPECT_EQ(memo.parsed(), 5u);
  EXPECT_EQ(memo.reused(), 3u);
  // A changed document is parsed again: its new content shows.
  std::string third = Doc(1) + Doc(2, "  c: changed\n") + Doc(3) + Doc(4);
  ParsedYaml parsed = ParseYaml(third, {}, &memo);
  EXPECT_EQ(Dump(parsed), Dump(ParseYaml(third)));
  ASSERT_EQ(parsed.documents.size(), 4u);
  EXPECT_EQ(parsed.documents[1].root->Path("data.c")->scalar, "changed");
  // A broken document is reported, and the memo does not hide it.
  std::string fourth = Doc(1) + "---\na: [unclosed\n" + Doc(3) + Doc(4);
  EXPECT_EQ(Dump(ParseYaml(fourth, {}, &memo)), Dump(ParseYaml(fourth)));
  // A document written twice in one file, then once more.
  std::string fifth = Doc(1) + Doc(3) + Doc(1) + Doc(3);
  EXPECT_EQ(Dump(ParseYaml(fifth, {}, &memo)), Dump(ParseYaml(fifth)));
  std::string sixth = Doc(3) + Doc(1) + Doc(3) + Doc(1) + Doc(1);
  EXPECT_EQ(Dump(ParseYaml(sixth, {}, &memo)), Dump(ParseYaml(sixth)));
}

// Enough nodes that the documents below an edit are copied, lines moved,
// on two threads; repeats of a moved document among them.
TEST(ParseMemo, ManyMovedDocumentsParseAsAFreshParseDoes) {
  auto big = [](int n) {
    std::string out = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big" +
                      std::to_string(n) + "\ndata:\n";
    for (int k = 0; k < 400; ++k) out += "  k" + std::to_string(k) + ": [a, {b: c}]\n";
    return out;
  };
  std::string tail;
  for (int n = 1; n <= 40; ++n) tail += big(n);
  ParseMemo memo;
  std::string first = big(0) + tail + big(3);
  EXPECT_EQ(Dump(ParseYaml(first, {}, &memo)), Dump(ParseYaml(first)));
  std::string second = Doc(9) + big(0) + tail + big(3) + big(3);
  EXPECT_EQ(Dump(ParseYaml(second, {}, &memo)), Dump(ParseYaml(second)));
  std::string third = big(0) + "  extra: line\n" + tail + big(3);
  EXPECT_EQ(Dump(ParseYaml(third, {}, &memo)), Dump(ParseYaml(third)));
  EXPECT_GT(memo.reused(), 80u);
}

TEST(ParseMemo, AReusedDocumentStillCountsAgainstTheFileLimits) {
  ParseMemo memo;
  std::string text = Doc(1) + Doc(2) + Doc(3);
  (void)ParseYaml(text, {}, &memo);
  YamlLimits tight;
  tight.max_nodes = 20;  // the first document fits, the second does not
  ParsedYaml fresh = ParseYaml(text, tight);
  ASSERT_FALSE(fresh.problems.empty());
  EXPECT_EQ(Dump(ParseYaml(text, tight, &memo)), Dump(fresh));
}

TEST(ParseMemo, ADocumentKeepsItsContentIdWhileItsBytesDoNotChange) {
  ParseMemo memo;
  ParsedYaml first = ParseYaml(Doc(1) + Doc(2) + Doc(3), {}, &memo);
  ASSERT_EQ(first.documents.size(), 3u);
  std::set<uint64_t> ids;
  for (const auto& d : first.documents) ids.insert(d.content_id);
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_FALSE(ids.count(0));
  ParsedYaml second = ParseYaml(Doc(1) + Doc(2, "  c: more\n") + Doc(3), {}, &memo);
  ASSERT_EQ(second.documents.size(), 3u);
  EXPECT_EQ(second.documents[0].content_id, first.documents[0].content_id);
  EXPECT_NE(second.documents[1].content_id, first.documents[1].content_id);
  EXPECT_EQ(second.documents[2].content_id, first.documents[2].content_id);  // moved down
  EXPECT_NE(second.documents[2].first_line, first.documents[2].first_line);
  // Without a memo every parse is new.
  EXPECT_NE(ParseYaml(Doc(1)).documents[0].content_id, ParseYaml(Doc(1)).documents[0].content_id);
}

TEST(ParseMemo, AMemoThatKeepsLinesSaysWhereEachDocumentWasParsed) {
  ParseMemo memo(/*move_lines=*/false);
  ParsedYaml first = ParseYaml(Doc(1) + Doc(2) + Doc(3), {}, &memo);
  ParsedYaml second = ParseYaml(Doc(1) + Doc(2, "  c: more\n") + Doc(3), {}, &memo);
  ASSERT_EQ(second.documents.size(), 3u);
  // The third document moved down a line, but keeps its first parse.
  EXPECT_EQ(second.documents[2].content_id, first.documents[2].content_id);
  EXPECT_EQ(second.documents[2].root, first.documents[2].root);
  EXPECT_EQ(second.documents[2].first_line, first.documents[2].first_line);
  // The changed one is parsed where it stands now.
  EXPECT_EQ(Dump(*second.documents[1].root),
            Dump(*ParseYaml(Doc(1) + Doc(2, "  c: more\n")).documents[1].root));
}

// Every line a schema holds, with its path, for comparing two reads.
std::string Lines(const CrdSchema& schema) {
  std::string out = schema.name + " versions at " + std::to_string(schema.versions_line) + "\n";
  for (const auto& v : schema.versions) {
    out += v.name + " " + std::to_string(v.line) + ":" + std::to_string(v.column) +
           (v.deprecation ? " marked " + std::to_string(v.deprecation->line) : "") + "\n";
    for (const auto& [path, node] : v.nodes) {
      out += " " + path + " " + std::to_string(node.line) + ":" + std::to_string(node.column) +
             (node.deprecation ? " marked " + std::to_string(node.deprecation->line) + " " +
                                     node.deprecation->text
                               : "") +
             "\n";
    }
  }
  return out;
}

TEST(CachedCrdSchema, ABundleDocumentThatMovedSharesItsSchemaWithItsLinesMoved) {
  const std::string size =
      "                size:  # Deprecated: use count\n"
      "                  type: integer\n";
  const std::string other = SpiceCrdWith("1.0.0", size);
  std::string renamed = other;
  renamed.replace(renamed.find("spicepodsets"), 12, "spicepodgrps");
  auto before = std::make_shared<const std::string>("---\n" + other + "---\n" + renamed);
  // The first CRD gains a property: the second moves down two lines.
  auto after = std::make_shared<const std::string>(
      "---\n" +
      SpiceCrdWith("1.0.0", size + "                count:\n                  type: integer\n") +
      "---\n" + renamed);
  ParseMemo memo;
  ParsedYaml b = ParseYaml(*before, {}, &memo);
  ParsedYaml a = ParseYaml(*after, {}, &memo);
  ASSERT_EQ(b.documents.size(), 2u);
  ASSERT_EQ(a.documents.size(), 2u);
  ASSERT_EQ(a.documents[1].content_id, b.documents[1].content_id);
  ASSERT_EQ(a.documents[1].first_line, b.documents[1].first_line + 2);
  auto was = CachedCrdSchema(b.documents[1], before);
  auto now = CachedCrdSchema(a.documents[1], after);
  EXPECT_EQ(Lines(*was), Lines(ReadCrdSchema(*b.documents[1].root, *before)));
  EXPECT_EQ(Lines(*now), Lines(ReadCrdSchema(*a.documents[1].root, *after)));
  EXPECT_NE(Lines(*now), Lines(*was));
  ASSERT_NE(now->Find("v1"), nullptr);
  ASSERT_NE(now->Find("v1")->MarkerOf("spec.size"), nullptr);
  // Both places are kept: the states before and after a change ask in turn.
  EXPECT_EQ(CachedCrdSchema(b.documents[1], before), was);
  EXPECT_EQ(CachedCrdSchema(a.documents[1], after), now);
  // The changed document is read anew.
  auto changed = CachedCrdSchema(a.documents[0], after);
  ASSERT_NE(changed->Find("v1"), nullptr);
  EXPECT_NE(changed->Find("v1")->Find("spec.count"), nullptr);
  EXPECT_EQ(Lines(*changed), Lines(ReadCrdSchema(*a.documents[0].root, *after)));
}

TEST(CachedCrdSchema, ReadOncePerDocumentAndReadAgainForANewParse) {
  auto text = std::make_shared<const std::string>(
      SpiceCrdWith("1.0.0", "                size:\n                  type: integer\n"));
  ParsedYaml parsed = ParseYaml(*text);
  ASSERT_EQ(parsed.documents.size(), 1u);
  auto first = CachedCrdSchema(parsed.documents[0].root, text);
  EXPECT_EQ(CachedCrdSchema(parsed.documents[0].root, text), first);
  EXPECT_EQ(first->versions.size(),
            ReadCrdSchema(*parsed.documents[0].root, *text).versions.size());
  const CrdApiVersion* v = first->Find("v1");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->MarkerOf("spec.size"), nullptr);
  // The next version of the file marks the field deprecated: a new parse,
  // a new answer (an entry never invalidated would still say "not marked").
  auto marked = std::make_shared<const std::string>(SpiceCrdWith(
      "1.0.0",
      "                size:  # Deprecated: use count\n                  type: integer\n"));
  ParsedYaml again = ParseYaml(*marked);
  auto second = CachedCrdSchema(again.documents[0].root, marked);
  ASSERT_NE(second->Find("v1"), nullptr);
  EXPECT_NE(second->Find("v1")->MarkerOf("spec.size"), nullptr);
  // The same document with another text (its comments) is read again too.
  EXPECT_NE(CachedCrdSchema(parsed.documents[0].root, marked), first);
}

std::vector<std::string> Instances(const State& state) {
  std::vector<std::string> out;
  for (const Instance& i : state.instances) {
    out.push_back(i.component + " " + i.scope + " " + i.version.raw + " " + i.location.ToString());
  }
  return out;
}

// With no budget the cache drops every entry nothing holds after each read:
// a blob met again (a reverted file) is read again, the states stay those of
// a fresh read, and files_read counts each blob once.
TEST(StateBuilderCache, DroppedEntriesAreReadAgainAndCountedOnce) {
  TempRepo repo;
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6"));
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.6"));
  std::vector<std::string> revs = {repo.Commit("base")};
  for (const char* v : {"1.10.0", "1.9.6", "1.10.0", "1.11.0"}) {
    repo.Write("clusters/prod/spire/server.yaml", SpireServer(v));
    revs.push_back(repo.Commit(std::string("server ") + v));
  }
  auto opened = OpenRepository(repo.root());
  ASSERT_TRUE(opened.ok());
  Repository& git = **opened;
  Config config = PresetConfig("spire");
  StateBuilder bounded(git, config);
  bounded.set_cache_budget(0);
  StateBuilder unbounded(git, config);
  auto a = bounded.Read(revs[0]);
  auto b = unbounded.Read(revs[0]);
  ASSERT_TRUE(a.ok() && b.ok());
  for (size_t i = 1; i < revs.size(); ++i) {
    auto deltas = git.Diff(revs[i - 1], revs[i], bounded.Filter());
    ASSERT_TRUE(deltas.ok());
    ASSERT_TRUE(bounded.Apply(*a, revs[i], *deltas).ok());
    ASSERT_TRUE(unbounded.Apply(*b, revs[i], *deltas).ok());
    EXPECT_EQ(Instances(bounded.MakeState(*a)), Instances(unbounded.MakeState(*b)))
        << "at commit " << i;
  }
  // Only what the snapshot holds is left; the reverted blobs were read twice
  // but are counted once, as the unbounded cache counts them.
  EXPECT_EQ(bounded.cache_entries(), a->files.size());
  EXPECT_LT(bounded.cache_entries(), unbounded.cache_entries());
  EXPECT_EQ(bounded.files_read(), unbounded.files_read());
  EXPECT_GT(bounded.bytes_read(), unbounded.bytes_read());
}

// A bundle of CRDs large enough for the parse memo, edited one CRD a commit
// (a field added before the edited CRD moves every later one down), with
// the CRD rules on: the walk reports what checking each commit alone does.
std::string BundleCrd(int n, const std::string& fields) {
  std::string crd = SpiceCrdWith("1." + std::to_string(n) + ".0", fields);
  auto swap = [&crd](const std::string& from, const std::string& to) {
    for (size_t at = crd.find(from); at != std::string::npos; at = crd.find(from, at + to.size())) {
      crd.replace(at, from.size(), to);
    }
  };
  std::string kind = "Gadget" + std::to_string(n);
  std::string lower = "gadget" + std::to_string(n);
  swap("spicepodsets.spice.ai", lower + "s.example.com");
  swap("group: spice.ai", "group: example.com");
  swap("SpicepodSet", kind);
  swap("spicepodsets", lower + "s");
  return "---\n" + crd;
}

std::string Fields(int count, int deprecated) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    std::string name = "field" + std::to_string(i);
    if (i == deprecated) out += "                # Deprecated: use field0\n";
    out += "                " + name + ":\n                  type: string\n" +
           "                  description: \"" + std::string(60, 'x') + "\"\n";
  }
  return out;
}

TEST(ParseCacheEndToEnd, AWalkOverALargeCrdBundleFindsWhatEachCommitAloneFinds) {
  TempRepo repo;
  repo.Write(".skewlint.yaml",
             "version: 1\ncomponents:\n  - name: gadget-crds\n    locators:\n"
             "      - crd: '^example\\.com$'\n"
             "policies:\n"
             "  - rule: deprecated-field-in-use\n    component: gadget-crds\n"
             "  - rule: removed-field-in-use\n    component: gadget-crds\n"
             "  - rule: crd-downgrade\n    component: gadget-crds\n");
  constexpr int kCrds = 12;
  std::vector<int> count(kCrds, 160);
  std::vector<int> deprecated(kCrds, -1);
  auto bundle = [&] {
    std::string out;
    for (int i = 0; i < kCrds; ++i) out += BundleCrd(i, Fields(count[i], deprecated[i]));
    return out;
  };
  repo.Write("crds/bundle.yaml", bundle());
  ASSERT_GT(bundle().size(), size_t{256} << 10);  // the memo's threshold
  for (int i = 0; i < kCrds; ++i) {
    repo.Write("apps/gadget" + std::to_string(i) + ".yaml",
               "apiVersion: example.com/v1\nkind: Gadget" + std::to_string(i) +
                   "\nmetadata:\n  name: g\nspec:\n  field3: a\n  field7: b\n");
  }
  repo.Commit("base");
  repo.Git("checkout -q -b feature");
  std::vector<std::string> commits;
  // Deprecate a used field, add fields (moving the later CRDs down), remove
  // a used field, and downgrade one CRD.
  // deprecated-field-in-use judges the resources a change edits: each
  // deprecation commit also edits the resource that uses the field.
  auto touch = [&](int i) {
    repo.Write("apps/gadget" + std::to_string(i) + ".yaml",
               "apiVersion: example.com/v1\nkind: Gadget" + std::to_string(i) +
                   "\nmetadata:\n  name: g\nspec:\n  field3: a\n  field7: b\n# edited\n");
  };
  deprecated[5] = 3;
  repo.Write("crds/bundle.yaml", bundle());
  touch(5);
  commits.push_back(repo.Commit("deprecate field3 of Gadget5"));
  count[2] += 2;
  repo.Write("crds/bundle.yaml", bundle());
  commits.push_back(repo.Commit("two fields for Gadget2"));
  count[9] = 5;
  repo.Write("crds/bundle.yaml", bundle());
  commits.push_back(repo.Commit("Gadget9 drops field7"));
  deprecated[0] = 7;
  repo.Write("crds/bundle.yaml", bundle());
  touch(0);
  commits.push_back(repo.Commit("deprecate field7 of Gadget0"));
  std::string downgraded = bundle();
  size_t at = downgraded.find("app.kubernetes.io/version: \"1.11.0\"");
  ASSERT_NE(at, std::string::npos);
  downgraded.replace(at, 35, "app.kubernetes.io/version: \"1.10.0\"");
  repo.Write("crds/bundle.yaml", downgraded);
  commits.push_back(repo.Commit("downgrade Gadget11"));

  RunResult walk = RunSkewlint(repo.root(), "check --base main --per-commit --format json", true);
  ASSERT_LE(walk.exit_code, 1) << walk.out;
  std::vector<std::string> walked = FindingsIn(walk.out);
  std::vector<std::string> alone;
  std::string previous = "main";
  for (const auto& commit : commits) {
    RunResult r = RunSkewlint(
        repo.root(), "check --base " + previous + " --head " + commit + " --format json", true);
    for (auto& f : FindingsIn(r.out)) alone.push_back(f);
    previous = commit;
  }
  std::sort(walked.begin(), walked.end());
  std::sort(alone.begin(), alone.end());
  EXPECT_EQ(walked, alone);
  for (const char* expected : {"deprecated-field-in-use apps/gadget5.yaml:6:3",
                               "removed-field-in-use apps/gadget9.yaml:7:3",
                               "deprecated-field-in-use apps/gadget0.yaml:7:3"}) {
    EXPECT_NE(std::find(walked.begin(), walked.end(), expected), walked.end())
        << expected << " in " << ::testing::PrintToString(walked);
  }
}

// A prefetch batch read and parsed on another thread while the builder
// goes on (reads a revision, parses without the lent memo) stores what a
// prefetch made on the builder's thread stores: the same files, judged the
// same once the CRD kinds the batch brought are known, counted once; and
// it gives the bundle's parse memo back.
TEST(PrefetchBatch, StoresWhatAPrefetchStoresWhileTheBuilderWorksOn) {
  TempRepo repo;
  Config config = ConfigFrom(
      "version: 1\npresets: [spire]\ncomponents:\n  - name: gadget-crds\n    locators:\n"
      "      - crd: '^example\\.com$'\n");
  constexpr int kCrds = 12;
  std::vector<int> count(kCrds, 160);
  auto bundle = [&] {
    std::string out;
    for (int i = 0; i < kCrds; ++i) out += BundleCrd(i, Fields(count[i], -1));
    return out;
  };
  auto gadget = [](int i) {
    return "apiVersion: example.com/v1\nkind: Gadget" + std::to_string(i) +
           "\nmetadata:\n  name: g\nspec:\n  field3: a\n";
  };
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6"));
  repo.Write("apps/gadget0.yaml", gadget(0) + "# before its CRD\n");
  std::vector<std::string> revs = {repo.Commit("base")};
  repo.Write("crds/bundle.yaml", bundle());
  repo.Write("apps/gadget1.yaml", gadget(1));
  revs.push_back(repo.Commit("a CRD bundle and a resource of it"));
  count[3] += 2;
  repo.Write("crds/bundle.yaml", bundle());
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.10.0"));
  revs.push_back(repo.Commit("two fields for Gadget3, a new server"));
  count[4] += 1;
  repo.Write("crds/bundle.yaml", bundle());
  revs.push_back(repo.Commit("a field for Gadget4"));
  count[5] += 1;
  repo.Write("crds/bundle.yaml", bundle());
  revs.push_back(repo.Commit("a field for Gadget5"));

  auto opened = OpenRepository(repo.root());
  ASSERT_TRUE(opened.ok());
  Repository& git = **opened;
  StateBuilder here(git, config);
  StateBuilder aside(git, config);
  auto a = here.Read(revs[0]);
  auto b = aside.Read(revs[0]);
  ASSERT_TRUE(a.ok() && b.ok());
  std::vector<std::vector<FileDelta>> diffs;
  std::vector<FileEntry> entries;
  for (size_t i = 1; i < revs.size(); ++i) {
    auto deltas = git.Diff(revs[i - 1], revs[i], here.Filter());
    ASSERT_TRUE(deltas.ok());
    diffs.push_back(*deltas);
    if (i > 2) continue;  // the batch covers the first two steps
    for (const auto& d : *deltas) entries.push_back(FileEntry{d.new_path, d.new_id});
  }
  // The bundle's first version, read whole here, makes its parse memo.
  ASSERT_TRUE(here.Apply(*a, revs[1], diffs[0]).ok());
  ASSERT_TRUE(aside.Apply(*b, revs[1], diffs[0]).ok());
  ASSERT_TRUE(here.Prefetch(*a, revs[2], entries).ok());
  auto batch = aside.BeginPrefetch(revs[2], entries);
  ASSERT_FALSE(batch->jobs.empty());
  std::thread run([&aside, &batch] { aside.RunPrefetch(*batch); });
  // Meanwhile the builder reads a later revision in full, parsing its
  // bundle without the memo the batch holds.
  auto later = aside.Read(revs[3]);
  run.join();
  ASSERT_TRUE(later.ok());
  EXPECT_FALSE(batch->failed);
  EXPECT_GT(aside.EndPrefetch(*b, *batch), size_t{256} << 10);
  ASSERT_TRUE(here.Apply(*a, revs[2], diffs[1]).ok());
  ASSERT_TRUE(aside.Apply(*b, revs[2], diffs[1]).ok());
  EXPECT_EQ(Instances(aside.MakeState(*b)), Instances(here.MakeState(*a)));
  for (const auto& [path, file] : a->files) {
    ASSERT_TRUE(b->files.count(path)) << path;
    EXPECT_EQ(b->files.at(path).facts->relevant, file.facts->relevant) << path;
    EXPECT_EQ(b->files.at(path).signature, file.signature) << path;
  }
  EXPECT_TRUE(b->files.at("apps/gadget0.yaml").facts->relevant);  // its CRD came
  EXPECT_EQ(aside.files_read(), here.files_read() + 1);           // + the bundle Read parsed
  // The documents' content ids tell which parse went through the memo:
  // Gadget0 comes before every edit, so it keeps its id in every version
  // the memo parses. The version Read parsed while the batch held the
  // memo has ids of its own; once the batch is stored, the memo is the
  // builder's again.
  auto bundle_documents = [](const Snapshot& snapshot) {
    return snapshot.files.at("crds/bundle.yaml").facts->documents;
  };
  auto v2 = bundle_documents(*b);
  auto v3 = bundle_documents(*later);
  ASSERT_EQ(v2.size(), size_t{kCrds});
  ASSERT_EQ(v3.size(), size_t{kCrds});
  EXPECT_NE(v3.front().content_id, v2.front().content_id);
  ASSERT_TRUE(aside.Apply(*b, revs[3], diffs[2]).ok());
  ASSERT_TRUE(aside.Apply(*b, revs[4], diffs[3]).ok());
  auto v4 = bundle_documents(*b);
  ASSERT_EQ(v4.size(), size_t{kCrds});
  EXPECT_EQ(v4.front().content_id, v2.front().content_id);
  EXPECT_NE(v4[5].content_id, v2[5].content_id);
}

TEST(PrefetchBatch, ABatchWithABlobThatCannotBeReadStoresNothing) {
  TempRepo repo;
  repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9.6"));
  std::string base = repo.Commit("base");
  auto opened = OpenRepository(repo.root());
  ASSERT_TRUE(opened.ok());
  Config config = PresetConfig("spire");
  StateBuilder builder(**opened, config);
  auto snapshot = builder.Read(base);
  ASSERT_TRUE(snapshot.ok());
  size_t entries = builder.cache_entries();
  size_t read = builder.files_read();
  auto batch = builder.BeginPrefetch(
      base, {FileEntry{"clusters/prod/spire/agent.yaml", std::string(40, 'a')}});
  ASSERT_EQ(batch->jobs.size(), 1u);
  builder.RunPrefetch(*batch);
  EXPECT_TRUE(batch->failed);
  EXPECT_EQ(builder.EndPrefetch(*snapshot, *batch), 0u);
  EXPECT_EQ(builder.cache_entries(), entries);
  EXPECT_EQ(builder.files_read(), read);
}

// The history rules' caches are bounded: between steps, Forget drops the
// past states once more than a handful are held (they are built again, the
// same, when asked again), and keeps them under that bound.
TEST(HistoryCache, ForgetDropsPastStatesOverItsBoundOnly) {
  TempRepo repo;
  repo.Write("clusters/prod/spire/agent.yaml", SpireAgent("1.9.6"));
  std::vector<std::string> revs;
  for (int patch = 0; patch < 20; ++patch) {
    repo.Write("clusters/prod/spire/server.yaml", SpireServer("1.9." + std::to_string(patch)));
    revs.push_back(repo.Commit("server 1.9." + std::to_string(patch)));
  }
  auto opened = OpenRepository(repo.root());
  ASSERT_TRUE(opened.ok());
  Repository& git = **opened;
  Config config = PresetConfig("spire");
  StateBuilder builder(git, config);
  RepositoryHistory history(git, builder);
  std::vector<std::string> first = Instances(*history.StateAt(revs[0]));
  for (size_t i = 1; i < 5; ++i) ASSERT_TRUE(history.StateAt(revs[i]));
  history.Forget();
  EXPECT_EQ(history.cached_states(), 5u) << "five states are under the bound: kept";
  const State* kept = history.StateAt(revs[0]);
  EXPECT_EQ(Instances(*kept), first);
  EXPECT_EQ(history.cached_states(), 5u);
  for (const auto& rev : revs) ASSERT_TRUE(history.StateAt(rev));
  EXPECT_EQ(history.cached_states(), 20u);
  history.Forget();
  EXPECT_EQ(history.cached_states(), 0u) << "twenty states are over the bound: dropped";
  EXPECT_EQ(Instances(*history.StateAt(revs[0])), first) << "and built again, the same";
  EXPECT_EQ(history.cached_states(), 1u);
}

}  // namespace
}  // namespace skewlint::testing
