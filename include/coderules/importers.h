#ifndef CODERULES_INCLUDE_CODERULES_IMPORTERS_H_
#define CODERULES_INCLUDE_CODERULES_IMPORTERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace coderules {

// The kinds of rule source `PackBuilder` reads; each matches a `coderules compile` flag.
enum class SourceKind {
  kRules,            // textproto coderules.v1.RuleSet (positional arguments)
  kPtpPractitioner,  // --ptp-practitioner: NCCI PTP practitioner file (tab-delimited text)
  kPtpFacility,      // --ptp-facility: NCCI PTP outpatient-hospital file
  kMuePractitioner,  // --mue-practitioner: NCCI MUE practitioner file (CSV)
  kMueFacility,      // --mue-facility: NCCI MUE outpatient-hospital file (CSV)
  kAddOn,            // --aoc: NCCI add-on code edits (the .xlsx workbook or its CSV export)
  kIcd10CmOrder,     // --icd10cm-order: ICD-10-CM order file (fixed width)
  kIcd10CmTabular,   // --icd10cm-tabular: ICD-10-CM tabular list (XML)
  kIcd10Validity,    // --icd10-validity: ICD-10-CM or -PCS validity windows (MCE, TSV)
  kMceLists,         // --mce-lists: MCE list memberships (code_lists.tsv)
  kHcpcs,            // --hcpcs: HCPCS Level II alpha-numeric file (320-character records)
  kMpfs,             // --mpfs: MPFS national RVU file (PPRRVU CSV)
  kDetect,           // a file given without a flag: its kind is told from its content
};

// The compile flag name of a kind ("ptp-practitioner"; "rules" for textproto).
absl::string_view SourceKindName(SourceKind kind);

struct RejectedRow {
  int64_t line = 0;  // 1-based line in the file
  std::string reason;
};

// What one import read. Every data row is either accepted or rejected with its line and reason;
// none is dropped silently.
struct ImportReport {
  std::string file;  // base name
  SourceKind kind = SourceKind::kRules;
  std::string version;  // the source's version, taken from the file name when it carries one
  int64_t rows_read = 0;
  int64_t rows_accepted = 0;
  int64_t rows_rejected = 0;
  std::vector<RejectedRow> rejected;
};

}  // namespace coderules

#endif  // CODERULES_INCLUDE_CODERULES_IMPORTERS_H_
