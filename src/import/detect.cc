#include "src/import/detect.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace coderules::internal {

absl::StatusOr<SourceKind> DetectSourceKind(absl::string_view name, absl::string_view contents) {
  // The first 64 KiB hold every header these formats have.
  const absl::string_view head = contents.substr(0, 64 * 1024);
  const re2::StringPiece head_piece(head.data(), head.size());
  static const LazyRE2 kOrderRecord = {R"((?m)^\d{5} [A-Z][0-9A-Z]{2}[0-9A-Z ]{4} [01] )"};
  static const LazyRE2 kHcpcsRecord = {R"((?m)^[A-Z][0-9]{4}[0-9]{5}3)"};
  if (absl::StartsWith(contents, "PK\x03\x04")) return SourceKind::kAddOn;  // the AOC workbook
  if (absl::StrContains(head, "<ICD10CM.tabular")) return SourceKind::kIcd10CmTabular;
  if (absl::StartsWith(head, "code\teffective_from\teffective_to_exclusive")) {
    return SourceKind::kIcd10Validity;
  }
  if (absl::StartsWith(head, "list\tcode_type\tmce_flag\tcode\t")) return SourceKind::kMceLists;
  if (absl::StrContains(head, "Practitioner Services MUE Values")) {
    return SourceKind::kMuePractitioner;
  }
  if (absl::StrContains(head, "Outpatient Hospital Services MUE Values")) {
    return SourceKind::kMueFacility;
  }
  if (absl::StrContains(head, "Add-on Code") || absl::StrContains(head, "Add On Code")) {
    return SourceKind::kAddOn;
  }
  if (absl::StrContains(head, "HCPCS,MOD,DESCRIPTION")) return SourceKind::kMpfs;
  if (RE2::PartialMatch(head_piece, *kOrderRecord)) return SourceKind::kIcd10CmOrder;
  if (RE2::PartialMatch(head_piece, *kHcpcsRecord)) return SourceKind::kHcpcs;
  if (absl::StrContains(head, "Column 1\tColumn 2")) {
    return absl::InvalidArgumentError(
        absl::StrCat(name,
                     ": an NCCI PTP file; say which table with --ptp-practitioner or "
                     "--ptp-facility"));
  }
  // Anything else must be a textproto rule set; its parser reports what is wrong with it.
  return SourceKind::kRules;
}

}  // namespace coderules::internal
