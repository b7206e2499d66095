// The fast "certainly parses" check against ParseYaml: CertainlyParses may
// answer false on anything, but when it answers true ParseYaml must read the
// text without a problem. And ParseYaml, which builds the documents of a
// simple subset itself (yaml_fastparse.h), must give node for node what
// yaml-cpp gives (ParseYamlWithYamlCpp) on every text. The first input byte picks the limits
// (default, or small ones so the depth, node and document bounds are exercised too).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "linter/yaml_fastcheck.h"
#include "linter/yaml_tree.h"
#include "tests/yaml_problems.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skewlint;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  YamlLimits limits;
  if (!input.empty() && static_cast<unsigned char>(input[0]) >= 0xF0) {
    unsigned pick = static_cast<unsigned char>(input[0]) & 0x0F;
    limits.max_depth = 2 + pick % 6;
    limits.max_documents = 1 + pick % 4;
    limits.max_nodes = 5 + pick * 3;
    input.remove_prefix(1);
  }
  ParsedYaml parsed = ParseYaml(input, limits);
  std::string fast = DescribeParse(parsed);
  std::string slow = DescribeParse(ParseYamlWithYamlCpp(input, limits));
  FUZZ_CHECK(fast == slow, "ParseYaml's own tree differs from yaml-cpp's:\n" + fast + "----\n" +
                               slow + "----\n" + std::string(input));
  if (!CertainlyParses(input, limits)) return 0;
  std::string problems;
  for (const YamlProblem& problem : parsed.problems) {
    problems += skewlint::fuzz::Where(problem.line, problem.column) + ": " + problem.message + "\n";
  }
  FUZZ_CHECK(parsed.problems.empty(), "CertainlyParses accepted a text ParseYaml rejects:\n" +
                                          problems + "----\n" + std::string(input));
  return 0;
}
