// Files extracted from the CMS Medicare Code Editor: ICD-10 validity windows and list memberships.
#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "coderules/code.h"
#include "src/import/code_sets.h"
#include "src/import/table_reader.h"
#include "src/internal/status_macros.h"

namespace coderules::internal {
namespace {

// Reads a TSV whose first row is `header` (exactly); hands each data row to `row`, which returns
// the reject reason or OK.
template <typename Row>
absl::Status ReadTsv(absl::string_view contents, const std::vector<std::string>& header, Row row,
                     ImportReport* report) {
  RecordReader reader(contents, RecordReader::Format::kTab);
  std::vector<std::string> fields;
  int64_t line = 0;
  if (!reader.Next(&fields, &line) || fields != header) {
    return absl::InvalidArgumentError(absl::StrCat(
        report->file, ": the first line is not the header '", absl::StrJoin(header, "\\t"), "'"));
  }
  while (reader.Next(&fields, &line)) {
    if (IsBlankRecord(fields)) continue;
    absl::Status status = fields.size() == header.size()
                              ? row(fields)
                              : absl::InvalidArgumentError(absl::StrCat(
                                    fields.size(), " fields, expected ", header.size()));
    if (status.ok()) {
      AcceptRow(report);
    } else {
      RejectRow(report, line, status.message());
    }
  }
  return absl::OkStatus();
}

absl::Status Window(const std::string& from, const std::string& to, Day* effective, Day* end) {
  const std::optional<Day> e = ParseIsoDate(from);
  if (!e)
    return absl::InvalidArgumentError(absl::StrCat("effective_from '", from, "' is not a date"));
  const std::optional<Day> x = to.empty() ? std::optional<Day>(kForever) : ParseIsoDate(to);
  if (!x)
    return absl::InvalidArgumentError(
        absl::StrCat("effective_to_exclusive '", to, "' is not a date"));
  if (*x <= *e) return absl::InvalidArgumentError("the window ends before it starts");
  *effective = *e;
  *end = *x;
  return absl::OkStatus();
}

// The October 1 that ends the fiscal year containing `day`.
Day FiscalYearEnd(Day day) {
  const std::string iso = FormatIsoDate(day);
  const int year = std::stoi(iso.substr(0, 4));
  const int month = std::stoi(iso.substr(5, 2));
  return *DayFromCivil(month >= 10 ? year + 1 : year, 10, 1);
}

}  // namespace

absl::Status ImportIcd10Validity(absl::string_view contents, Staged* out, ImportReport* report) {
  // Only CM codes are shorter than 7 characters; only PCS codes start with a digit. The side with
  // more such codes wins, so that a stray row is one rejected row rather than a misread file.
  int64_t codes = 0, only_cm = 0, only_pcs = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    const absl::string_view code = absl::StripAsciiWhitespace(line.substr(0, line.find('\t')));
    if (code.empty() || code == "code") continue;
    ++codes;
    if (code.size() != 7) {
      ++only_cm;
    } else if (absl::ascii_isdigit(code[0])) {
      ++only_pcs;
    }
  }
  if (codes > 0 && only_cm == only_pcs) {
    return absl::InvalidArgumentError(absl::StrCat(
        report->file,
        ": cannot tell whether it lists ICD-10-CM or ICD-10-PCS codes: codes shorter than 7 "
        "characters (ICD-10-CM only) must outnumber codes starting with a digit (ICD-10-PCS "
        "only), or the reverse"));
  }
  const bool cm = only_cm > only_pcs;
  std::vector<StagedIcdValidity>& rows = cm ? out->icd10cm_validity : out->icd10pcs_validity;
  Day first = kForever, last = kBeginning;
  const absl::Status status = ReadTsv(
      contents, {"code", "effective_from", "effective_to_exclusive"},
      [&](const std::vector<std::string>& f) -> absl::Status {
        const std::optional<IcdKey> code = cm ? PackIcd10Cm(f[0]) : PackIcd10Pcs(f[0]);
        if (!code || f[0].find('.') != std::string::npos) {
          return absl::InvalidArgumentError(
              absl::StrCat("'", f[0], "' is not an ICD-10-", cm ? "CM" : "PCS", " code"));
        }
        StagedIcdValidity row{*code, 0, 0, true};
        CODERULES_RETURN_IF_ERROR(Window(f[1], f[2], &row.effective, &row.end));
        first = std::min(first, row.effective);
        last = std::max(last, row.effective);
        rows.push_back(row);
        return absl::OkStatus();
      },
      report);
  if (!status.ok()) return status;
  if (first != kForever) {
    // The file lists every code of every fiscal year from its first window to the one holding
    // its latest change.
    out->coverage.push_back(
        {cm ? CodeSystem::kIcd10Cm : CodeSystem::kIcd10Pcs, first, FiscalYearEnd(last)});
  }
  return absl::OkStatus();
}

absl::Status ImportMceLists(absl::string_view contents, Staged* out, ImportReport* report) {
  Interner names(&out->texts);
  return ReadTsv(
      contents,
      {"list", "code_type", "mce_flag", "code", "effective_from", "effective_to_exclusive"},
      [&](const std::vector<std::string>& f) -> absl::Status {
        const bool dx = f[1] == "DX";
        if (!dx && f[1] != "PX") {
          return absl::InvalidArgumentError(absl::StrCat("code_type '", f[1], "' is not DX or PX"));
        }
        if (f[0].empty()) return absl::InvalidArgumentError("the list name is empty");
        const std::optional<IcdKey> code = dx ? PackIcd10Cm(f[3]) : PackIcd10Pcs(f[3]);
        if (!code) {
          return absl::InvalidArgumentError(
              absl::StrCat("'", f[3], "' is not an ICD-10-", dx ? "CM" : "PCS", " code"));
        }
        StagedListMembership row{*code, 0, 0, 0};
        CODERULES_RETURN_IF_ERROR(Window(f[4], f[5], &row.effective, &row.end));
        row.list = names.Intern(f[0]);
        (dx ? out->icd10cm_lists : out->icd10pcs_lists).push_back(row);
        return absl::OkStatus();
      },
      report);
}

}  // namespace coderules::internal
