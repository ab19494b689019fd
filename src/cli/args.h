#ifndef CODERULES_SRC_CLI_ARGS_H_
#define CODERULES_SRC_CLI_ARGS_H_

// Command-line parsing for the subcommands. absl flags are process-wide and keep only the last
// value of a repeated flag, while `compile` takes each source flag many times; so each command
// declares its options here.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace coderules::cli {

struct Args {
  std::map<std::string, std::vector<std::string>> values;  // --name VALUE, in order given
  std::set<std::string> switches;                          // --name
  std::vector<std::string> positional;

  bool Has(const std::string& name) const { return switches.count(name) > 0; }
  // The last value of an option, or `fallback`.
  std::string Last(const std::string& name, const std::string& fallback = "") const;
  const std::vector<std::string>& All(const std::string& name) const;
};

// Parses argv[first..]: "--name VALUE" and "--name=VALUE" for names in `with_value`, "--name" for
// names in `switches`; anything else starting with "--" is an error; "-" is positional.
absl::StatusOr<Args> ParseArgs(int argc, char** argv, int first,
                               const std::set<std::string>& with_value,
                               const std::set<std::string>& switches);

}  // namespace coderules::cli

#endif  // CODERULES_SRC_CLI_ARGS_H_
