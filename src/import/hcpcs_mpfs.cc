// HCPCS Level II file and MPFS RVU file. Both are snapshot releases: each speaks for the period
// its name gives, from the named quarter's first day (or January 1) to the end of the year.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "coderules/code.h"
#include "re2/re2.h"
#include "src/import/code_sets.h"
#include "src/import/table_reader.h"
#include "src/internal/status_macros.h"
#include "src/internal/text.h"

namespace coderules::internal {
namespace {

// The release a file's name dates: "HCPC2020_ANWEB.txt" is [2020-01-01, 2021-01-01), version
// "2020"; "HCPC2024_APR_ANWEB.txt" is [2024-04-01, 2025-01-01), version "2024-04".
absl::Status ReleaseFromName(absl::string_view name, absl::string_view example, Staged* out,
                             ImportReport* report) {
  static const LazyRE2 kYear = {R"((?:^|[^0-9])((?:19|20)[0-9][0-9])(?:[^0-9]|$))"};
  static const LazyRE2 kQuarter = {R"((?i)(?:^|[^a-z])(jan|apr|jul|oct)(?:[^a-z]|$))"};
  const std::string file(name);
  int year = 0;
  if (!RE2::PartialMatch(file, *kYear, &year)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name,
                     ": the file name gives no year, which dates the release; keep the name "
                     "CMS publishes, such as ",
                     example));
  }
  std::string quarter;
  int month = 1;
  if (RE2::PartialMatch(file, *kQuarter, &quarter)) {
    const std::string q = absl::AsciiStrToLower(quarter);
    month = q == "jan" ? 1 : q == "apr" ? 4 : q == "jul" ? 7 : 10;
  }
  out->release = StagedRelease{*DayFromCivil(year, month, 1), *DayFromCivil(year + 1, 1, 1)};
  report->version = quarter.empty() ? absl::StrCat(year) : absl::StrFormat("%d-%02d", year, month);
  return absl::OkStatus();
}

// ---- HCPCS: 320-character records, columns 1-based as in the CMS record layout.

// Columns `first` to `first + width - 1` of a line, trimmed; lines may be right-trimmed.
absl::string_view Columns(absl::string_view line, size_t first, size_t width) {
  if (line.size() < first) return {};
  return absl::StripAsciiWhitespace(line.substr(first - 1, width));
}

// A record line carries a sequence number in columns 6-10 and its record id in column 11; the
// disclaimer lines before the records do not.
bool IsRecordLine(absl::string_view line) {
  if (line.size() < 11) return false;
  for (size_t i = 5; i < 11; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(line[i]))) return false;
  }
  return true;
}

// The last column a record's first line must reach: the action code.
constexpr size_t kActionColumn = 293;

// A procedure or modifier record being read: its first line, and its long description as its
// continuation lines extend it.
struct HcpcsRecord {
  bool modifier = false;
  bool rejected = false;  // its continuations belong to a row already rejected
  std::string code_columns;
  ProcedureKey code = 0;
  ModifierKey modifier_key = 0;
  Day effective = 0, end = 0;
  char action = ' ';
  std::string short_title, long_title;
};

