#ifndef CODERULES_SRC_IMPORT_CODE_SETS_H_
#define CODERULES_SRC_IMPORT_CODE_SETS_H_

// Readers for the official code-set files. Each appends to a fresh Staged (texts go to
// Staged::texts), records the period over which the file lists its whole code system in
// Staged::coverage, and fills the report; a non-OK status means the file is unusable as a whole.
// report->file holds the file's base name, which some formats date themselves by.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "coderules/importers.h"
#include "src/pack/staged.h"

namespace coderules::internal {

// ICD-10-CM order file (fixed width): codes, billable/header flag, short and long titles. The
// fiscal year comes from the file name ("icd10cm-order-Jan-2021.txt": FY2021).
absl::Status ImportIcd10CmOrder(absl::string_view contents, Staged* out, ImportReport* report);

// ICD-10-CM tabular list (XML): titles, instructional notes with the codes they cite, and 7th
// character definitions. The fiscal year comes from its <version>.
absl::Status ImportIcd10CmTabular(absl::string_view contents, Staged* out, ImportReport* report);

// MCE validity windows (mce-v43 icd10cm_validity.tsv / icd10pcs_validity.tsv): code,
// effective_from, effective_to_exclusive. CM or PCS is told by the codes.
absl::Status ImportIcd10Validity(absl::string_view contents, Staged* out, ImportReport* report);

// MCE list memberships (mce-v43 code_lists.tsv): list, code_type, mce_flag, code, windows.
absl::Status ImportMceLists(absl::string_view contents, Staged* out, ImportReport* report);

// HCPCS Level II alpha-numeric file (320-character records): procedure codes and Level II
// modifiers with their dates and titles.
absl::Status ImportHcpcs(absl::string_view contents, Staged* out, ImportReport* report);

// MPFS national RVU file (PPRRVU CSV): fee-schedule indicators by code and modifier, for the
// calendar year its name gives ("PPRRVU2025_Oct.csv": 2025).
absl::Status ImportMpfs(absl::string_view contents, Staged* out, ImportReport* report);

}  // namespace coderules::internal

#endif  // CODERULES_SRC_IMPORT_CODE_SETS_H_
