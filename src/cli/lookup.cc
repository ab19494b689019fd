// coderules lookup: what a pack knows about codes, for a person or (--json) a program.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_format.h"
#include "coderules/engine.h"
#include "coderules/lookup.h"
#include "src/cli/args.h"
#include "src/cli/commands.h"
#include "src/internal/date.h"

namespace coderules::cli {

int Lookup(int argc, char** argv) {
  absl::StatusOr<Args> args = ParseArgs(argc, argv, 2, {"pack", "date"}, {"json"});
  const char* env_pack = std::getenv("CODERULES_PACK");
  const std::string pack_path = args.ok() ? args->Last("pack", env_pack ? env_pack : "") : "";
  if (!args.ok() || pack_path.empty() || args->positional.empty()) {
    absl::FPrintF(stderr, "coderules lookup: %s\n",
                  !args.ok()          ? args.status().message()
                  : pack_path.empty() ? "--pack PACK (or CODERULES_PACK) is required"
                                      : "give at least one CODE");
    return 2;
  }
  const std::string date = args->Last("date");
  if (!date.empty() && !internal::ParseIsoDate(date)) {
    absl::FPrintF(stderr, "coderules lookup: --date needs a YYYY-MM-DD date\n");
    return 2;
  }
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Load(pack_path);
  if (!pack.ok()) {
    absl::FPrintF(stderr, "coderules lookup: %s\n", pack.status().message());
    return 1;
  }
  const bool json = args->switches.count("json") > 0;
  int status = 0;
  bool printed = false;
  for (const std::string& code : args->positional) {
    absl::StatusOr<v1::LookupResult> result = LookupCode(**pack, code, date);
    if (!result.ok()) {
      // The argument is the user's own, so naming it here exposes nothing.
      absl::FPrintF(stderr, "coderules lookup: %s: %s\n", code, result.status().message());
      status = 1;
      continue;
    }
    if (json) {
      absl::StatusOr<std::string> text = SerializeWire(WireFormat::kJson, *result);
      if (!text.ok()) {
        absl::FPrintF(stderr, "coderules lookup: %s\n", text.status().message());
        return 1;
      }
      absl::PrintF("%s\n", *text);
    } else {
      absl::PrintF("%s%s", printed ? "\n" : "", FormatLookup(*result));
    }
    printed = true;
  }
  return std::fflush(stdout) == 0 ? status : 1;
}

}  // namespace coderules::cli