absl::Status ParseFirstLine(absl::string_view line, const StagedRelease& release, HcpcsRecord* r) {
  if (line.size() < kActionColumn) {
    return absl::InvalidArgumentError(absl::StrCat("the line has ", line.size(),
                                                   " characters; a record runs to column ",
                                                   kActionColumn, " at least"));
  }
  const absl::string_view code = Columns(line, 1, 5);
  if (r->modifier) {
    const std::optional<ModifierKey> key = PackModifier(code);
    if (!absl::StripAsciiWhitespace(line.substr(0, 3)).empty() || !key) {
      return absl::InvalidArgumentError(absl::StrCat(
          "modifier '", line.substr(0, 5), "' is not two letters or digits in columns 4-5"));
    }
    r->modifier_key = *key;
  } else {
    const std::optional<ProcedureKey> key = PackProcedureCode(code);
    if (!key || !absl::ascii_isupper(static_cast<unsigned char>(code[0]))) {
      return absl::InvalidArgumentError(
          absl::StrCat("code '", code, "' is not a HCPCS Level II code (a letter, four digits)"));
    }
    r->code = *key;
  }
  auto date = [&](absl::string_view what, size_t column, Day blank) -> absl::StatusOr<Day> {
    const absl::string_view text = Columns(line, column, 8);
    if (text.empty()) return blank;
    const std::optional<Day> day = ParseCompactDate(text);
    if (!day) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " '", text, "' is not a date (YYYYMMDD)"));
    }
    return *day;
  };
  CODERULES_ASSIGN_OR_RETURN(const Day added, date("add date", 269, release.effective));
  CODERULES_ASSIGN_OR_RETURN(const Day terminated, date("termination date", 285, kForever));
  if (terminated < added) {
    return absl::InvalidArgumentError(absl::StrCat("termination date ", FormatIsoDate(terminated),
                                                   " is before the add date ",
                                                   FormatIsoDate(added)));
  }
  r->effective = added;
  // The termination date is the last day the code is valid.
  r->end = std::min(terminated == kForever ? kForever : terminated + 1, release.end);
  if (r->end <= r->effective) {
    return absl::InvalidArgumentError(absl::StrCat("add date ", FormatIsoDate(added),
                                                   " is after the release's period, which ends ",
                                                   FormatIsoDate(release.end - 1)));
  }
  r->action = line[kActionColumn - 1];
  if (!absl::ascii_isupper(static_cast<unsigned char>(r->action))) {
    return absl::InvalidArgumentError(
        absl::StrCat("action code '", line.substr(kActionColumn - 1, 1), "' is not a letter"));
  }
  r->long_title = ToUtf8(Columns(line, 12, 80));
  r->short_title = ToUtf8(Columns(line, 92, 28));
  return absl::OkStatus();
}

// ---- MPFS: the PPRRVU CSV.

constexpr absl::string_view kGlobalDays[] = {"000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"};

// The columns read.
enum MpfsColumn {
  kCode,
  kModifier,
  kStatus,
  kPcTc,
  kGlobal,
  kMultiple,
  kBilateral,
  kAssistant,
  kCoSurgeon,
  kTeam,
  kMpfsColumns
};
// Each column's name in the header (normalised, the header's rows joined) and in reasons.
constexpr struct {
  absl::string_view header, meaning;
} kMpfsNames[kMpfsColumns] = {{"hcpcs", "code"},
                              {"mod", "modifier"},
                              {"status code", "status code"},
                              {"pctc ind", "PC/TC indicator"},
                              {"glob days", "global days"},
                              {"mult proc", "multiple procedure indicator"},
                              {"bilat surg", "bilateral surgery indicator"},
                              {"asst surg", "assistant at surgery indicator"},
                              {"co surg", "co-surgeon indicator"},
                              {"team surg", "team surgery indicator"}};

absl::StatusOr<uint8_t> Digit(MpfsColumn column, absl::string_view text) {
  if (text.size() != 1 || !absl::ascii_isdigit(static_cast<unsigned char>(text[0]))) {
    return absl::InvalidArgumentError(
        absl::StrCat(kMpfsNames[column].meaning, " '", text, "' is not a digit"));
  }
  return static_cast<uint8_t>(text[0] - '0');
}

