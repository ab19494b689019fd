// Published files and rule sets: the first byte picks the importer, the rest is the file. Imports
// may reject rows or the whole file; what they accept must build a pack that loads.
#include <cstdlib>
#include <utility>

#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > kMaxFuzzInput) return 0;
  // The name matters to the formats dated by their file names.
  static constexpr std::pair<coderules::SourceKind, const char*> kKinds[] = {
      {coderules::SourceKind::kRules, "fuzz.textproto"},
      {coderules::SourceKind::kPtpPractitioner, "ccipra-v321r0-f1.txt"},
      {coderules::SourceKind::kPtpFacility, "ccioph-v321r0-f1.txt"},
      {coderules::SourceKind::kMuePractitioner, "MCR_MUE_PractitionerServices.csv"},
      {coderules::SourceKind::kMueFacility, "MCR_MUE_OutpatientHospitalServices.csv"},
      {coderules::SourceKind::kAddOn, "AOC_V2025Q4-MCR.csv"},
      {coderules::SourceKind::kIcd10CmOrder, "icd10cm_order_2025.txt"},
      {coderules::SourceKind::kIcd10CmTabular, "icd10cm_tabular_2025.xml"},
      {coderules::SourceKind::kIcd10Validity, "icd10cm_validity.tsv"},
      {coderules::SourceKind::kMceLists, "code_lists.tsv"},
      {coderules::SourceKind::kHcpcs, "HCPC2025_OCT_ANWEB.txt"},
      {coderules::SourceKind::kMpfs, "PPRRVU2025_Oct.csv"},
      {coderules::SourceKind::kDetect, "unknown.txt"},
  };
  const auto& [kind, name] = kKinds[data[0] % (sizeof(kKinds) / sizeof(kKinds[0]))];
  coderules::PackBuilder builder("fuzz");
  auto report = builder.AddContents(
      kind, name, absl::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (report.ok() && report->rows_read != report->rows_accepted + report->rows_rejected) {
    std::abort();
  }
  auto bytes = std::move(builder).Build();
  if (!bytes.ok()) return 0;
  if (!coderules::RulePack::FromBytes(*bytes).ok()) std::abort();
  return 0;
}
