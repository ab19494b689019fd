#include "src/cli/args.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace coderules::cli {

std::string Args::Last(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() ? fallback : it->second.back();
}

const std::vector<std::string>& Args::All(const std::string& name) const {
  static const std::vector<std::string> kNone;
  auto it = values.find(name);
  return it == values.end() ? kNone : it->second;
}

absl::StatusOr<Args> ParseArgs(int argc, char** argv, int first,
                               const std::set<std::string>& with_value,
                               const std::set<std::string>& switches) {
  Args args;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (!absl::StartsWith(arg, "--")) {
      args.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      for (++i; i < argc; ++i) args.positional.push_back(argv[i]);
      break;
    }
    std::string name = arg.substr(2);
    std::string value;
    const size_t eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (switches.count(name) > 0 && !inline_value) {
      args.switches.insert(name);
    } else if (with_value.count(name) > 0) {
      if (!inline_value) {
        if (i + 1 >= argc)
          return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
        value = argv[++i];
      }
      args.values[name].push_back(value);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown option --", name));
    }
  }
  return args;
}

}  // namespace coderules::cli
