#ifndef CODERULES_SRC_IMPORT_NCCI_H_
#define CODERULES_SRC_IMPORT_NCCI_H_

// Readers for the NCCI files as CMS publishes them, and for textproto rule sets. Each appends to
// a fresh Staged and fills the report; a non-OK status means the source is unusable as a whole.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "coderules/importers.h"
#include "src/pack/staged.h"

namespace coderules::internal {

// PTP: tab-delimited text (cp1252) with a preamble; the header row starts "Column 1", "Column 2".
absl::Status ImportPtp(absl::string_view contents, bool facility, Staged* out,
                       ImportReport* report);

// MUE: CSV with a quoted preamble; the header names "HCPCS/CPT Code" and "... MUE Values".
absl::Status ImportMue(absl::string_view contents, bool facility, Staged* out,
                       ImportReport* report);

// Add-on codes: CSV export of the workbook (Julian yyyyddd dates, blank = none, CCCCC primaries).
absl::Status ImportAddOn(absl::string_view contents, Staged* out, ImportReport* report);

// A coderules.v1.RuleSet in protobuf text format.
absl::Status ImportRuleSet(absl::string_view contents, Staged* out, ImportReport* report);

}  // namespace coderules::internal

#endif  // CODERULES_SRC_IMPORT_NCCI_H_
