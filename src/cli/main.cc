// The coderules command.
#include <cstdio>
#include <cstring>

#include "src/cli/commands.h"

namespace {

constexpr char kUsage[] =
    "usage: coderules COMMAND [options]\n"
    "\n"
    "  compile --out PACK [--pack-version V] [--strict] [sources]\n"
    "      Compile rule sources into one pack. Each flag is repeatable:\n"
    "      --ptp-practitioner FILE, --ptp-facility FILE, --mue-practitioner FILE,\n"
    "      --mue-facility FILE, --aoc FILE (.xlsx or CSV), --icd10cm-order FILE,\n"
    "      --icd10cm-tabular FILE, --icd10-validity FILE|DIR, --mce-lists FILE|DIR,\n"
    "      --hcpcs FILE, --mpfs FILE. Files given without a flag (textproto rule sets,\n"
    "      and published files whose content says what they are) are recognised.\n"
    "  check --pack PACK [--history FILE] [--max-lines N] [FILE|-]...\n"
    "      Check claims: JSONL in (one coderules.v1.Claim per line, proto3 JSON),\n"
    "      JSONL out (one coderules.v1.CheckResult per claim, same order).\n"
    "  lookup --pack PACK [--date D] [--json] CODE...\n"
    "      What the pack knows about each code (ICD-10-CM with or without its dot,\n"
    "      ICD-10-PCS, CPT, HCPCS, modifier, place of service): validity windows,\n"
    "      titles, 7th characters, notes, fee-schedule indicators, NCCI edits naming it.\n"
    "      --date says whether it is valid that day; --json: one coderules.v1.LookupResult.\n"
    "  diff [--date D] [--limit N] [--json] OLD_PACK NEW_PACK\n"
    "      What changed from one pack to another: NCCI PTP, MUE and add-on edits added,\n"
    "      deleted or changed, and codes added or deleted; a summary, then the lists\n"
    "      (--limit: at most N entries each); --json: one coderules.v1.PackDiff.\n"
    "      --date compares what is in effect on D in each pack.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "help") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (std::strcmp(argv[1], "compile") == 0) return coderules::cli::Compile(argc, argv);
  if (std::strcmp(argv[1], "check") == 0) return coderules::cli::Check(argc, argv);
  if (std::strcmp(argv[1], "lookup") == 0) return coderules::cli::Lookup(argc, argv);
  if (std::strcmp(argv[1], "diff") == 0) return coderules::cli::Diff(argc, argv);
  std::fprintf(stderr, "coderules: unknown command '%s'\n\n%s", argv[1], kUsage);
  return 2;
}