absl::StatusOr<StagedFeeSchedule> MakeFeeSchedule(const std::vector<std::string>& f,
                                                  const int (&column)[kMpfsColumns],
                                                  const StagedRelease& release) {
  StagedFeeSchedule row{};
  const std::optional<ProcedureKey> code = PackProcedureCode(f[column[kCode]]);
  if (!code) {
    return absl::InvalidArgumentError(
        absl::StrCat("code '", f[column[kCode]], "' is not a CPT or HCPCS code"));
  }
  row.code = *code;
  row.modifier = kNoModifier;
  if (const std::string& m = f[column[kModifier]]; !m.empty()) {
    const std::optional<ModifierKey> modifier = PackModifier(m);
    if (!modifier) {
      return absl::InvalidArgumentError(
          absl::StrCat("modifier '", m, "' is not two letters or digits"));
    }
    row.modifier = *modifier;
  }
  row.effective = release.effective;
  row.end = release.end;
  const std::string& status = f[column[kStatus]];
  if (status.size() != 1 || !absl::ascii_isupper(static_cast<unsigned char>(status[0]))) {
    return absl::InvalidArgumentError(absl::StrCat("status code '", status, "' is not a letter"));
  }
  row.status = status[0];
  const std::string& global = f[column[kGlobal]];
  if (std::find(std::begin(kGlobalDays), std::end(kGlobalDays), global) == std::end(kGlobalDays)) {
    return absl::InvalidArgumentError(absl::StrCat("global days '", global, "' is not one of ",
                                                   absl::StrJoin(kGlobalDays, ", ")));
  }
  std::copy(global.begin(), global.end(), row.global_days);
  for (auto [target, c] :
       {std::pair{&row.pc_tc, kPcTc}, std::pair{&row.multiple_procedure, kMultiple},
        std::pair{&row.bilateral, kBilateral}, std::pair{&row.assistant, kAssistant},
        std::pair{&row.co_surgeon, kCoSurgeon}, std::pair{&row.team, kTeam}}) {
    CODERULES_ASSIGN_OR_RETURN(*target, Digit(c, f[column[c]]));
  }
  return row;
}

}  // namespace

absl::Status ImportHcpcs(absl::string_view contents, Staged* out, ImportReport* report) {
  CODERULES_RETURN_IF_ERROR(
      ReleaseFromName(report->file, "HCPC2020_ANWEB.txt or HCPC2024_APR_ANWEB.txt", out, report));
  const StagedRelease release = *out->release;
  Interner texts(&out->texts);
  std::optional<HcpcsRecord> open;
  auto close = [&] {
    if (!open || open->rejected) return;
    AcceptRow(report);
    if (open->modifier) {
      out->modifiers.push_back(
          {open->modifier_key, open->effective, open->end, texts.InternOrNone(open->long_title)});
    } else {
      out->hcpcs.push_back({open->code, open->effective, open->end,
                            texts.InternOrNone(open->short_title),
                            texts.InternOrNone(open->long_title), open->action});
    }
  };
  bool records = false;
  int64_t number = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++number;
    if (absl::EndsWith(line, "\r")) line.remove_suffix(1);
    if (!IsRecordLine(line)) {
      // Before the first record: the disclaimer.
      if (records && !absl::StripAsciiWhitespace(line).empty()) {
        RejectRow(report, number,
                  "not a HCPCS record (no sequence number and record id in columns 6-11)");
      }
      continue;
    }
    records = true;
    const char id = line[10];
    if (id == '3' || id == '7') {
      close();
      open.emplace();
      open->modifier = id == '7';
      open->code_columns = std::string(line.substr(0, 5));
      if (absl::Status status = ParseFirstLine(line, release, &*open); !status.ok()) {
        open->rejected = true;
        RejectRow(report, number, status.message());
      }
    } else if (id == '4' || id == '8') {
      if (!open || open->modifier != (id == '8') || open->code_columns != line.substr(0, 5)) {
        RejectRow(report, number,
                  absl::StrCat("continuation line (record id ", line.substr(10, 1), ") of '",
                               absl::StripAsciiWhitespace(line.substr(0, 5)),
                               "' without its first line (record id ", id == '4' ? "3" : "7", ")"));
        continue;
      }
      const std::string more = ToUtf8(Columns(line, 12, 80));
      if (!more.empty()) {
        absl::StrAppend(&open->long_title, open->long_title.empty() ? "" : " ", more);
      }
    } else {
      RejectRow(report, number,
                absl::StrCat("record id '", line.substr(10, 1), "' is not 3, 4, 7 or 8"));
    }
  }
  close();
  if (!records) {
    return absl::InvalidArgumentError(absl::StrCat(report->file,
                                                   ": no HCPCS records (a code in columns 1-5, a "
                                                   "sequence number in 6-10, a record id in 11)"));
  }
  // The file lists every Level II code and modifier of its period; the CPT modifiers come from
  // the shipped catalogue.
  out->coverage.push_back({CodeSystem::kHcpcs, release.effective, release.end});
  out->coverage.push_back({CodeSystem::kModifier, release.effective, release.end});
  return absl::OkStatus();
}

