#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "linter/location.h"
#include "linter/repository.h"

namespace skewlint {

/// The commit of `commits` that last changed each line of `where` (blame
/// from `head` back to `base`), keyed by (path, line). Lines no commit of
/// `commits` changed, or that blame cannot tell (a shallow clone), are left
/// out: the caller falls back to the commit that last changed the file.
std::map<std::pair<std::string, int>, std::string> LineOwners(Repository& repository,
                                                              const std::string& head,
                                                              const std::string& base,
                                                              const std::set<std::string>& commits,
                                                              const std::vector<Location>& where);

}  // namespace skewlint
