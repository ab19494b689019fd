// coderules diff: what changed from one pack to another, for a person or (--json) a program.
#include "coderules/diff.h"

#include <cstdio>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "coderules/engine.h"
#include "src/cli/args.h"
#include "src/cli/commands.h"
#include "src/internal/date.h"

namespace coderules::cli {

int Diff(int argc, char** argv) {
  absl::StatusOr<Args> args = ParseArgs(argc, argv, 2, {"date", "limit"}, {"json"});
  if (!args.ok() || args->positional.size() != 2) {
    absl::FPrintF(stderr, "coderules diff: %s\n",
                  !args.ok() ? args.status().message() : "give two packs: OLD_PACK NEW_PACK");
    return 2;
  }
  const std::string date = args->Last("date");
  if (!date.empty() && !internal::ParseIsoDate(date)) {
    absl::FPrintF(stderr, "coderules diff: --date needs a YYYY-MM-DD date\n");
    return 2;
  }
  int limit = 0;
  if (const std::string text = args->Last("limit");
      !text.empty() && (!absl::SimpleAtoi(text, &limit) || limit < 0)) {
    absl::FPrintF(stderr, "coderules diff: --limit needs a whole number, 0 for no limit\n");
    return 2;
  }
  absl::StatusOr<std::shared_ptr<const RulePack>> packs[2];
  for (int i = 0; i < 2; ++i) {
    packs[i] = RulePack::Load(args->positional[i]);
    if (!packs[i].ok()) {
      absl::FPrintF(stderr, "coderules diff: %s pack: %s\n", i == 0 ? "old" : "new",
                    packs[i].status().message());
      return 1;
    }
  }
  absl::StatusOr<v1::PackDiff> diff = DiffPacks(**packs[0], **packs[1], date);
  if (!diff.ok()) {
    absl::FPrintF(stderr, "coderules diff: %s\n", diff.status().message());
    return 1;
  }
  if (args->Has("json")) {
    absl::StatusOr<std::string> text = SerializeWire(WireFormat::kJson, *diff);
    if (!text.ok()) {
      absl::FPrintF(stderr, "coderules diff: %s\n", text.status().message());
      return 1;
    }
    absl::PrintF("%s\n", *text);
  } else {
    absl::PrintF("%s", FormatDiff(*diff, limit));
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace coderules::cli