absl::Status ImportMpfs(absl::string_view contents, Staged* out, ImportReport* report) {
  CODERULES_RETURN_IF_ERROR(ReleaseFromName(report->file, "PPRRVU2025_Oct.csv", out, report));
  const StagedRelease release = *out->release;
  RecordReader reader(contents, RecordReader::Format::kCsv);
  std::vector<std::string> fields;
  int64_t line = 0;
  // The published header wraps each name over several rows ("PCTC" above "IND") and ends with the
  // row that starts "HCPCS,MOD": a column's name is what the rows up to that one hold in it.
  std::vector<std::string> names;
  bool found = false;
  while (!found && reader.Next(&fields, &line)) {
    if (names.size() < fields.size()) names.resize(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) absl::StrAppend(&names[i], " ", fields[i]);
    bool code = false, modifier = false;
    for (const std::string& field : fields) {
      const std::string name = NormalizeHeader(field);
      code = code || name == "hcpcs";
      modifier = modifier || name == "mod";
    }
    found = code && modifier;
  }
  if (!found) {
    return absl::InvalidArgumentError(
        absl::StrCat(report->file, ": no header row found (expected a row with HCPCS, MOD, ...)"));
  }
  const int64_t header_line = line;
  for (std::string& name : names) name = NormalizeHeader(name);
  int column[kMpfsColumns];
  size_t width = 0;
  for (int c = 0; c < kMpfsColumns; ++c) {
    column[c] = -1;
    for (size_t i = 0; i < names.size() && column[c] < 0; ++i) {
      const absl::string_view want = kMpfsNames[c].header;
      if (names[i] == want || absl::EndsWith(names[i], absl::StrCat(" ", want))) {
        column[c] = static_cast<int>(i);
      }
    }
    if (column[c] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(report->file, ": line ", header_line, ": the header has no '",
                       absl::AsciiStrToUpper(kMpfsNames[c].header), "' column"));
    }
    width = std::max(width, static_cast<size_t>(column[c]) + 1);
  }
  absl::flat_hash_map<std::pair<uint32_t, uint16_t>, int64_t> first_line;
  while (reader.Next(&fields, &line)) {
    if (IsBlankRecord(fields)) continue;
    absl::StatusOr<StagedFeeSchedule> row =
        absl::InvalidArgumentError(absl::StrCat("only ", fields.size(), " fields"));
    if (fields.size() >= width) row = MakeFeeSchedule(fields, column, release);
    if (row.ok()) {
      // A file lists each code and modifier once; a second row would leave them ambiguous.
      auto [it, inserted] = first_line.try_emplace(std::pair{row->code, row->modifier}, line);
      if (!inserted) {
        row = absl::InvalidArgumentError(
            absl::StrCat("code ", ProcedureCodeText(row->code),
                         row->modifier == kNoModifier
                             ? ""
                             : absl::StrCat(" with modifier ", ModifierText(row->modifier)),
                         " is listed again (first on line ", it->second, ")"));
      }
    }
    if (!row.ok()) {
      RejectRow(report, line, row.status().message());
      continue;
    }
    AcceptRow(report);
    out->fee_schedule.push_back(*row);
  }
  if (reader.error()) {
    RejectRow(report, line, "a quoted field is not closed before the end of the file");
  }
  return absl::OkStatus();
}

}  // namespace coderules::internal
